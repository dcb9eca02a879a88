import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src-main/app/engine';
import type { CameraView } from '../../../src-main/api/contract';
import type { AssetView, CompositorOverview, Layer, MixerView, SceneView } from '../../../src-main/compositor/compositor-schema';
import { apiCaller } from '../../fixtures/api-caller';
import { pngClaiming } from './images';

/**
 * The compositor's scenes, layers, images, fonts and mixer through the real HTTP API of an
 * in-process engine (real state file, real sharp, a real test-pattern camera as a source).
 */
const TOKEN = 'compositor-api-test-token-0123456789';
let engine: Engine;
let dataDir: string;
let cameraId: string;
const { call, ok } = apiCaller(() => engine.url, TOKEN);

type ErrorBody = { error: { code: string; message: string } };

async function refused(procedure: string, input: unknown, status: number, message: RegExp): Promise<void> {
  const res = await call<ErrorBody>(procedure, input);
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.error.message).toMatch(message);
}

const assetDir = () => path.join(dataDir, 'compositor', 'assets');
const assetFiles = () => (fs.existsSync(assetDir()) ? fs.readdirSync(assetDir()) : []);
const storedState = () => JSON.parse(fs.readFileSync(path.join(dataDir, 'state.json'), 'utf8')) as Record<string, unknown>;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-compositor-api-'));
  engine = await createEngine({ dataDir, shell: 'headless', host: '127.0.0.1', port: 0, token: TOKEN, consoleLog: false, logLevel: 'warn' });
  // Disabled: only its id matters here (no process needed).
  cameraId = (await ok<CameraView>('cameras.add', { name: 'Bars', url: 'test://bars?size=320x240&fps=10', enabled: false })).id;
});
afterAll(async () => {
  await engine?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('scenes and layers', () => {
  let scene: SceneView;

  it('creates a scene with layers, persisted', async () => {
    scene = await ok<SceneView>('compositor.scenes.create', {
      name: 'Main',
      layers: [
        { kind: 'video', sourceId: cameraId, x: 0, y: 0, width: 1920, height: 1080 },
        { kind: 'text', text: 'Hello', x: 100, y: 900, width: 800, height: 100, font: 'DejaVu Sans' },
      ],
    });
    expect(scene.layers.map((l) => l.kind)).toEqual(['video', 'text']);
    expect(scene.layers[1]).toMatchObject({ fontSize: 48, color: '#ffffff', opacity: 1, visible: true });
    const stored = storedState().compositorScenes as SceneView[];
    expect(stored.find((s) => s.id === scene.id)?.layers).toHaveLength(2);
  });

  it('adds, updates (checked against the kind), reorders and removes layers', async () => {
    const color = await ok<Layer>('compositor.layers.add', { sceneId: scene.id, layer: { kind: 'color', color: '#ff0000', x: 10, y: 10, width: 100, height: 100 }, index: 0 });
    let list = await ok<SceneView[]>('compositor.scenes.list');
    expect(list.find((s) => s.id === scene.id)!.layers[0]!.id).toBe(color.id);

    const text = scene.layers[1]!;
    const updated = await ok<Layer>('compositor.layers.update', { sceneId: scene.id, layerId: text.id, patch: { text: 'Changed', x: 200, visible: false } });
    expect(updated).toMatchObject({ id: text.id, kind: 'text', text: 'Changed', x: 200, visible: false, y: 900 });

    await refused('compositor.layers.update', { sceneId: scene.id, layerId: text.id, patch: { sourceId: cameraId } }, 400, /patch\.sourceId: unknown field/);
    await refused('compositor.layers.update', { sceneId: scene.id, layerId: text.id, patch: { kind: 'color' } }, 400, /patch\.kind/);
    await refused('compositor.layers.update', { sceneId: scene.id, layerId: text.id, patch: { color: 'red' } }, 400, /patch\.color: a colour is #rrggbb/);
    await refused('compositor.layers.update', { sceneId: scene.id, layerId: text.id, patch: { text: 'x'.repeat(100_000) } }, 400, /patch\.text: a text is at most 2000 characters/);
    await refused('compositor.layers.update', { sceneId: scene.id, layerId: text.id, patch: { x: 5000 } }, 400, /patch\.x/);
    await refused('compositor.layers.update', { sceneId: scene.id, layerId: text.id, patch: { x: 1920 } }, 400, /entirely outside the 1920×1080 canvas/);

    const ids = (await ok<SceneView[]>('compositor.scenes.list')).find((s) => s.id === scene.id)!.layers.map((l) => l.id);
    const reordered = await ok<SceneView>('compositor.layers.reorder', { sceneId: scene.id, layerIds: [...ids].reverse() });
    expect(reordered.layers.map((l) => l.id)).toEqual([...ids].reverse());
    await refused('compositor.layers.reorder', { sceneId: scene.id, layerIds: ids.slice(1) }, 400, /missing/);

    await ok('compositor.layers.remove', { sceneId: scene.id, layerId: color.id });
    list = await ok<SceneView[]>('compositor.scenes.list');
    expect(list.find((s) => s.id === scene.id)!.layers.some((l) => l.id === color.id)).toBe(false);
  });

  it('refuses bad layers with clear messages and stores nothing', async () => {
    const before = JSON.stringify(storedState().compositorScenes);
    const base = { x: 0, y: 0, width: 100, height: 100 };
    await refused('compositor.layers.add', { sceneId: scene.id, layer: { kind: 'color', color: '#000000', ...base, x: -100 } }, 400, /entirely outside/);
    await refused('compositor.layers.add', { sceneId: scene.id, layer: { kind: 'color', color: '#000000', ...base, y: 1080 } }, 400, /entirely outside/);
    await refused('compositor.layers.add', { sceneId: scene.id, layer: { kind: 'text', text: 'a', font: 'No Such Font Family', ...base } }, 400, /layer\.font: .*No Such Font Family/);
    await refused('compositor.layers.add', { sceneId: scene.id, layer: { kind: 'text', text: 'a'.repeat(100_000), ...base } }, 400, /at most 2000 characters/);
    await refused('compositor.layers.add', { sceneId: scene.id, layer: { kind: 'video', sourceId: 'cam_nope', ...base } }, 400, /layer\.sourceId: no camera or stream with id cam_nope/);
    await refused('compositor.layers.add', { sceneId: scene.id, layer: { kind: 'image', assetId: 'ast_nope', ...base } }, 400, /layer\.assetId: no uploaded image/);
    await refused('compositor.layers.add', { sceneId: scene.id, layer: { kind: 'color', color: '#000000', ...base, bogus: 1 } }, 400, /bogus: unknown field/);
    await refused('compositor.scenes.create', { name: 'Bad', layers: [{ kind: 'text', text: 'a', font: 'Nope Sans', ...base }] }, 400, /layers\.0\.font/);
    await refused('compositor.layers.add', { sceneId: 'scn_nope', layer: { kind: 'color', color: '#000000', ...base } }, 404, /no scene/);
    // Partly outside is fine.
    const partly = await ok<Layer>('compositor.layers.add', { sceneId: scene.id, layer: { kind: 'color', color: '#000000', ...base, x: -50, y: 1000 } });
    await ok('compositor.layers.remove', { sceneId: scene.id, layerId: partly.id });
    expect(JSON.stringify(storedState().compositorScenes).replace(/"updatedAt":"[^"]+"/g, '')).toBe(before.replace(/"updatedAt":"[^"]+"/g, ''));
    expect((await ok<SceneView[]>('compositor.scenes.list')).map((s) => s.name)).toEqual(['Main']);
  });

  it('refuses more video layers than an output has slots, and a fade that would need more', async () => {
    const v = { kind: 'video', sourceId: cameraId, x: 0, y: 0, width: 100, height: 100 };
    await refused('compositor.scenes.create', { name: 'Five', layers: [v, v, v, v, v] }, 409, /at most 4 video layers/);
    const three = await ok<SceneView>('compositor.scenes.create', { name: 'Three', layers: [v, v, v] });
    const two = await ok<SceneView>('compositor.scenes.create', { name: 'Two', layers: [v, v] });
    await ok('compositor.mixer.setProgram', { sceneId: three.id });
    await ok('compositor.mixer.setPreview', { sceneId: two.id });
    await refused('compositor.mixer.take', { transition: 'fade', durationMs: 500 }, 409, /at most 4; use a cut/);
    const mixer = await ok<MixerView>('compositor.mixer.take', { transition: 'cut' });
    expect(mixer.programSceneId).toBe(two.id);
    await ok('compositor.mixer.setProgram', { sceneId: scene.id });
    await ok('compositor.scenes.remove', { id: three.id });
    await ok('compositor.scenes.remove', { id: two.id });
  });

  it('lists fonts', async () => {
    const fonts = await ok<string[]>('compositor.fonts');
    expect(fonts).toContain('DejaVu Sans');
  });
});

describe('images', () => {
  it('uploads a PNG, serves it through a ticketed URL, refuses removing it while used', async () => {
    const png = await sharp({ create: { width: 64, height: 32, channels: 4, background: '#00ff00' } }).png().toBuffer();
    const asset = await ok<AssetView>('compositor.assets.upload', { name: 'Logo', dataBase64: png.toString('base64') });
    expect(asset).toMatchObject({ name: 'Logo', format: 'png', width: 64, height: 32, bytes: png.length });
    expect(assetFiles()).toHaveLength(1);

    const { path: url } = await ok<{ path: string }>('compositor.assets.url', { id: asset.id });
    const res = await fetch(`${engine.url}${url}`);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(png)).toBe(true);
    expect((await fetch(`${engine.url}${url.split('?')[0]}`)).status).toBe(401);

    const scene = await ok<SceneView>('compositor.scenes.create', { name: 'With logo', layers: [{ kind: 'image', assetId: asset.id, x: 0, y: 0, width: 200, height: 100 }] });
    await refused('compositor.assets.remove', { id: asset.id }, 409, /used by layers in: With logo/);
    await ok('compositor.scenes.remove', { id: scene.id });
    await ok('compositor.assets.remove', { id: asset.id });
    expect(assetFiles()).toHaveLength(0);
    expect(await ok<AssetView[]>('compositor.assets.list')).toEqual([]);
  });

  it('refuses what is not a safe image, storing nothing', async () => {
    const upload = (bytes: Buffer) => ({ name: 'Bad', dataBase64: bytes.toString('base64') });
    await refused('compositor.assets.upload', upload(Buffer.from('this is not an image at all')), 400, /dataBase64: .*(not|unsupported)/i);
    await refused(
      'compositor.assets.upload',
      upload(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>')),
      400,
      /script/i,
    );
    await refused(
      'compositor.assets.upload',
      upload(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10"><image xlink:href="http://example.com/x.png" width="10" height="10"/></svg>')),
      400,
      /refers to "http/i,
    );
    await refused('compositor.assets.upload', upload(pngClaiming(20_000, 100)), 400, /dataBase64: The image is 20000×100 pixels; at most/);
    // Over sharp's pixel limit: refused from the header, never decoded.
    await refused('compositor.assets.upload', upload(pngClaiming(30_000, 30_000)), 400, /dataBase64: /);
    expect(assetFiles()).toHaveLength(0);
    expect(await ok<AssetView[]>('compositor.assets.list')).toEqual([]);
  });
});

describe('mixer', () => {
  it('puts scenes on preview and program, takes with cut and fade, persists', async () => {
    const scenes = await ok<SceneView[]>('compositor.scenes.list');
    const a = scenes[0]!;
    const b = await ok<SceneView>('compositor.scenes.create', { name: 'Second', layers: [{ kind: 'color', color: '#0000ff', x: 0, y: 0, width: 1920, height: 1080 }] });
    await refused('compositor.mixer.take', {}, 409, /Nothing on preview/);
    await ok<MixerView>('compositor.mixer.setProgram', { sceneId: a.id });
    let mixer = await ok<MixerView>('compositor.mixer.setPreview', { sceneId: b.id });
    expect(mixer).toMatchObject({ programSceneId: a.id, previewSceneId: b.id, transition: null });
    mixer = await ok<MixerView>('compositor.mixer.take', { transition: 'cut' });
    expect(mixer).toMatchObject({ programSceneId: b.id, previewSceneId: a.id, transition: null });
    mixer = await ok<MixerView>('compositor.mixer.take', { transition: 'fade', durationMs: 300 });
    expect(mixer.programSceneId).toBe(a.id);
    expect(mixer.transition).toMatchObject({ kind: 'fade', durationMs: 300 });
    expect((storedState().compositorMixer as MixerView).programSceneId).toBe(a.id);
    await refused('compositor.scenes.remove', { id: a.id }, 409, /on program/);
    await refused('compositor.mixer.setPreview', { sceneId: 'scn_nope' }, 404, /no scene/);
  });

  it('publishes the compositor topic: a snapshot, then changes', async () => {
    const snapshots: CompositorOverview[] = [];
    const changes: CompositorOverview[] = [];
    const unsubscribe = await engine.dispatcher.subscribe('compositor', {}, (kind, data) => (kind === 'snapshot' ? snapshots : changes).push(data as CompositorOverview));
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0]!.scenes.map((s) => s.name)).toEqual(['Main', 'Second']);
    await ok('compositor.scenes.create', { name: 'Third' });
    expect(changes.at(-1)?.scenes.map((s) => s.name)).toEqual(['Main', 'Second', 'Third']);
    unsubscribe();
  });
});
