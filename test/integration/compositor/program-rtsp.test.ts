import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src-main/app/engine';
import type { CameraView, DestinationView, SupervisedProcessInfo } from '../../../src-main/api/contract';
import type { OutputView, SceneView } from '../../../src-main/compositor/compositor-schema';
import { apiCaller } from '../../fixtures/api-caller';
import { rtspServerStatus, startRtspCamera, type RtspCamera } from '../../fixtures/rtsp/rtsp-camera';
import { waitFor } from '../../fixtures/wait-for';
import { grabFrame, isSlate, near, pixel, type Rgb } from './frames';

/**
 * A program output with a real IP camera (GStreamer's RTSP server, a solid blue test pattern):
 * its picture in the output, the camera dying (the server killed) under a running output, a
 * restream destination on the program, and a format change that does restart the encoder.
 */
const TOKEN = 'compositor-rtsp-test-token-0123456789ab';
const W = 1280;
const H = 720;
const k = W / 1920;
const BLUE: Rgb = { r: 0, g: 0, b: 255 };
const BLACK: Rgb = { r: 0, g: 0, b: 0 };
const run = promisify(execFile);
const available = await rtspServerStatus();

let engine: Engine;
let dataDir: string;
let camera: RtspCamera;
let cameraId: string;
let output: OutputView;
const { ok, call } = apiCaller(() => engine.url, TOKEN);

async function outputView(): Promise<OutputView> {
  return (await ok<OutputView[]>('compositor.outputs.list')).find((o) => o.id === output.id)!;
}
async function outputPid(): Promise<number | null> {
  return (await ok<SupervisedProcessInfo[]>('media.processes')).find((p) => p.id === `compositor-output:${output.id}`)?.pid ?? null;
}
async function liveUrl(): Promise<string> {
  return `${engine.url}${(await ok<{ path: string }>('compositor.outputs.preview', { id: output.id })).path}`;
}
async function waitForPicture(what: string, check: (f: Buffer) => boolean, width = W, height = H): Promise<Buffer> {
  return waitFor(what, async () => {
    const f = await grabFrame(await liveUrl(), width, height);
    return check(f) ? f : null;
  }, 60_000);
}
const at = (f: Buffer, x: number, y: number) => pixel(f, W, Math.round(x * k), Math.round(y * k));

describe.skipIf(!available.available)('program output with an RTSP camera', () => {
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-compositor-rtsp-'));
    camera = await startRtspCamera({ width: 320, height: 240, fps: 15, audio: false, overlay: false, pattern: 'blue', bitrateKbps: 300 });
    engine = await createEngine({ dataDir, shell: 'headless', host: '127.0.0.1', port: 0, token: TOKEN, consoleLog: false, logLevel: 'info' });
    cameraId = (await ok<CameraView>('cameras.add', { name: 'Door camera', url: camera.url() })).id;
    await waitFor('camera live', async () => (await ok<CameraView[]>('cameras.list')).find((c) => c.id === cameraId)?.status.state === 'live');
    const scene = await ok<SceneView>('compositor.scenes.create', {
      name: 'Door',
      layers: [
        { kind: 'video', sourceId: cameraId, x: 960, y: 540, width: 960, height: 540 },
        { kind: 'text', text: 'Door', x: 40, y: 40, width: 400, height: 100 },
      ],
    });
    await ok('compositor.mixer.setProgram', { sceneId: scene.id });
    output = await ok<OutputView>('compositor.outputs.add', { name: 'Main', resolution: '720p', fps: 25, videoBitrateKbps: 1500, preset: 'ultrafast' });
    await waitFor('output live', async () => (await outputView()).status.state === 'live', 60_000);
  }, 120_000);

  afterAll(async () => {
    await engine?.close();
    await camera?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("shows the camera's picture in its layer", async () => {
    const f = await waitForPicture('the camera in its layer', (f) => near(at(f, 1440, 810), BLUE, 50));
    expect(near(at(f, 480, 810), BLACK, 20)).toBe(true);
  });

  it('is a source restream accepts', async () => {
    const destination = await ok<DestinationView>('restream.add', { sourceId: output.sourceId, name: 'Platform', url: 'rtmp://127.0.0.1:1/live', key: 'program-key-123', enabled: false });
    expect(destination.sourceId).toBe(output.sourceId);
    await ok('restream.remove', { id: destination.id });
  });

  it('restarts only for a new format', async () => {
    const pid = await outputPid();
    await ok('compositor.outputs.update', { id: output.id, name: 'Main program' });
    expect(await outputPid()).toBe(pid);
    await ok('compositor.outputs.update', { id: output.id, resolution: '1080p' });
    await waitFor('the 1080p encoder live', async () => {
      const view = await outputView();
      return view.status.state === 'live' && view.status.pid !== pid && view.width === 1920;
    }, 60_000);
    const { stdout } = await run('ffprobe', ['-v', 'error', '-rw_timeout', '10000000', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', await liveUrl()], { timeout: 30_000 });
    expect(stdout.trim()).toBe('1920,1080');
    const bad = await call<{ error: { message: string } }>('compositor.outputs.update', { id: output.id, fps: 24 });
    expect(bad.status).toBe(400);
  });

  it('keeps running with a slate in the layer when the camera dies', { timeout: 120_000 }, async () => {
    const pid = await outputPid();
    await camera.stop();
    const f = await waitForPicture(
      'a slate where the camera was',
      (f) => {
        fs.writeFileSync(path.join(os.tmpdir(), 'cr-compositor-rtsp-last.rgb'), f);
        return isSlate(pixel(f, 1920, 1440, 600));
      },
      1920,
      1080,
    );
    expect(near(pixel(f, 1920, 480, 810), BLACK, 20)).toBe(true);
    expect((await outputView()).status.state).toBe('live');
    expect(await outputPid()).toBe(pid);
    // The camera removed altogether: still running, still the slate.
    await ok('cameras.remove', { id: cameraId });
    await new Promise((r) => setTimeout(r, 2_000));
    expect((await outputView()).status.state).toBe('live');
    expect(await outputPid()).toBe(pid);
  });
});
