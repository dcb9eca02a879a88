import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src-main/app/engine';
import type { CameraView } from '../../../src-main/api/contract';
import type { OutputView, SceneView } from '../../../src-main/compositor/compositor-schema';
import type { RecordingInfo } from '../../../src-main/recordings/recording-types';
import { apiCaller } from '../../fixtures/api-caller';
import { waitFor } from '../../fixtures/wait-for';

/**
 * A program output is recordable like any source: with its recording policy on, its program is
 * recorded into `recordings/program_<id>/` while it is live, listed by `recordings.list` and
 * served like a camera recording. Real test-pattern camera, real FFmpeg encoder and recorder.
 */
const TOKEN = 'program-recording-test-token-0123456789';
let engine: Engine;
let dataDir: string;
let output: OutputView;
const { call, ok } = apiCaller(() => engine.url, TOKEN);
const run = promisify(execFile);

async function outputView(): Promise<OutputView> {
  return (await ok<OutputView[]>('compositor.outputs.list')).find((o) => o.id === output.id)!;
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-program-recording-'));
  engine = await createEngine({ dataDir, shell: 'headless', host: '127.0.0.1', port: 0, token: TOKEN, consoleLog: false, logLevel: 'warn' });
  const cameraId = (await ok<CameraView>('cameras.add', { name: 'Bars', url: 'test://bars?size=320x180&fps=25' })).id;
  await waitFor('camera live', async () => (await ok<CameraView[]>('cameras.list')).find((c) => c.id === cameraId)?.status.state === 'live', 60_000);
  const scene = await ok<SceneView>('compositor.scenes.create', {
    name: 'Main',
    layers: [
      { kind: 'video', sourceId: cameraId, x: 0, y: 0, width: 1920, height: 1080 },
      { kind: 'text', text: 'REC', x: 100, y: 900, width: 600, height: 120, font: 'DejaVu Sans' },
    ],
  });
  await ok('compositor.mixer.setProgram', { sceneId: scene.id });
}, 90_000);

afterAll(async () => {
  await engine?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('program output recording', () => {
  it('is off by default, and a bad policy is refused naming the field', async () => {
    output = await ok<OutputView>('compositor.outputs.add', { name: 'Program', resolution: '720p', fps: 25, videoBitrateKbps: 1500, preset: 'ultrafast', enabled: false });
    expect(output.recording).toEqual({ enabled: false, segmentSeconds: 60, retainHours: 72, maxSizeMb: 20_000 });
    expect(output.recorder.state).toBe('off');
    const bad = await call<{ error: { message: string } }>('compositor.outputs.update', { id: output.id, recording: { segmentSeconds: 1 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/recording\.segmentSeconds/);
    expect((await outputView()).recording.segmentSeconds).toBe(60);
  });

  it('records the live program into playable segments, listed under program_<id>', async () => {
    const updated = await ok<OutputView>('compositor.outputs.update', { id: output.id, enabled: true, recording: { enabled: true, segmentSeconds: 2 } });
    // Fields left out keep their values.
    expect(updated.recording).toEqual({ enabled: true, segmentSeconds: 2, retainHours: 72, maxSizeMb: 20_000 });
    const stored = JSON.parse(fs.readFileSync(path.join(dataDir, 'state.json'), 'utf8')) as { compositorOutputs: Array<{ id: string; recording: unknown }> };
    expect(stored.compositorOutputs.find((o) => o.id === output.id)?.recording).toEqual(updated.recording);

    await waitFor('output live and recording', async () => {
      const view = await outputView();
      return view.status.state === 'live' && view.recorder.state === 'recording';
    }, 90_000);
    const finished = await waitFor(
      'a finished segment',
      async () => (await ok<RecordingInfo[]>('recordings.list', { cameraId: output.sourceId })).find((r) => !r.inProgress),
      60_000,
    );
    expect(output.sourceId).toBe(`program_${output.id}`);
    expect(finished.cameraId).toBe(output.sourceId);
    const file = path.join(dataDir, 'recordings', output.sourceId, finished.id);
    const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name,width,height:format=duration', '-of', 'json', file], { timeout: 20_000 });
    const probed = JSON.parse(stdout) as { streams: Array<{ codec_name: string; width?: number; height?: number }>; format: { duration: string } };
    expect(probed.streams.find((s) => s.codec_name === 'h264')).toMatchObject({ width: 1280, height: 720 });
    expect(Number(probed.format.duration)).toBeGreaterThan(0.5);
    // Decodable to the end, not only a header.
    const decoded = await run('ffmpeg', ['-v', 'error', '-i', file, '-map', '0:v:0', '-f', 'null', '-'], { timeout: 30_000 });
    expect(decoded.stderr).toBe('');
    const url = await ok<{ path: string }>('recordings.url', { cameraId: output.sourceId, id: finished.id });
    const res = await fetch(`${engine.url}${url.path}`, { headers: { range: 'bytes=0-99' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-type')).toBe('video/mp4');
  });

  it('stops recording when the policy is turned off, the output running on', async () => {
    const pid = (await outputView()).status.pid;
    const updated = await ok<OutputView>('compositor.outputs.update', { id: output.id, recording: { enabled: false } });
    expect(updated.recording).toMatchObject({ enabled: false, segmentSeconds: 2 });
    await waitFor('recorder off', async () => (await outputView()).recorder.state === 'off', 30_000);
    const view = await outputView();
    expect(view.status.state).toBe('live');
    expect(view.status.pid).toBe(pid);
    expect((await ok<RecordingInfo[]>('recordings.list', { cameraId: output.sourceId })).every((r) => !r.inProgress)).toBe(true);
  });
});
