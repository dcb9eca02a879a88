import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src-main/app/engine';
import type { CameraView, SupervisedProcessInfo } from '../../../src-main/api/contract';
import type { Layer, OutputView, SceneView } from '../../../src-main/compositor/compositor-schema';
import { apiCaller } from '../../fixtures/api-caller';
import { waitFor } from '../../fixtures/wait-for';
import { grabFrame, isSlate, near, pixel, recordStream, videoTimestamps, type Rgb } from './frames';

/**
 * A program output end to end: real test-pattern cameras in the hub, a real FFmpeg compositing
 * them with graphics, frames decoded back from `/media/live/program_<id>.flv` and checked
 * pixel by pixel. Edits, cuts and fades must change the picture without restarting FFmpeg.
 */
const TOKEN = 'compositor-program-test-token-0123456789';
const W = 1280;
const H = 720;
/** Canvas (1920×1080) to output (1280×720). */
const k = W / 1920;
const RED: Rgb = { r: 255, g: 0, b: 0 };
const GREEN: Rgb = { r: 0, g: 255, b: 0 };
const BLUE: Rgb = { r: 0, g: 0, b: 255 };
const BLACK: Rgb = { r: 0, g: 0, b: 0 };

let engine: Engine;
let dataDir: string;
let cameraId: string;
let output: OutputView;
let main: SceneView;
let other: SceneView;
let box: Layer;
const { ok } = apiCaller(() => engine.url, TOKEN);

async function outputView(): Promise<OutputView> {
  return (await ok<OutputView[]>('compositor.outputs.list')).find((o) => o.id === output.id)!;
}
async function outputPid(): Promise<number | null> {
  return (await ok<SupervisedProcessInfo[]>('media.processes')).find((p) => p.id === `compositor-output:${output.id}`)?.pid ?? null;
}
async function frame(): Promise<Buffer> {
  const { path: url } = await ok<{ path: string }>('compositor.outputs.preview', { id: output.id });
  return grabFrame(`${engine.url}${url}`, W, H);
}
/** Canvas coordinates → the colour the output shows there. */
const at = (f: Buffer, x: number, y: number) => pixel(f, W, Math.round(x * k), Math.round(y * k));

async function waitForPicture(what: string, check: (f: Buffer) => boolean): Promise<Buffer> {
  return waitFor(what, async () => {
    const f = await frame();
    return check(f) ? f : null;
  }, 60_000);
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-compositor-program-'));
  engine = await createEngine({ dataDir, shell: 'headless', host: '127.0.0.1', port: 0, token: TOKEN, consoleLog: false, logLevel: 'info' });
  cameraId = (await ok<CameraView>('cameras.add', { name: 'Bars', url: 'test://bars?size=640x360&fps=25' })).id;
  await waitFor('camera live', async () => (await ok<CameraView[]>('cameras.list')).find((c) => c.id === cameraId)?.status.state === 'live');
  main = await ok<SceneView>('compositor.scenes.create', {
    name: 'Main',
    layers: [
      { kind: 'video', sourceId: cameraId, x: 0, y: 0, width: 960, height: 540 },
      { kind: 'color', color: '#ff0000', x: 1200, y: 600, width: 400, height: 300 },
      { kind: 'text', text: 'LIVE', x: 1200, y: 100, width: 600, height: 200, fontSize: 120, color: '#ffffff', background: '#0000ff' },
    ],
  });
  box = main.layers[1]!;
  other = await ok<SceneView>('compositor.scenes.create', { name: 'Other', layers: [{ kind: 'color', color: '#00ff00', x: 0, y: 0, width: 1920, height: 1080 }] });
  await ok('compositor.mixer.setProgram', { sceneId: main.id });
  await ok('compositor.mixer.setPreview', { sceneId: other.id });
  output = await ok<OutputView>('compositor.outputs.add', { name: 'Program', resolution: '720p', fps: 25, videoBitrateKbps: 2000, preset: 'ultrafast' });
  await waitFor('output live', async () => (await outputView()).status.state === 'live', 60_000);
}, 120_000);

afterAll(async () => {
  await engine?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('program output', () => {
  it('is a hub source like a camera, with health figures', async () => {
    const view = await outputView();
    expect(view.sourceId).toBe(`program_${output.id}`);
    expect(view.status.pid).toBe(await outputPid());
    await waitFor('figures', async () => {
      const s = (await outputView()).status;
      return s.outputFps !== null && s.outputFps > 0 && s.speed !== null && s.bitrateKbps !== null;
    });
  });

  it('shows the video and the graphics at their places', async () => {
    // The first second of a new output is the canvas alone: the sources join on their next frames.
    const f = await waitForPicture('graphics and video on the output', (f) => near(at(f, 1400, 750), RED) && !near(at(f, 300, 100), BLACK, 30));
    expect(near(at(f, 1400, 750), RED)).toBe(true);
    // The text's background box, away from the letters.
    expect(near(at(f, 1780, 280), BLUE)).toBe(true);
    // Nothing drawn here: the black canvas.
    expect(near(at(f, 500, 900), BLACK, 20)).toBe(true);
    // The camera's colour bars in the video layer's box: not black, and not one flat colour.
    const bars = [at(f, 60, 100), at(f, 300, 100), at(f, 600, 100), at(f, 900, 100)];
    expect(bars.some((c) => !near(c, BLACK, 30))).toBe(true);
    expect(new Set(bars.map((c) => `${c.r >> 5},${c.g >> 5},${c.b >> 5}`)).size).toBeGreaterThan(1);
  });

  it("gives a still of a scene as an output would show it, with its sources' latest frames", async () => {
    const { path: url } = await ok<{ path: string }>('compositor.scenes.preview', { sceneId: main.id, width: 640 });
    const res = await fetch(`${engine.url}${url}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    const { data, info } = await sharp(Buffer.from(await res.arrayBuffer())).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([640, 360]);
    const still = (x: number, y: number) => pixel(data, 640, Math.round(x / 3), Math.round(y / 3), 1);
    expect(near(still(1400, 750), RED)).toBe(true);
    expect(near(still(500, 900), BLACK, 20)).toBe(true);
    const bars = [still(60, 100), still(300, 100), still(600, 100), still(900, 100)];
    expect(new Set(bars.map((c) => `${c.r >> 5},${c.g >> 5},${c.b >> 5}`)).size).toBeGreaterThan(1);
  });

  it('shows a layer edit without restarting: same process, no gap in timestamps', async () => {
    const pid = await outputPid();
    const { path: url } = await ok<{ path: string }>('compositor.outputs.preview', { id: output.id });
    const file = path.join(dataDir, 'edit.flv');
    const recording = recordStream(`${engine.url}${url}`, file);
    await new Promise((r) => setTimeout(r, 2_000));
    await ok('compositor.layers.update', { sceneId: main.id, layerId: box.id, patch: { color: '#00ff00', x: 200, y: 700 } });
    await waitForPicture('the edited box', (f) => near(at(f, 400, 850), GREEN) && !near(at(f, 1400, 750), RED));
    // A text edit (its words and its background).
    await ok('compositor.layers.update', { sceneId: main.id, layerId: main.layers[2]!.id, patch: { text: 'ON AIR', background: '#ff0000' } });
    await waitForPicture('the edited text', (f) => near(at(f, 1780, 280), RED));
    await ok('compositor.layers.update', { sceneId: main.id, layerId: main.layers[2]!.id, patch: { background: '#0000ff' } });
    // A video layer moves too.
    await ok('compositor.layers.update', { sceneId: main.id, layerId: main.layers[0]!.id, patch: { x: 960, y: 0 } });
    await waitForPicture('the moved video', (f) => near(at(f, 100, 100), BLACK, 20) && !near(at(f, 1300, 100), BLACK, 30));
    await new Promise((r) => setTimeout(r, 1_000));
    await recording.stop();
    expect(await outputPid()).toBe(pid);
    const ts = await videoTimestamps(file);
    expect(ts.length).toBeGreaterThan(50);
    const steps = ts.slice(1).map((t, i) => t - ts[i]!);
    expect(Math.max(...steps)).toBeLessThan(0.2);
    expect(Math.min(...steps)).toBeGreaterThan(0);
  });

  it('resizes a video layer and makes it translucent and opaque again on the same process', async () => {
    const pid = await outputPid();
    const video = main.layers[0]!;
    // A new size first: the scaler reconfigures, and the alpha lut after it must still work.
    await ok('compositor.layers.update', { sceneId: main.id, layerId: video.id, patch: { x: 0, y: 0, width: 480, height: 270 } });
    const opaque = await waitForPicture('the resized video', (f) => near(at(f, 700, 400), BLACK, 20) && !near(at(f, 120, 60), BLACK, 60));
    const full = at(opaque, 120, 60);
    const half = { r: full.r / 2, g: full.g / 2, b: full.b / 2 };
    await ok('compositor.layers.update', { sceneId: main.id, layerId: video.id, patch: { opacity: 0.5 } });
    await waitForPicture('the video at half opacity over black', (f) => near(at(f, 120, 60), half, 25));
    await ok('compositor.layers.update', { sceneId: main.id, layerId: video.id, patch: { opacity: 1 } });
    await waitForPicture('the video opaque again', (f) => near(at(f, 120, 60), full, 25));
    // Back where the edit test left it (the slate test looks there).
    await ok('compositor.layers.update', { sceneId: main.id, layerId: video.id, patch: { x: 960, y: 0, width: 960, height: 540 } });
    await waitForPicture('the video back in place', (f) => near(at(f, 100, 100), BLACK, 20) && !near(at(f, 1300, 100), BLACK, 30));
    expect(await outputPid()).toBe(pid);
    expect((await outputView()).status.state).toBe('live');
  });

  it('keeps an edit on screen while a clock ticks (each tick patches the plane in a recycled buffer)', async () => {
    const pid = await outputPid();
    const clock = await ok<Layer>('compositor.layers.add', { sceneId: main.id, layer: { kind: 'clock', x: 1300, y: 950, width: 500, height: 100, fontSize: 80, color: '#ffffff', background: '#000000' } });
    const clockArea = (f: Buffer) => Array.from({ length: 63 }, (_, i) => at(f, 1300 + i * 8, 1000));
    const first = await waitForPicture('the clock', (f) => clockArea(f).some((c) => !near(c, BLACK, 60)));
    // A one-off edit: one render patches the box; every tick after it patches only the clock,
    // into the buffer of the render before the last, which must first take the latest pixels.
    await ok('compositor.layers.update', { sceneId: main.id, layerId: box.id, patch: { color: '#0000ff' } });
    await waitForPicture('the box recoloured', (f) => near(at(f, 400, 850), BLUE));
    for (let tick = 0; tick < 4; tick++) {
      await new Promise((r) => setTimeout(r, 900));
      const f = await frame();
      expect(near(at(f, 400, 850), BLUE)).toBe(true);
      expect(near(at(f, 1780, 280), BLUE)).toBe(true); // the text's background, drawn long before
    }
    const later = await frame();
    const changed = clockArea(later).some((c, i) => !near(c, clockArea(first)[i]!, 60));
    expect(changed).toBe(true); // the clock did tick meanwhile
    await ok('compositor.layers.remove', { sceneId: main.id, layerId: clock.id });
    await ok('compositor.layers.update', { sceneId: main.id, layerId: box.id, patch: { color: '#00ff00' } });
    await waitForPicture('the box green again, the clock gone', (f) => near(at(f, 400, 850), GREEN) && clockArea(f).every((c) => near(c, BLACK, 30)));
    expect(await outputPid()).toBe(pid);
  });

  it('cuts and fades between scenes on the same process, without a gap', async () => {
    const pid = await outputPid();
    const { path: url } = await ok<{ path: string }>('compositor.outputs.preview', { id: output.id });
    const file = path.join(dataDir, 'takes.flv');
    const recording = recordStream(`${engine.url}${url}`, file);
    await new Promise((r) => setTimeout(r, 1_500));
    await ok('compositor.mixer.take', { transition: 'cut' });
    await waitForPicture('the other scene after a cut', (f) => near(at(f, 1400, 750), GREEN) && near(at(f, 100, 100), GREEN) && near(at(f, 1780, 280), GREEN));
    await ok('compositor.mixer.take', { transition: 'fade', durationMs: 500 });
    await waitForPicture('the main scene after a fade', (f) => near(at(f, 1780, 280), BLUE) && near(at(f, 400, 850), GREEN) && near(at(f, 100, 900), BLACK, 20));
    await recording.stop();
    expect(await outputPid()).toBe(pid);
    const ts = await videoTimestamps(file);
    const steps = ts.slice(1).map((t, i) => t - ts[i]!);
    expect(ts.length).toBeGreaterThan(50);
    expect(Math.max(...steps)).toBeLessThan(0.2);
    expect(Math.min(...steps)).toBeGreaterThan(0);
  });

  it('shows a slate where a camera died, keeps running, and shows the camera again when it is back', async () => {
    const pid = await outputPid();
    await ok('cameras.update', { id: cameraId, enabled: false });
    // The slate: a flat dark-grey picture with a label, where the bars were.
    await waitForPicture('a slate in the video layer', (f) => isSlate(at(f, 1000, 40)));
    const before = (await outputView()).status;
    await new Promise((r) => setTimeout(r, 2_000));
    const after = (await outputView()).status;
    expect(after.state).toBe('live');
    expect(await outputPid()).toBe(pid);
    expect(after.restarts).toBe(before.restarts);
    // The camera back: its picture replaces the slate (a different picture size, same process).
    await ok('cameras.update', { id: cameraId, enabled: true });
    await waitForPicture('the camera back in its layer', (f) => !isSlate(at(f, 1000, 40)) && !near(at(f, 1300, 100), BLACK, 30));
    expect(await outputPid()).toBe(pid);
  });
});
