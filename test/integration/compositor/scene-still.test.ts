import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createEngine, type Engine } from '../../../src-main/app/engine';
import type { CameraView } from '../../../src-main/api/contract';
import type { SceneView } from '../../../src-main/compositor/compositor-schema';
import { apiCaller } from '../../fixtures/api-caller';
import { waitFor } from '../../fixtures/wait-for';
import { isSlate, pixel } from './frames';

/**
 * Scene stills take their sources' latest frames from the engine's snapshot service directly,
 * not by calling the engine's own `/media/snapshot` route over loopback HTTP with its token.
 */
const TOKEN = 'scene-still-test-token-0123456789abcd';
let engine: Engine;
let dataDir: string;
let scene: SceneView;
const { ok } = apiCaller(() => engine.url, TOKEN);

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-scene-still-'));
  engine = await createEngine({ dataDir, shell: 'headless', host: '127.0.0.1', port: 0, token: TOKEN, consoleLog: false, logLevel: 'warn' });
  const cameraId = (await ok<CameraView>('cameras.add', { name: 'Bars', url: 'test://bars?size=320x180&fps=10' })).id;
  await waitFor('camera live', async () => (await ok<CameraView[]>('cameras.list')).find((c) => c.id === cameraId)?.status.state === 'live', 60_000);
  scene = await ok<SceneView>('compositor.scenes.create', { name: 'Full', layers: [{ kind: 'video', sourceId: cameraId, x: 0, y: 0, width: 1920, height: 1080 }] });
}, 90_000);
afterAll(async () => {
  vi.restoreAllMocks();
  await engine?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('a scene still', () => {
  it("shows the source's latest frame, read from the snapshot service without a loopback HTTP call", async () => {
    // Every fetch in this process (the engine runs in it) is seen; only the test's own calls may go out.
    const fetches = vi.spyOn(globalThis, 'fetch');
    const { path: url } = await ok<{ path: string }>('compositor.scenes.preview', { sceneId: scene.id, width: 640 });
    const res = await fetch(`${engine.url}${url}`);
    expect(res.status).toBe(200);
    const { data } = await sharp(Buffer.from(await res.arrayBuffer())).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    // The colour bars, not the slate a missing frame gives: several colours across the top.
    const bars = [20, 120, 220, 320, 420, 520, 620].map((x) => pixel(data, 640, x, 60, 1));
    expect(bars.some((c) => isSlate(c))).toBe(false);
    expect(new Set(bars.map((c) => `${c.r >> 5},${c.g >> 5},${c.b >> 5}`)).size).toBeGreaterThan(2);
    const snapshotCalls = fetches.mock.calls.filter(([input]) => String(input instanceof Request ? input.url : input).includes('/media/snapshot/'));
    expect(snapshotCalls).toEqual([]);
  });
});
