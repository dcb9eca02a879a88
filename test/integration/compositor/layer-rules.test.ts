import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src-main/app/engine';
import type { CameraView } from '../../../src-main/api/contract';
import type { Layer, SceneView } from '../../../src-main/compositor/compositor-schema';
import { apiCaller } from '../../fixtures/api-caller';

/**
 * What a layer may promise, through the real HTTP API of an in-process engine whose state file
 * was written by an older build: video layers offer no audio and no `cover` (the program output
 * does neither), and a clock's time zone is checked when it is saved.
 */
const TOKEN = 'layer-rules-test-token-0123456789abc';
let engine: Engine;
let dataDir: string;
let cameraId: string;
let scene: SceneView;
const { call, ok } = apiCaller(() => engine.url, TOKEN);
type ErrorBody = { error: { code: string; message: string } };

async function refused(procedure: string, input: unknown, message: RegExp): Promise<void> {
  const res = await call<ErrorBody>(procedure, input);
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  expect(res.body.error.message).toMatch(message);
}

const storedScenes = () => (JSON.parse(fs.readFileSync(path.join(dataDir, 'state.json'), 'utf8')) as { compositorScenes: SceneView[] }).compositorScenes;
const box = { x: 0, y: 0, width: 640, height: 360 };
const now = '2026-11-01T10:00:00.000Z';

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-layer-rules-'));
  // A state file as an older build wrote it: video layers with `audio` and `fit: 'cover'`.
  const oldLayer = (id: string, fit: string) => ({ kind: 'video', id, sourceId: 'cam_old', ...box, opacity: 1, visible: true, fit, audio: true });
  fs.writeFileSync(
    path.join(dataDir, 'state.json'),
    JSON.stringify({
      version: 1,
      nodeId: '3b0c1f8e-5b7a-4b8e-9d3c-0a1b2c3d4e5f',
      createdAt: now,
      compositorScenes: [{ id: 'scn_old', name: 'Old', layers: [oldLayer('lay_cover', 'cover'), oldLayer('lay_contain', 'contain')], createdAt: now, updatedAt: now }],
    }),
  );
  engine = await createEngine({ dataDir, shell: 'headless', host: '127.0.0.1', port: 0, token: TOKEN, consoleLog: false, logLevel: 'warn' });
  cameraId = (await ok<CameraView>('cameras.add', { name: 'Bars', url: 'test://bars?size=320x240&fps=10', enabled: false })).id;
  scene = await ok<SceneView>('compositor.scenes.create', { name: 'New' });
});
afterAll(async () => {
  await engine?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('video layers carry no audio flag', () => {
  it('loads an old stored layer with `audio`, without it', async () => {
    const old = (await ok<SceneView[]>('compositor.scenes.list')).find((s) => s.id === 'scn_old')!;
    expect(old.layers).toHaveLength(2);
    for (const layer of old.layers) expect(layer).not.toHaveProperty('audio');
  });

  it('refuses `audio` on add and update, storing nothing', async () => {
    await refused('compositor.layers.add', { sceneId: scene.id, layer: { kind: 'video', sourceId: cameraId, ...box, audio: true } }, /layer\.audio: unknown field/);
    const layer = await ok<Layer>('compositor.layers.add', { sceneId: scene.id, layer: { kind: 'video', sourceId: cameraId, ...box } });
    expect(layer).not.toHaveProperty('audio');
    await refused('compositor.layers.update', { sceneId: scene.id, layerId: layer.id, patch: { audio: true } }, /patch\.audio: unknown field/);
    expect(storedScenes().find((s) => s.id === scene.id)!.layers[0]).not.toHaveProperty('audio');
    await ok('compositor.layers.remove', { sceneId: scene.id, layerId: layer.id });
  });
});

describe('video layers fit by stretch or contain only', () => {
  it('loads an old stored `cover` video layer as `stretch` (what the program showed), others unchanged', async () => {
    const old = (await ok<SceneView[]>('compositor.scenes.list')).find((s) => s.id === 'scn_old')!;
    expect(old.layers.map((l) => [l.id, l.kind === 'video' && l.fit])).toEqual([
      ['lay_cover', 'stretch'],
      ['lay_contain', 'contain'],
    ]);
  });

  it('refuses `cover` for a video layer, and keeps it for an image', async () => {
    await refused('compositor.layers.add', { sceneId: scene.id, layer: { kind: 'video', sourceId: cameraId, ...box, fit: 'cover' } }, /layer\.fit/);
    const layer = await ok<Layer>('compositor.layers.add', { sceneId: scene.id, layer: { kind: 'video', sourceId: cameraId, ...box, fit: 'contain' } });
    await refused('compositor.layers.update', { sceneId: scene.id, layerId: layer.id, patch: { fit: 'cover' } }, /patch\.fit/);
    expect((await ok<SceneView[]>('compositor.scenes.list')).find((s) => s.id === scene.id)!.layers[0]).toMatchObject({ id: layer.id, fit: 'contain' });
    await ok('compositor.layers.remove', { sceneId: scene.id, layerId: layer.id });
    // An image keeps `cover`: the graphics renderer crops images. Refused here for its missing asset, not its fit.
    await refused('compositor.layers.add', { sceneId: scene.id, layer: { kind: 'image', assetId: 'ast_nope', ...box, fit: 'cover' } }, /layer\.assetId: no uploaded image/);
  });
});

describe('a clock layer\'s time zone', () => {
  const clock = { kind: 'clock', ...box, font: 'DejaVu Sans' };

  it('is refused on add when it is not a known IANA zone, naming the field; nothing is stored', async () => {
    const before = JSON.stringify(storedScenes());
    await refused('compositor.layers.add', { sceneId: scene.id, layer: { ...clock, timeZone: 'Mars/Olympus_Mons' } }, /^layer\.timeZone: "Mars\/Olympus_Mons" is not a known IANA time zone/);
    await refused('compositor.scenes.create', { name: 'Clocks', layers: [{ ...clock, timeZone: 'Nowhere' }] }, /^layers\.0\.timeZone: "Nowhere" is not a known IANA time zone/);
    expect(JSON.stringify(storedScenes())).toBe(before);
  });

  it('is refused on update, and a known zone (or none) is accepted', async () => {
    const layer = await ok<Layer>('compositor.layers.add', { sceneId: scene.id, layer: { ...clock, timeZone: 'Europe/Paris' } });
    await refused('compositor.layers.update', { sceneId: scene.id, layerId: layer.id, patch: { timeZone: 'Europe/Atlantis' } }, /^patch\.timeZone: "Europe\/Atlantis" is not a known IANA time zone/);
    expect(storedScenes().find((s) => s.id === scene.id)!.layers.find((l) => l.id === layer.id)).toMatchObject({ timeZone: 'Europe/Paris' });
    expect(await ok<Layer>('compositor.layers.update', { sceneId: scene.id, layerId: layer.id, patch: { timeZone: 'America/New_York' } })).toMatchObject({ timeZone: 'America/New_York' });
    expect(await ok<Layer>('compositor.layers.update', { sceneId: scene.id, layerId: layer.id, patch: { timeZone: null } })).toMatchObject({ timeZone: null });
  });
});
