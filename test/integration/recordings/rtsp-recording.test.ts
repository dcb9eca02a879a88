import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src-main/app/engine';
import type { CameraView, RecordingInfo, SupervisedProcessInfo } from '../../../src-main/api/contract';
import { rtspServerAvailable, rtspServerUnavailableReason, startRtspCamera, type RtspCamera } from '../../fixtures/rtsp/rtsp-camera';
import { processExists } from '../../fixtures/engine-process';
import { apiCaller } from '../../fixtures/api-caller';

/** Recording a real IP camera (GStreamer's RTSP server, H.264 + AAC) with real FFmpeg. */
const available = rtspServerAvailable();
if (!available && process.env.CI) throw new Error(`RTSP camera fixture unavailable in CI: ${rtspServerUnavailableReason()}`);

const TOKEN = 'rtsp-recording-test-token-0123456789';
const run = promisify(execFile);
let engine: Engine;
let dataDir: string;
let camera: RtspCamera;

beforeAll(async () => {
  if (!available) return;
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-rtsp-rec-'));
  engine = await createEngine({ dataDir, shell: 'headless', host: '127.0.0.1', port: 0, token: TOKEN, consoleLog: false });
  camera = await startRtspCamera({ width: 320, height: 240, fps: 25, bitrateKbps: 400, mounts: ['/rec'] });
});
afterAll(async () => {
  await engine?.close();
  await camera?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

const { ok } = apiCaller(() => engine.url, TOKEN);

describe.skipIf(!available)('recording an RTSP camera', () => {
  it('writes playable H.264 + AAC segments without re-encoding, and stops with the camera', async () => {
    const added = await ok<CameraView>('cameras.add', { name: 'Door', url: camera.url('/rec'), recording: { enabled: true, segmentSeconds: 2 } });
    const deadline = Date.now() + 60_000;
    let done: RecordingInfo[] = [];
    while (Date.now() < deadline && done.length < 2) {
      await new Promise((r) => setTimeout(r, 500));
      done = (await ok<RecordingInfo[]>('recordings.list', { cameraId: added.id })).filter((r) => !r.inProgress);
    }
    expect(done.length).toBeGreaterThanOrEqual(2);
    for (const recording of done.slice(0, 2)) {
      const file = path.join(dataDir, 'recordings', added.id, recording.id);
      const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name,width,height:format=duration', '-of', 'json', file], { timeout: 20_000 });
      const probed = JSON.parse(stdout) as { streams: Array<{ codec_name: string; width?: number }>; format: { duration: string } };
      expect(probed.streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264']);
      expect(probed.streams.find((s) => s.codec_name === 'h264')?.width).toBe(320);
      expect(Number(probed.format.duration)).toBeGreaterThan(1);
      expect(recording.durationSeconds).toBeGreaterThan(1);
    }
    const recorder = (await ok<SupervisedProcessInfo[]>('media.processes')).find((p) => p.id === `record:${added.id}`);
    expect(recorder?.pid).toBeTruthy();
    await ok('cameras.remove', { id: added.id });
    expect((await ok<SupervisedProcessInfo[]>('media.processes')).some((p) => p.id === `record:${added.id}`)).toBe(false);
    expect(processExists(recorder!.pid!)).toBe(false);
    expect((await ok<RecordingInfo[]>('recordings.list', { cameraId: added.id })).length).toBeGreaterThanOrEqual(done.length);
  });
});
