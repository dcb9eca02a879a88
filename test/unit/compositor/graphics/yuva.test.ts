import { describe, expect, it } from 'vitest';
import { GraphicsRenderer } from '../../../../src-main/compositor/graphics/graphics-renderer';
import { rgbaToYuva, transparentYuva, yuvaSize } from '../../../../src-main/compositor/graphics/yuva';
import { layer, recordingLogger } from './helpers';

/** Reads one pixel of a yuva420p picture: [Y, U, V, A]. */
function yuvaAt(yuva: Buffer, width: number, height: number, x: number, y: number): number[] {
  const cw = width / 2;
  const ch = height / 2;
  const c = Math.floor(y / 2) * cw + Math.floor(x / 2);
  return [yuva[y * width + x]!, yuva[width * height + c]!, yuva[width * height + cw * ch + c]!, yuva[width * height + 2 * cw * ch + y * width + x]!];
}

function solid(width: number, height: number, rgba: [number, number, number, number]): Buffer {
  const out = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i++) out.set(rgba, i * 4);
  return out;
}

describe('RGBA → yuva420p planes', () => {
  it('converts with BT.601 limited range, as FFmpeg does for untagged RGB', () => {
    // Expected values: FFmpeg 5.1 `-pix_fmt yuva420p` from the same RGBA (its rounding differs by up to 1).
    const cases: Array<[[number, number, number, number], number[]]> = [
      [[255, 255, 255, 255], [235, 128, 128, 255]],
      [[0, 0, 0, 255], [16, 128, 128, 255]],
      [[20, 40, 200, 230], [61, 201, 108, 230]],
      [[255, 0, 0, 128], [81, 90, 240, 128]],
    ];
    for (const [rgba, expected] of cases) {
      const out = Buffer.alloc(yuvaSize(4, 4));
      rgbaToYuva({ rgba: solid(4, 4, rgba), width: 4, height: 4 }, out);
      const got = yuvaAt(out, 4, 4, 1, 1);
      got.forEach((v, i) => expect(Math.abs(v - expected[i]!), `${rgba} → ${got} vs ${expected}`).toBeLessThanOrEqual(1));
      expect(got[3]).toBe(rgba[3]);
    }
  });

  it('weighs chroma by alpha: a graphic’s edge keeps its colour next to transparent pixels', () => {
    const rgba = Buffer.alloc(2 * 2 * 4); // transparent black …
    rgba.set([255, 0, 0, 255], 0); // … but for one opaque red pixel
    const out = Buffer.alloc(yuvaSize(2, 2));
    rgbaToYuva({ rgba, width: 2, height: 2 }, out);
    expect(yuvaAt(out, 2, 2, 0, 0)).toEqual([82, 90, 240, 255]);
    expect(yuvaAt(out, 2, 2, 1, 1)[3]).toBe(0);
  });

  it('converts only the region asked for (widened to even bounds) and leaves the rest as it was', () => {
    const w = 8;
    const h = 6;
    const out = transparentYuva(w, h);
    rgbaToYuva({ rgba: solid(w, h, [255, 255, 255, 255]), width: w, height: h }, out, { left: 3, top: 1, width: 2, height: 2 });
    expect(yuvaAt(out, w, h, 2, 0)).toEqual([235, 128, 128, 255]);
    expect(yuvaAt(out, w, h, 5, 3)).toEqual([235, 128, 128, 255]);
    expect(yuvaAt(out, w, h, 1, 0)).toEqual([16, 128, 128, 0]);
    expect(yuvaAt(out, w, h, 6, 3)).toEqual([16, 128, 128, 0]);
    expect(yuvaAt(out, w, h, 3, 4)).toEqual([16, 128, 128, 0]);
  });

  it('the renderer keeps a plane’s yuva in step with its RGBA through patches, as new buffers', async () => {
    const renderer = GraphicsRenderer.create({ logger: recordingLogger([]) });
    const request = (color: string) => ({
      width: 1280,
      height: 720,
      layers: [layer('a', { kind: 'color', x: 0, y: 0, width: 400, height: 200, color: '#00ff00' }), layer('b', { kind: 'color', x: 900, y: 600, width: 300, height: 100, color })],
      assetPath: () => null,
      now: new Date(),
      planeId: 'p',
      yuva: true,
    });
    const first = await renderer.render(request('#ff0000'));
    const same = await renderer.render(request('#ff0000'));
    expect(same.yuva).toBe(first.yuva);
    const patched = await renderer.render(request('#0000ffcc'));
    expect(patched.yuva).not.toBe(first.yuva);
    const whole = Buffer.alloc(yuvaSize(1280, 720));
    rgbaToYuva({ rgba: patched.rgba, width: 1280, height: 720 }, whole);
    expect(patched.yuva!.equals(whole)).toBe(true);
    // The first plane's buffer was not written to (a pipe may still be sending it).
    // Layers are placed in 1920×1080 canvas units: b covers 600–800 × 400–466 of this 1280×720 plane.
    expect(yuvaAt(first.yuva!, 1280, 720, 700, 430)).toEqual([82, 90, 240, 255]);
    await renderer.close();
  });
});
