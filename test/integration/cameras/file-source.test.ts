import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src-main/app/engine';
import type { CameraView } from '../../../src-main/api/contract';
import { apiCaller } from '../../fixtures/api-caller';

/**
 * A local file whose audio FLV cannot carry as is (G.711 µ-law, as many IP cameras send):
 * the ingest copies the video and converts the audio to AAC, and the camera is live.
 */
const TOKEN = 'file-source-test-token-0123456789';
let engine: Engine;
let dataDir: string;
let clip: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-file-'));
  fs.mkdirSync(path.join(dataDir, 'media'));
  clip = path.join(dataDir, 'media', 'mulaw.mkv');
  execFileSync('ffmpeg', [
    '-hide_banner', '-loglevel', 'error',
    '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=8000',
    '-t', '4', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-c:a', 'pcm_mulaw', '-ar', '8000', '-ac', '1', clip,
  ]);
  engine = await createEngine({ dataDir, shell: 'headless', host: '127.0.0.1', port: 0, token: TOKEN, consoleLog: false });
});
afterAll(async () => {
  await engine?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const { ok } = apiCaller(() => engine.url, TOKEN);

describe('a file camera with G.711 audio', () => {
  it('goes live with its video copied and its audio converted to AAC', async () => {
    const camera = await ok<CameraView>('cameras.add', { name: 'Clip', url: clip });
    let view: CameraView | undefined;
    await expect
      .poll(async () => {
        view = (await ok<CameraView[]>('cameras.list')).find((c) => c.id === camera.id);
        return view?.status.state;
      }, { timeout: 30_000, interval: 250 })
      .toBe('live');
    expect(view?.status.audio?.codec).toBe('pcm_mulaw');
    expect(view?.status.video?.codec).toBe('h264');
    const preview = await ok<{ path: string }>('cameras.preview', { id: camera.id });
    const { stdout } = await promisify(execFile)('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name', '-of', 'csv=p=0', `${engine.url}${preview.path}`], { timeout: 20_000 });
    expect(stdout.split('\n').filter(Boolean).sort()).toEqual(['aac', 'h264']);
  });
});
