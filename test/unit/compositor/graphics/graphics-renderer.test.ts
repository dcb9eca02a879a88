import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GraphicsRenderer, type PlaneRequest } from '../../../../src-main/compositor/graphics/graphics-renderer';
import { ClosedError } from '../../../../src-main/api/errors';
import type { GraphicsLayer } from '../../../../src-main/compositor/compositor-schema';
import { waitFor } from '../../../fixtures/wait-for';
import { countPixels, inkBox, layer, maxDifference, pixel, recordingLogger, type RecordedLog } from './helpers';

const W = 1920;
const H = 1080;
let dir: string;
let records: RecordedLog[];
let renderer: GraphicsRenderer;
const assets = new Map<string, string>();

function request(layers: GraphicsLayer[], extra: Partial<PlaneRequest> = {}): PlaneRequest {
  return { width: W, height: H, layers, assetPath: (id) => assets.get(id) ?? null, now: new Date('2026-01-02T10:20:30.250Z'), ...extra };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-graphics-'));
  // Left half red, right half blue, 400×200: shows where fit puts which part.
  const halves = await sharp({ create: { width: 400, height: 200, channels: 3, background: '#0000ff' } })
    .composite([{ input: { create: { width: 200, height: 200, channels: 3, background: '#ff0000' } }, left: 0, top: 0 }])
    .png()
    .toBuffer();
  fs.writeFileSync(path.join(dir, 'halves.png'), halves);
  assets.set('halves', path.join(dir, 'halves.png'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
beforeEach(() => {
  records = [];
  renderer = GraphicsRenderer.create({ logger: recordingLogger(records) });
});

describe('GraphicsRenderer planes', () => {
  it('draws a colour layer inside its box, with its colour and alpha, and nothing outside', async () => {
    const { rgba } = await renderer.render(request([layer('c', { kind: 'color', x: 100, y: 200, width: 300, height: 150, color: '#11223380' })]));
    expect(rgba.length).toBe(W * H * 4);
    expect(pixel(rgba, W, 100, 200)).toEqual([0x11, 0x22, 0x33, 0x80]);
    expect(pixel(rgba, W, 399, 349)).toEqual([0x11, 0x22, 0x33, 0x80]);
    expect(pixel(rgba, W, 99, 200)[3]).toBe(0);
    expect(pixel(rgba, W, 400, 200)[3]).toBe(0);
    expect(pixel(rgba, W, 100, 350)[3]).toBe(0);
    expect(inkBox(rgba, W, H)).toEqual({ left: 100, top: 200, right: 399, bottom: 349 });
  });

  it('composites layers bottom first (straight alpha out)', async () => {
    const { rgba } = await renderer.render(
      request([
        layer('under', { kind: 'color', x: 0, y: 0, width: 200, height: 200, color: '#0000ff' }),
        layer('over', { kind: 'color', x: 100, y: 100, width: 200, height: 200, color: '#ff000080' }),
      ]),
    );
    expect(pixel(rgba, W, 50, 50)).toEqual([0, 0, 255, 255]);
    const [r, g, b, a] = pixel(rgba, W, 150, 150);
    expect(a).toBe(255);
    expect(r).toBeGreaterThan(120);
    expect(r).toBeLessThan(135);
    expect(b).toBeGreaterThan(120);
    expect(b).toBeLessThan(135);
    expect(g).toBe(0);
    expect(pixel(rgba, W, 250, 250)).toEqual([255, 0, 0, 128]);
  });

  it('opacity 0.5 halves the alpha; invisible and opacity-0 layers draw (and render) nothing', async () => {
    const { rgba } = await renderer.render(
      request([
        layer('half', { kind: 'color', x: 0, y: 0, width: 100, height: 100, color: '#00ff00', opacity: 0.5 }),
        layer('hidden', { kind: 'color', x: 200, y: 0, width: 100, height: 100, color: '#00ff00', visible: false }),
        layer('zero', { kind: 'text', x: 400, y: 0, width: 100, height: 100, text: 'x', opacity: 0 }),
      ]),
    );
    const [, g, , a] = pixel(rgba, W, 50, 50);
    expect(g).toBe(255);
    expect(a).toBeGreaterThanOrEqual(127);
    expect(a).toBeLessThanOrEqual(128);
    expect(pixel(rgba, W, 250, 50)[3]).toBe(0);
    expect(countPixels(rgba, W, { x: 400, y: 0, w: 100, h: 100 }, (p) => p[3] > 0)).toBe(0);
    expect(renderer.cacheStats().layerRenders).toBe(1);
  });

  it('applies opacity to a text layer as a whole (text over background, then halved)', async () => {
    const full = await renderer.render(request([layer('t', { kind: 'text', x: 0, y: 0, width: 400, height: 100, text: 'MMMM', background: '#000000', fontSize: 60 })]));
    const half = await renderer.render(request([layer('t', { kind: 'text', x: 0, y: 0, width: 400, height: 100, text: 'MMMM', background: '#000000', fontSize: 60, opacity: 0.5 })]));
    // Background and text pixels alike: alpha 255 → 127/128, colour unchanged.
    for (const [x, y] of [[2, 2], ...findOpaqueWhite(full.rgba)]) {
      expect(pixel(full.rgba, W, x!, y!)[3]).toBe(255);
      expect(Math.abs(pixel(half.rgba, W, x!, y!)[3] - 127.5)).toBeLessThanOrEqual(1);
    }
  });

  it('draws a text layer inside its box in the requested colour, escaping markup', async () => {
    const box = { x: 300, y: 400, w: 800, h: 200 };
    const { rgba } = await renderer.render(
      request([layer('t', { kind: 'text', x: box.x, y: box.y, width: box.w, height: box.h, text: 'Hello <span foreground="#ff0000">RED</span> & <b>bold</b>', color: '#00ff00', fontSize: 40 })]),
    );
    const ink = inkBox(rgba, W, H)!;
    expect(ink.left).toBeGreaterThanOrEqual(box.x);
    expect(ink.top).toBeGreaterThanOrEqual(box.y);
    expect(ink.right).toBeLessThan(box.x + box.w);
    expect(ink.bottom).toBeLessThan(box.y + box.h);
    expect(countPixels(rgba, W, box, (p) => p[3] === 255 && p[0] === 0 && p[1] === 255 && p[2] === 0)).toBeGreaterThan(300);
    // The markup was text, not markup: nothing red, and its characters take room (wider than "Hello RED & bold").
    expect(countPixels(rgba, W, box, (p) => p[3] > 0 && p[0] > 100)).toBe(0);
    const plain = await GraphicsRenderer.create({ logger: recordingLogger() }).render(
      request([layer('t', { kind: 'text', x: box.x, y: box.y, width: box.w, height: box.h, text: 'Hello RED & bold', color: '#00ff00', fontSize: 40 })]),
    );
    const plainInk = inkBox(plain.rgba, W, H)!;
    expect(ink.bottom - ink.top).toBeGreaterThan(plainInk.bottom - plainInk.top); // wrapped onto more lines
  });

  it('wraps long text and clips it to its box', async () => {
    const box = { x: 100, y: 100, w: 300, h: 120 };
    const { rgba } = await renderer.render(request([layer('t', { kind: 'text', x: box.x, y: box.y, width: box.w, height: box.h, text: 'word '.repeat(200), fontSize: 40 })]));
    const ink = inkBox(rgba, W, H)!;
    expect(ink.top).toBeGreaterThanOrEqual(box.y); // overflowing: top-aligned (the first line's ink starts a little below its box)
    expect(ink.top).toBeLessThan(box.y + 20);
    expect(ink.bottom).toBe(box.y + box.h - 1); // clipped at the bottom edge, not beyond
    expect(ink.left).toBeGreaterThanOrEqual(box.x);
    expect(ink.right).toBeLessThan(box.x + box.w);
    expect(ink.right).toBeGreaterThan(box.x + box.w / 2); // wrapped at the box's width, not one word a line
  });

  it('keeps text in place while it is edited: a descender or a capital does not move the line', async () => {
    const ink = async (text: string) => {
      const r = GraphicsRenderer.create({ logger: recordingLogger() });
      const { rgba } = await r.render(request([layer('t', { kind: 'text', x: 0, y: 0, width: 800, height: 200, text, fontSize: 50 })]));
      return inkBox(rgba, W, H)!;
    };
    const [plain, descender, capital] = await Promise.all([ink('xxxx'), ink('xxxxg'), ink('Xxxx')]);
    // Pango's sub-pixel placement may differ by a pixel; centring by ink would move the line by several.
    expect(Math.abs(descender.top - plain.top)).toBeLessThanOrEqual(1); // the x-height did not move up for the g
    expect(descender.bottom).toBeGreaterThan(plain.bottom);
    expect(Math.abs(capital.bottom - plain.bottom)).toBeLessThanOrEqual(1); // the baseline did not move down for the X
    expect(capital.top).toBeLessThan(plain.top);
  });

  it('aligns text left, centre and right', async () => {
    const inkOf = async (align: 'left' | 'center' | 'right') => {
      const r = GraphicsRenderer.create({ logger: recordingLogger() });
      const { rgba } = await r.render(request([layer('t', { kind: 'text', x: 0, y: 0, width: 1000, height: 100, text: 'abc', align, fontSize: 50 })]));
      return inkBox(rgba, W, H)!;
    };
    const [left, center, right] = await Promise.all([inkOf('left'), inkOf('center'), inkOf('right')]);
    expect(left.left).toBeLessThan(10);
    expect(Math.abs((center.left + center.right) / 2 - 500)).toBeLessThan(10);
    expect(right.right).toBeGreaterThan(990);
  });

  it('survives a text of 100 000 characters (clamped to what its box can show)', async () => {
    const huge = 'x'.repeat(60_000) + '\n'.repeat(20_000) + '<&>'.repeat(6_000);
    const { rgba } = await renderer.render(request([layer('t', { kind: 'text', x: 0, y: 0, width: 1920, height: 1080, text: 'ok', fontSize: 8 }), { ...layer('u', { kind: 'text', x: 0, y: 0, width: 600, height: 300, text: 'y' }), text: huge } as GraphicsLayer]));
    expect(countPixels(rgba, W, { x: 0, y: 0, w: 600, h: 300 }, (p) => p[3] === 255)).toBeGreaterThan(1000);
    expect(records.filter((r) => r.level === 'warn')).toEqual([]);
  });

  it('scales 1080p canvas coordinates to a 720p plane', async () => {
    const { rgba } = await renderer.render(request([layer('c', { kind: 'color', x: 300, y: 150, width: 600, height: 300, color: '#ffffff' })], { width: 1280, height: 720 }));
    expect(rgba.length).toBe(1280 * 720 * 4);
    expect(inkBox(rgba, 1280, 720)).toEqual({ left: 200, top: 100, right: 599, bottom: 299 });
  });

  it('scales font sizes with the output', async () => {
    const height = async (w: number, h: number) => {
      const r = GraphicsRenderer.create({ logger: recordingLogger() });
      const { rgba } = await r.render(request([layer('t', { kind: 'text', x: 0, y: 0, width: 1800, height: 300, text: 'HHHH', fontSize: 120 })], { width: w, height: h }));
      const ink = inkBox(rgba, w, h)!;
      return ink.bottom - ink.top + 1;
    };
    const [big, small] = await Promise.all([height(1920, 1080), height(1280, 720)]);
    expect(Math.abs(small / big - 2 / 3)).toBeLessThan(0.05);
  });

  it('clips layers partly outside the frame; a layer wholly outside draws nothing', async () => {
    const { rgba } = await renderer.render(
      request([
        layer('tl', { kind: 'color', x: -100, y: -50, width: 200, height: 100, color: '#ff0000' }),
        layer('br', { kind: 'text', x: 1800, y: 1000, width: 400, height: 200, text: 'WWWWWWWW', fontSize: 100, background: '#0000ff' }),
        layer('out', { kind: 'color', x: 2000, y: 0, width: 100, height: 100, color: '#00ff00' }),
      ]),
    );
    expect(pixel(rgba, W, 0, 0)).toEqual([255, 0, 0, 255]);
    expect(pixel(rgba, W, 99, 49)).toEqual([255, 0, 0, 255]);
    expect(pixel(rgba, W, 100, 49)[3]).toBe(0);
    expect(pixel(rgba, W, 1919, 1079)[3]).toBe(255);
    expect(pixel(rgba, W, 1800, 1000)).toEqual([0, 0, 255, 255]);
    expect(countPixels(rgba, W, { x: 0, y: 0, w: W, h: H }, (p) => p[1] === 255 && p[0] === 0 && p[2] === 0)).toBe(0);
  });

  it('renders an unchanged layer once: the cache serves it, a moved layer is not re-rendered', async () => {
    const layers = [
      layer('t', { kind: 'text', x: 0, y: 0, width: 500, height: 100, text: 'cached' }),
      layer('l', { kind: 'lowerThird', x: 0, y: 800, width: 1000, height: 120, title: 'Title', subtitle: 'Sub' }),
      layer('c', { kind: 'color', x: 0, y: 500, width: 100, height: 100, color: '#ffffff' }),
    ];
    await renderer.render(request(layers));
    expect(renderer.cacheStats().layerRenders).toBe(3);
    await renderer.render(request(layers));
    expect(renderer.cacheStats().layerRenders).toBe(3);
    expect(renderer.cacheStats().cacheHits).toBe(3);
    const moved = [{ ...layers[0]!, x: 700, y: 300 }, layers[1]!, layers[2]!];
    const { rgba } = await renderer.render(request(moved));
    expect(renderer.cacheStats().layerRenders).toBe(3);
    expect(countPixels(rgba, W, { x: 0, y: 0, w: 500, h: 100 }, (p) => p[3] > 0)).toBe(0);
    expect(countPixels(rgba, W, { x: 700, y: 300, w: 500, h: 100 }, (p) => p[3] > 0)).toBeGreaterThan(100);
    const edited = [{ ...layers[0]!, text: 'edited' } as GraphicsLayer, layers[1]!, layers[2]!];
    await renderer.render(request(edited));
    expect(renderer.cacheStats().layerRenders).toBe(4);
  });

  it('re-renders only the clock when a second passes, and the patched plane equals a full render', async () => {
    const layers = [
      layer('bg', { kind: 'color', x: 0, y: 0, width: 1920, height: 1080, color: '#10203040' }),
      layer('k', { kind: 'clock', x: 100, y: 100, width: 400, height: 100, timeZone: 'UTC', background: '#00000080' }),
      layer('t', { kind: 'text', x: 200, y: 120, width: 600, height: 200, text: 'over the clock', color: '#ffff00' }),
      layer('l', { kind: 'lowerThird', x: 100, y: 800, width: 1200, height: 150, title: 'A', subtitle: 'B' }),
    ];
    const t0 = new Date('2026-01-02T10:20:30.250Z');
    await renderer.render(request(layers, { now: t0 }));
    expect(renderer.cacheStats().layerRenders).toBe(4);
    const sameSecond = await renderer.render(request(layers, { now: new Date(t0.getTime() + 500) }));
    expect(renderer.cacheStats().layerRenders).toBe(4);
    const next = await renderer.render(request(layers, { now: new Date(t0.getTime() + 1000) }));
    expect(renderer.cacheStats().layerRenders).toBe(5);
    expect(next.rgba.equals(sameSecond.rgba)).toBe(false);
    const fresh = await GraphicsRenderer.create({ logger: recordingLogger() }).render(request(layers, { now: new Date(t0.getTime() + 1000) }));
    expect(maxDifference(next.rgba, fresh.rgba)).toBeLessThanOrEqual(1);
  });

  it('patches correctly when layers are added, removed, reordered and moved', async () => {
    const a = layer('a', { kind: 'color', x: 0, y: 0, width: 300, height: 300, color: '#ff000080' });
    const b = layer('b', { kind: 'color', x: 150, y: 150, width: 300, height: 300, color: '#00ff0080' });
    const c = layer('c', { kind: 'text', x: 100, y: 100, width: 400, height: 100, text: 'C', background: '#0000ff80' });
    const steps: GraphicsLayer[][] = [[a, b], [a, b, c], [b, c], [c, b], [c, { ...b, x: 500 }], [{ ...a, opacity: 0.3 }, c], []];
    for (const layers of steps) {
      const patched = await renderer.render(request(layers));
      const fresh = await GraphicsRenderer.create({ logger: recordingLogger() }).render(request(layers));
      // libvips rounds a semi-transparent base pixel differently in tiles an overlay touches: at most 1 level.
      expect(maxDifference(patched.rgba, fresh.rgba)).toBeLessThanOrEqual(1);
    }
  });

  it('writes a patched plane into a buffer the caller recycles, never into the latest plane', async () => {
    const clock = layer('k', { kind: 'clock', x: 100, y: 100, width: 400, height: 100, timeZone: 'UTC' });
    const base = layer('bg', { kind: 'color', x: 0, y: 0, width: 800, height: 400, color: '#102030' });
    const t0 = new Date('2026-01-02T10:20:30.250Z');
    const at = (s: number) => new Date(t0.getTime() + s * 1000);
    const check = async (rgba: Buffer, s: number) => {
      const fresh = await GraphicsRenderer.create({ logger: recordingLogger() }).render(request([base, clock], { now: at(s) }));
      expect(maxDifference(rgba, fresh.rgba)).toBeLessThanOrEqual(1);
    };
    const r0 = await renderer.render(request([base, clock], { now: at(0) }));
    const r1 = await renderer.render(request([base, clock], { now: at(1), recycle: r0.rgba }));
    expect(r1.rgba === r0.rgba).toBe(false); // r0 is the latest plane (the patch's base): never overwritten
    await check(r0.rgba, 0);
    const r2 = await renderer.render(request([base, clock], { now: at(2), recycle: r0.rgba }));
    expect(r2.rgba === r0.rgba).toBe(true); // written in place of the old one
    await check(r2.rgba, 2);
    await check(r1.rgba, 1); // the one the caller may still be reading is untouched
    const r3 = await renderer.render(request([base, clock], { now: at(3), recycle: r1.rgba }));
    expect(r3.rgba === r1.rgba).toBe(true);
    await check(r3.rgba, 3);
  });

  it('writes a patched yuva plane into a buffer the caller recycles, never into the latest one', async () => {
    const clock = layer('k', { kind: 'clock', x: 100, y: 100, width: 400, height: 100, timeZone: 'UTC' });
    const base = layer('bg', { kind: 'color', x: 0, y: 0, width: 800, height: 400, color: '#102030' });
    const t0 = new Date('2026-01-02T10:20:30.250Z');
    const at = (s: number) => new Date(t0.getTime() + s * 1000);
    const yuvaAt = (s: number, extra: Partial<PlaneRequest> = {}) => renderer.render(request([base, clock], { now: at(s), yuva: true, ...extra }));
    const check = async (yuva: Buffer, s: number) => {
      const fresh = await GraphicsRenderer.create({ logger: recordingLogger() }).render(request([base, clock], { now: at(s), yuva: true }));
      expect(maxDifference(yuva, fresh.yuva!)).toBeLessThanOrEqual(2);
    };
    const r0 = await yuvaAt(0);
    const r1 = await yuvaAt(1, { recycleYuva: r0.yuva });
    expect(r1.yuva === r0.yuva).toBe(false); // r0 is the latest yuva (the patch's base): never overwritten
    await check(r0.yuva!, 0);
    const r2 = await yuvaAt(2, { recycleYuva: r0.yuva, recycle: r0.rgba });
    expect(r2.yuva === r0.yuva).toBe(true); // written in place of the old one
    await check(r2.yuva!, 2);
    await check(r1.yuva!, 1); // the one the caller may still be writing out is untouched
    const r3 = await yuvaAt(3, { recycleYuva: Buffer.alloc(10) });
    expect(r3.yuva === r1.yuva || r3.yuva === r2.yuva).toBe(false); // a buffer of the wrong size is not used
    await check(r3.yuva!, 3);
    const same = await yuvaAt(3.5, { recycleYuva: r1.yuva });
    expect(same.yuva).toBe(r3.yuva); // nothing changed: the latest plane itself, nothing written
  });

  it('keeps separate planes per planeId', async () => {
    const one = [layer('a', { kind: 'color', x: 0, y: 0, width: 10, height: 10, color: '#ff0000' })];
    const two = [layer('b', { kind: 'color', x: 20, y: 0, width: 10, height: 10, color: '#00ff00' })];
    const p1 = await renderer.render(request(one, { planeId: 'program' }));
    await renderer.render(request(two, { planeId: 'preview' }));
    const again = await renderer.render(request(one, { planeId: 'program' }));
    expect(again.rgba).toBe(p1.rgba); // nothing changed on that plane: the same pixels, not recomposited
    expect(pixel(again.rgba, W, 25, 5)[3]).toBe(0);
  });

  it('draws a lower third: bar colour, accent stripe on the left, title in the text colour', async () => {
    const { rgba } = await renderer.render(
      request([layer('l', { kind: 'lowerThird', x: 100, y: 800, width: 1000, height: 150, title: 'Jane Doe', subtitle: 'Director', barColor: '#1d4ed8', accentColor: '#f59e0b', textColor: '#ffffff' })]),
    );
    expect(pixel(rgba, W, 102, 875)).toEqual([0xf5, 0x9e, 0x0b, 255]);
    expect(pixel(rgba, W, 1090, 810)).toEqual([0x1d, 0x4e, 0xd8, 255]);
    expect(countPixels(rgba, W, { x: 100, y: 800, w: 600, h: 80 }, (p) => p[0] === 255 && p[1] === 255 && p[2] === 255)).toBeGreaterThan(200);
    expect(countPixels(rgba, W, { x: 100, y: 880, w: 600, h: 70 }, (p) => p[0] > 200 && p[1] > 200 && p[2] > 200)).toBeGreaterThan(100);
    expect(inkBox(rgba, W, H)).toEqual({ left: 100, top: 800, right: 1099, bottom: 949 });
  });

  it('draws clock and countdown text for the given time and time zone', async () => {
    // Same style, same box: equal text means equal pixels, so "01:00" can be checked across kinds.
    const box = { x: 0, y: 0, width: 400, height: 100 };
    const plane = async (l: GraphicsLayer, now: string) => (await GraphicsRenderer.create({ logger: recordingLogger() }).render(request([l], { now: new Date(now) }))).rgba;
    const hhmm = (timeZone: string) => layer('k', { kind: 'clock', ...box, format: 'HH:mm', timeZone });
    const oneOClockUtc = await plane(hhmm('UTC'), '2026-01-02T01:00:10.000Z');
    expect(inkBox(oneOClockUtc, W, H)).not.toBeNull();
    expect((await plane(hhmm('Asia/Tokyo'), '2026-01-01T16:00:10.000Z')).equals(oneOClockUtc)).toBe(true); // UTC+9
    expect((await plane(hhmm('UTC'), '2026-01-02T01:01:00.000Z')).equals(oneOClockUtc)).toBe(false);
    // 90 s started 30.25 s ago: 59.75 s left, shown rounded up as 01:00.
    const running = layer('d', { kind: 'countdown', ...box, durationSeconds: 90, startedAt: '2026-01-02T10:20:00.000Z' });
    expect((await plane(running, '2026-01-02T10:20:30.250Z')).equals(oneOClockUtc)).toBe(true);
    // Stopped: the full duration (01:30), whatever the time.
    const stopped = layer('s', { kind: 'countdown', ...box, durationSeconds: 90 });
    const oneThirty = await plane(hhmm('UTC'), '2026-01-02T01:30:00.000Z');
    expect((await plane(stopped, '2026-01-02T10:20:30.250Z')).equals(oneThirty)).toBe(true);
    expect((await plane(stopped, '2030-01-01T00:00:00.000Z')).equals(oneThirty)).toBe(true);
    // Finished: 00:00.
    expect((await plane(running, '2026-01-02T11:00:00.000Z')).equals(await plane(hhmm('UTC'), '2026-01-02T00:00:00.000Z'))).toBe(true);
  });

  it('keeps a ticking clock steady: its line box does not move as digits change', async () => {
    const boxes = [];
    for (const at of ['2026-01-02T11:11:11.000Z', '2026-01-02T00:00:00.000Z', '2026-01-02T18:48:58.000Z']) {
      const r = GraphicsRenderer.create({ logger: recordingLogger() });
      const { rgba } = await r.render(request([layer('k', { kind: 'clock', x: 0, y: 0, width: 500, height: 100, timeZone: 'UTC', font: 'DejaVu Sans Mono', align: 'left' })], { now: new Date(at) }));
      boxes.push(inkBox(rgba, W, H)!);
    }
    // Colons sit at fixed places in a monospaced font; the top of the digits does not jump either.
    const tops = boxes.map((b) => b.top);
    expect(Math.max(...tops) - Math.min(...tops)).toBeLessThanOrEqual(1);
    expect(Math.max(...boxes.map((b) => b.left)) - Math.min(...boxes.map((b) => b.left))).toBeLessThanOrEqual(4);
  });

  it('fits images into their box: stretch, contain (transparent margins), cover (centre crop)', async () => {
    const box = { x: 100, y: 100, width: 200, height: 200 };
    const stretch = await renderer.render(request([layer('i', { kind: 'image', ...box, assetId: 'halves', fit: 'stretch' })]));
    expect(pixel(stretch.rgba, W, 110, 110)).toEqual([255, 0, 0, 255]);
    expect(pixel(stretch.rgba, W, 290, 290)).toEqual([0, 0, 255, 255]);
    const contain = await renderer.render(request([layer('i', { kind: 'image', ...box, assetId: 'halves', fit: 'contain' })]));
    expect(pixel(contain.rgba, W, 150, 110)[3]).toBe(0); // 400×200 into 200×200: 50 px margins top and bottom
    expect(pixel(contain.rgba, W, 150, 200)).toEqual([255, 0, 0, 255]);
    expect(pixel(contain.rgba, W, 250, 200)).toEqual([0, 0, 255, 255]);
    const cover = await renderer.render(request([layer('i', { kind: 'image', ...box, assetId: 'halves', fit: 'cover' })]));
    expect(pixel(cover.rgba, W, 150, 110)).toEqual([255, 0, 0, 255]); // no margins; the middle 200 px of 400
    expect(pixel(cover.rgba, W, 250, 290)).toEqual([0, 0, 255, 255]);
    const faded = await renderer.render(request([layer('i', { kind: 'image', ...box, assetId: 'halves', fit: 'stretch', opacity: 0.5 })]));
    expect(Math.abs(pixel(faded.rgba, W, 110, 110)[3] - 127.5)).toBeLessThanOrEqual(1);
  });

  it('renders an SVG asset at its box size', async () => {
    const file = path.join(dir, 'circle.svg');
    fs.writeFileSync(file, '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle cx="5" cy="5" r="5" fill="#ff00ff"/></svg>');
    assets.set('circle', file);
    const { rgba } = await renderer.render(request([layer('i', { kind: 'image', x: 0, y: 0, width: 400, height: 400, assetId: 'circle' })]));
    expect(pixel(rgba, W, 200, 200)).toEqual([255, 0, 255, 255]);
    expect(pixel(rgba, W, 5, 5)[3]).toBe(0);
    // Rasterised at 400 px, not scaled up from 10: the edge is a thin anti-aliased ring.
    const partial = countPixels(rgba, W, { x: 0, y: 0, w: 400, h: 400 }, (p) => p[3] > 0 && p[3] < 255);
    expect(partial).toBeLessThan(4000);
  });

  it('draws a placeholder (and logs once) for an image whose file is gone or corrupt, never throws', async () => {
    const corrupt = path.join(dir, 'corrupt.png');
    const good = fs.readFileSync(assets.get('halves')!);
    fs.writeFileSync(corrupt, good.subarray(0, 60));
    assets.set('corrupt', corrupt);
    const layers = [
      layer('gone', { kind: 'image', x: 0, y: 0, width: 300, height: 200, assetId: 'deleted' }),
      layer('bad', { kind: 'image', x: 400, y: 0, width: 300, height: 200, assetId: 'corrupt' }),
    ];
    for (let i = 0; i < 3; i++) {
      const { rgba } = await renderer.render(request(layers, { planeId: String(i) }));
      for (const x of [0, 400]) {
        expect(pixel(rgba, W, x + 1, 100)).toEqual([0xef, 0x44, 0x44, 255]); // the red frame
        expect(countPixels(rgba, W, { x, y: 0, w: 300, h: 200 }, (p) => p[3] > 0)).toBeGreaterThan(300 * 200 * 0.9);
      }
    }
    const warnings = records.filter((r) => r.level === 'warn');
    expect(warnings.map((w) => w.context?.layer).sort()).toEqual(['bad', 'gone']);
    expect(warnings.every((w) => /placeholder/.test(w.message))).toBe(true);
    // A file that comes back is drawn again (its identity is part of the cache key).
    fs.writeFileSync(corrupt, good);
    const { rgba } = await renderer.render(request(layers));
    expect(pixel(rgba, W, 401, 100)).toEqual([255, 0, 0, 255]);
  });

  it('does not let a slow layer (a costly SVG filter) hold up the plane: a placeholder stands in until it is ready', async () => {
    const file = path.join(dir, 'turbulence.svg');
    fs.writeFileSync(
      file,
      '<svg xmlns="http://www.w3.org/2000/svg" width="960" height="540"><filter id="f"><feTurbulence baseFrequency="0.01" numOctaves="8"/></filter>' +
        '<rect width="960" height="540" fill="#00ff00"/><rect width="960" height="540" filter="url(#f)" opacity="0.01"/></svg>',
    );
    assets.set('turbulence', file);
    const slowRenderer = GraphicsRenderer.create({ logger: recordingLogger(records), layerTimeoutMs: 50 });
    const layers = [
      layer('svg', { kind: 'image', x: 0, y: 0, width: 960, height: 540, assetId: 'turbulence', fit: 'stretch' }),
      layer('c', { kind: 'color', x: 1000, y: 0, width: 10, height: 10, color: '#0000ff' }),
    ];
    const now = new Date();
    const first = await slowRenderer.render(request(layers, { now }));
    expect(pixel(first.rgba, W, 1, 270)).toEqual([0xef, 0x44, 0x44, 255]); // the placeholder's frame
    expect(pixel(first.rgba, W, 1005, 5)).toEqual([0, 0, 255, 255]); // the other layers are there
    expect(slowRenderer.nextChangeAt(layers, now)!.getTime() - now.getTime()).toBeLessThanOrEqual(500);
    expect(records.filter((r) => /slow to render/.test(r.message))).toHaveLength(1);
    await waitFor('the slow layer to be drawn', async () => slowRenderer.nextChangeAt(layers, new Date()) === null, 30_000);
    const ready = await slowRenderer.render(request(layers));
    expect(pixel(ready.rgba, W, 1, 270)[1]).toBeGreaterThan(200); // green now
    expect(pixel(ready.rgba, W, 1, 270)[0]).toBeLessThan(50);
  }, 40_000);

  it('still draws a clock with an unknown time zone (engine time) and logs it once', async () => {
    const k = { ...layer('k', { kind: 'clock', x: 0, y: 0, width: 400, height: 100 }), timeZone: 'Mars/Olympus' } as GraphicsLayer;
    await renderer.render(request([k]));
    const { rgba } = await renderer.render(request([k], { now: new Date('2026-01-02T10:20:31.250Z') }));
    expect(inkBox(rgba, W, H)).not.toBeNull();
    expect(records.filter((r) => r.level === 'warn')).toHaveLength(1);
  });

  it('reports render times and refuses work after close', async () => {
    expect(renderer.renderStats()).toEqual({ renderMsP50: null, renderMsP99: null, renders: 0 });
    await renderer.render(request([]));
    await renderer.render(request([layer('c', { kind: 'color', x: 0, y: 0, width: 10, height: 10, color: '#ffffff' })]));
    const stats = renderer.renderStats();
    expect(stats.renders).toBe(2);
    expect(stats.renderMsP50).toBeGreaterThan(0);
    expect(stats.renderMsP99).toBeGreaterThanOrEqual(stats.renderMsP50!);
    await renderer.close();
    await renderer.close();
    await expect(renderer.render(request([]))).rejects.toBeInstanceOf(ClosedError);
  });
});

describe('GraphicsRenderer.nextChangeAt', () => {
  const now = new Date('2026-01-02T10:20:30.250Z');
  it('is null for static layers, and for hidden clocks', () => {
    expect(renderer.nextChangeAt([layer('t', { kind: 'text', x: 0, y: 0, width: 10, height: 10, text: 'a' })], now)).toBeNull();
    expect(renderer.nextChangeAt([layer('k', { kind: 'clock', x: 0, y: 0, width: 10, height: 10, visible: false })], now)).toBeNull();
    expect(renderer.nextChangeAt([layer('d', { kind: 'countdown', x: 0, y: 0, width: 10, height: 10, durationSeconds: 60 })], now)).toBeNull();
  });
  it('is the next second for HH:mm:ss, the next minute for HH:mm', () => {
    expect(renderer.nextChangeAt([layer('k', { kind: 'clock', x: 0, y: 0, width: 10, height: 10 })], now)?.toISOString()).toBe('2026-01-02T10:20:31.000Z');
    expect(renderer.nextChangeAt([layer('k', { kind: 'clock', x: 0, y: 0, width: 10, height: 10, format: 'HH:mm' })], now)?.toISOString()).toBe('2026-01-02T10:21:00.000Z');
  });
  it("follows a running countdown's own seconds, and stops when it reaches zero", () => {
    const d = (startedAt: string) => layer('d', { kind: 'countdown', x: 0, y: 0, width: 10, height: 10, durationSeconds: 60, startedAt });
    expect(renderer.nextChangeAt([d('2026-01-02T10:20:00.700Z')], now)?.toISOString()).toBe('2026-01-02T10:20:30.700Z');
    expect(renderer.nextChangeAt([d('2026-01-02T10:00:00.000Z')], now)).toBeNull();
    expect(
      renderer.nextChangeAt([d('2026-01-02T10:20:00.700Z'), layer('k', { kind: 'clock', x: 0, y: 0, width: 10, height: 10 })], now)?.toISOString(),
    ).toBe('2026-01-02T10:20:30.700Z');
  });
});

/** A few fully opaque white pixels (the glyphs of a white text). */
function findOpaqueWhite(rgba: Buffer): [number, number][] {
  const found: [number, number][] = [];
  for (let y = 0; y < 100 && found.length < 5; y++) {
    for (let x = 0; x < 400 && found.length < 5; x += 3) {
      const p = pixel(rgba, W, x, y);
      if (p[0] === 255 && p[1] === 255 && p[2] === 255 && p[3] === 255) found.push([x, y]);
    }
  }
  expect(found.length).toBe(5);
  return found;
}
