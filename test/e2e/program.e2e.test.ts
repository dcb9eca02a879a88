import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import type { CameraView } from '../../src-main/api/contract';
import type { Layer, MixerView, OutputView, SceneView } from '../../src-main/compositor/compositor-schema';
import type { EngineProcess } from '../fixtures/engine-process';
import { screenshot, type SignedInPage } from './chromium';
import { endUiSession, pollerWithin, startUiSession } from './ui-session';

/**
 * The Program page against the real headless engine in real Chromium: scenes, every layer kind
 * through the add menu, dragging and resizing on the canvas, the properties panel (with the
 * engine's refusals shown), z-order and visibility, preview → program with Cut and Fade, and
 * a program output going live with moving figures. Every change is checked through the API.
 */

const VIEWPORT = { width: 1440, height: 1900 };
const UI_TIMEOUT_MS = 20_000;

let engine: EngineProcess;
let browser: Browser;
let page: Page;
let problems: SignedInPage['problems'];
let camera: CameraView;

beforeAll(async () => {
  ({ engine, browser, page, problems } = await startUiSession({
    navigateTo: 'program',
    viewport: VIEWPORT,
    timeoutMs: UI_TIMEOUT_MS,
    needsFfmpeg: true,
    autoplay: true,
    prepare: async (started) => {
      camera = await started.call<CameraView>('cameras.add', { name: 'Bars', url: 'test://bars?size=640x360&fps=25' });
    },
  }));
}, 90_000);

afterAll(() => endUiSession(browser, engine), 60_000);

const poll = pollerWithin(UI_TIMEOUT_MS);

async function sceneNamed(name: string): Promise<SceneView> {
  const scene = (await engine.call<SceneView[]>('compositor.scenes.list')).find((s) => s.name === name);
  if (!scene) throw new Error(`no scene named ${name}`);
  return scene;
}

async function layerOf(sceneName: string, layerId: string): Promise<Layer> {
  const layer = (await sceneNamed(sceneName)).layers.find((l) => l.id === layerId);
  if (!layer) throw new Error(`no layer ${layerId} in ${sceneName}`);
  return layer;
}

function canvasLayer(id: string): Locator {
  return page.locator(`[data-testid="canvas-layer"][data-layer-id="${id}"]`);
}

function layerRow(id: string): Locator {
  return page.locator(`[data-testid="layer-row"][data-layer-id="${id}"]`);
}

function sceneRow(name: string): Locator {
  return page.locator(`[data-testid="scene-row"][data-name="${name}"]`);
}

/** Adds a layer of a kind through the menu and returns the new layer (the one the engine did not have before). */
async function addLayer(sceneName: string, kind: string, pick?: () => Promise<void>): Promise<Layer> {
  const before = new Set((await sceneNamed(sceneName)).layers.map((l) => l.id));
  await page.getByTestId('layer-add').click();
  await page.getByTestId(`layer-add-${kind}`).click();
  if (pick) await pick();
  await poll(async () => (await sceneNamed(sceneName)).layers.filter((l) => !before.has(l.id)).length).toBe(1);
  const added = (await sceneNamed(sceneName)).layers.find((l) => !before.has(l.id))!;
  await canvasLayer(added.id).waitFor();
  // A new layer is selected: its properties are open.
  await poll(() => page.getByTestId('layer-properties').getAttribute('data-layer-id')).toBe(added.id);
  return added;
}

/** Drags from the centre of `from` by (dx, dy) screen pixels with real pointer events. */
async function drag(from: Locator, dx: number, dy: number): Promise<void> {
  const box = await from.boundingBox();
  if (!box) throw new Error('nothing to drag');
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx / 2, y + dy / 2, { steps: 5 });
  await page.mouse.move(x + dx, y + dy, { steps: 5 });
  await page.mouse.up();
}

async function canvasScale(): Promise<number> {
  return Number(await page.getByTestId('scene-canvas').getAttribute('data-scale'));
}

describe('Program page against the real engine', { timeout: 90_000 }, () => {
  const SCENE = 'Studio';
  const SECOND = 'Break';
  let colorLayer: Layer;
  let textLayer: Layer;

  test('starts empty and creates a scene, which goes on preview', async () => {
    await page.getByTestId('page-program').waitFor();
    await page.getByTestId('scene-list-empty').waitFor();
    await page.getByTestId('editor-empty').waitFor();
    await screenshot(page, 'program-empty');

    await page.getByTestId('scene-new').click();
    await page.getByTestId('scene-dialog-name').fill(SCENE);
    await page.getByTestId('scene-dialog-save').click();
    await sceneRow(SCENE).waitFor();
    const scene = await sceneNamed(SCENE);
    await poll(async () => (await engine.call<MixerView>('compositor.mixer.get')).previewSceneId).toBe(scene.id);
    await poll(() => sceneRow(SCENE).getAttribute('data-tally')).toBe('preview');
    expect(await page.getByTestId('editor-scene-name').textContent()).toBe(SCENE);
  });

  test('adds a colour and a text layer through the menu; the canvas draws them', async () => {
    colorLayer = await addLayer(SCENE, 'color');
    expect(colorLayer.kind).toBe('color');
    // A colour box is drawn in its colour.
    const background = await canvasLayer(colorLayer.id).locator('.layer-visual').evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(background).toBe('rgb(29, 78, 216)');

    textLayer = await addLayer(SCENE, 'text');
    expect(textLayer).toMatchObject({ kind: 'text', text: 'New text' });
    expect(await canvasLayer(textLayer.id).textContent()).toBe('New text');
    expect(await page.getByTestId('layer-row').count()).toBe(2);
    await screenshot(page, 'program-two-layers');
  });

  test('dragging a layer moves it in the engine; a corner handle resizes it', async () => {
    const scale = await canvasScale();
    expect(scale).toBeGreaterThan(0.1);
    const start = await layerOf(SCENE, colorLayer.id);
    // While the pointer is down the box follows it on screen only; the engine is told on release.
    const box = (await canvasLayer(colorLayer.id).boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 200, box.y + box.height / 2 + 100, { steps: 8 });
    await poll(() => page.getByTestId('selection-geometry').textContent()).not.toContain(`${start.x}, ${start.y}`);
    expect(await page.locator('.scene-canvas.dragging').count()).toBe(1);
    expect(await layerOf(SCENE, colorLayer.id)).toMatchObject({ x: start.x, y: start.y });
    await page.mouse.up();
    // Stored on release: the engine's copy moved by the dragged distance in canvas pixels.
    await poll(async () => (await layerOf(SCENE, colorLayer.id)).x).not.toBe(start.x);
    const moved = await layerOf(SCENE, colorLayer.id);
    expect(Math.abs(moved.x - (start.x + 200 / scale))).toBeLessThanOrEqual(3);
    expect(Math.abs(moved.y - (start.y + 100 / scale))).toBeLessThanOrEqual(3);
    expect(moved.width).toBe(start.width);
    // The canvas shows it where the engine has it.
    const geometry = await page.getByTestId('selection-geometry').textContent();
    expect(geometry).toContain(`${moved.x}, ${moved.y}`);

    await drag(page.getByTestId('resize-se'), -60, -30);
    await poll(async () => (await layerOf(SCENE, colorLayer.id)).width).toBeLessThan(start.width);
    const resized = await layerOf(SCENE, colorLayer.id);
    expect(resized.x).toBe(moved.x);
    expect(resized.y).toBe(moved.y);
    expect(Math.abs(resized.width - (start.width - 60 / scale))).toBeLessThanOrEqual(3);
    await screenshot(page, 'program-dragged');
  });

  test('edits text in the properties panel; the engine stores it', async () => {
    await layerRow(textLayer.id).getByTestId('layer-choose').click();
    await poll(() => page.getByTestId('layer-properties').getAttribute('data-layer-id')).toBe(textLayer.id);
    await page.getByTestId('layer-field-text').fill('Live from the studio');
    await page.getByTestId('layer-field-fontSize').fill('72');
    expect(await page.getByTestId('layer-properties').getAttribute('data-dirty')).toBe('true');
    await screenshot(page, 'program-text-draft');
    await page.getByTestId('layer-apply').click();
    await page.getByTestId('layer-saved').waitFor();
    const stored = await layerOf(SCENE, textLayer.id);
    expect(stored).toMatchObject({ text: 'Live from the studio', fontSize: 72 });
    await poll(() => canvasLayer(textLayer.id).textContent()).toBe('Live from the studio');
  });

  test("shows the engine's refusal next to the form and changes nothing", async () => {
    const before = await layerOf(SCENE, textLayer.id);
    // Inside the schema's range, but the whole layer would be off the canvas: the engine refuses it.
    await page.getByTestId('layer-field-x').fill('1950');
    await page.getByTestId('layer-apply').click();
    await page.getByTestId('layer-problem').waitFor();
    const fieldErrors = await page.locator('[data-testid^="layer-error-"]').allTextContents();
    const shown = [await page.getByTestId('layer-problem').textContent(), ...fieldErrors].join(' ');
    expect(shown).toMatch(/Not applied/);
    expect(shown).toMatch(/outside the 1920×1080 canvas/);
    await screenshot(page, 'program-refused');
    expect((await layerOf(SCENE, textLayer.id)).x).toBe(before.x);
    await page.getByTestId('layer-revert').click();
    expect(await page.getByTestId('layer-field-x').inputValue()).toBe(String(before.x));
  });

  test('z-order and visibility controls reorder and hide layers in the engine', async () => {
    // The text layer is on top: send it backward, under the colour box.
    await layerRow(textLayer.id).getByTestId('layer-backward').click();
    await poll(async () => (await sceneNamed(SCENE)).layers.map((l) => l.id)).toEqual([textLayer.id, colorLayer.id]);
    // The list shows the top layer first.
    await poll(() => page.getByTestId('layer-row').first().getAttribute('data-layer-id')).toBe(colorLayer.id);
    expect(await layerRow(colorLayer.id).getByTestId('layer-forward').isDisabled()).toBe(true);

    await layerRow(colorLayer.id).getByTestId('layer-visibility').click();
    await poll(async () => (await layerOf(SCENE, colorLayer.id)).visible).toBe(false);
    await poll(() => layerRow(colorLayer.id).getAttribute('data-visible')).toBe('false');
    await layerRow(colorLayer.id).getByTestId('layer-visibility').click();
    await poll(async () => (await layerOf(SCENE, colorLayer.id)).visible).toBe(true);
  });

  test('adds the other kinds: video from a camera, an uploaded image, clock, countdown (started), lower third', async () => {
    const video = await addLayer(SCENE, 'video', async () => {
      await page.getByTestId('source-picker').waitFor();
      await screenshot(page, 'program-source-picker');
      await page.locator(`[data-testid="source-option"][data-source-id="${camera.id}"]`).click();
    });
    expect(video).toMatchObject({ kind: 'video', sourceId: camera.id, x: 0, y: 0, width: 1920, height: 1080 });
    // A full-frame picture goes under everything else.
    expect((await sceneNamed(SCENE)).layers[0]!.id).toBe(video.id);

    const png = await sharp({ create: { width: 320, height: 160, channels: 4, background: { r: 250, g: 200, b: 0, alpha: 1 } } }).png().toBuffer();
    const image = await addLayer(SCENE, 'image', async () => {
      await page.getByTestId('image-picker').waitFor();
      await page.getByTestId('asset-upload-input').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: png });
    });
    // Placed at its own size (it fits in 800×600), centred.
    expect(image).toMatchObject({ kind: 'image', width: 320, height: 160, x: 800, y: 460 });
    // The image is drawn as the image itself, fetched from the engine.
    const img = canvasLayer(image.id).locator('img');
    await poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(320);

    await addLayer(SCENE, 'clock');
    const countdown = await addLayer(SCENE, 'countdown');
    await page.getByTestId('countdown-start').click();
    await poll(async () => {
      const stored = await layerOf(SCENE, countdown.id);
      return stored.kind === 'countdown' ? stored.startedAt : null;
    }).not.toBeNull();
    await poll(() => page.getByTestId('countdown-controls').getAttribute('data-state')).toBe('running');
    // The layer list resets it too.
    await layerRow(countdown.id).getByTestId('layer-countdown').click();
    await poll(async () => {
      const stored = await layerOf(SCENE, countdown.id);
      return stored.kind === 'countdown' ? stored.startedAt : 'not a countdown';
    }).toBeNull();
    await poll(() => layerRow(countdown.id).getByTestId('layer-countdown').textContent()).toBe('Start');

    const lowerThird = await addLayer(SCENE, 'lowerThird');
    await page.getByTestId('layer-field-title').fill('Ada Lovelace');
    await page.getByTestId('layer-field-subtitle').fill('Analyst');
    await page.getByTestId('layer-apply').click();
    await poll(async () => {
      const stored = await layerOf(SCENE, lowerThird.id);
      return stored.kind === 'lowerThird' ? `${stored.title} / ${stored.subtitle}` : '';
    }).toBe('Ada Lovelace / Analyst');
    await poll(() => canvasLayer(lowerThird.id).textContent()).toBe('Ada LovelaceAnalyst');
    await poll(() => page.getByTestId('preview-still').count()).toBe(1);
    await screenshot(page, 'program-all-kinds');
  });

  test('Cut takes the preview scene to program; Fade shows its progress', async () => {
    const studio = await sceneNamed(SCENE);
    await page.getByTestId('take-cut').click();
    await poll(async () => (await engine.call<MixerView>('compositor.mixer.get')).programSceneId).toBe(studio.id);
    await poll(() => sceneRow(SCENE).getAttribute('data-tally')).toBe('program');
    await poll(() => page.getByTestId('program-scene-name').textContent()).toBe(SCENE);

    // A second scene on preview, then a long fade: the bar runs while it lasts.
    await page.getByTestId('scene-new').click();
    await page.getByTestId('scene-dialog-name').fill(SECOND);
    await page.getByTestId('scene-dialog-save').click();
    await poll(async () => (await engine.call<SceneView[]>('compositor.scenes.list')).some((s) => s.name === SECOND)).toBe(true);
    const breakScene = await sceneNamed(SECOND);
    await poll(async () => (await engine.call<MixerView>('compositor.mixer.get')).previewSceneId).toBe(breakScene.id);
    await addLayer(SECOND, 'color');
    await poll(() => page.getByTestId('program-monitor').getAttribute('data-mode')).not.toBe('none');
    await screenshot(page, 'program-before-fade');

    await page.getByTestId('transition-ms').fill('4000');
    await page.getByTestId('take-fade').click();
    await poll(() => page.getByTestId('transition-progress').getAttribute('data-running')).toBe('true');
    await screenshot(page, 'program-fading');
    await poll(async () => (await engine.call<MixerView>('compositor.mixer.get')).programSceneId).toBe(breakScene.id);
    await poll(() => page.getByTestId('transition-progress').getAttribute('data-running')).toBe('false');
    await poll(() => sceneRow(SECOND).getAttribute('data-tally')).toBe('program');
    await poll(() => sceneRow(SCENE).getAttribute('data-tally')).toBe('preview');

    // A click on the program scene opens it in the editor without putting it on preview.
    await sceneRow(SCENE).getByTestId('scene-choose').click();
    await sceneRow(SECOND).getByTestId('scene-choose').click();
    await poll(() => page.getByTestId('editor-scene-name').textContent()).toBe(SECOND);
    expect((await engine.call<MixerView>('compositor.mixer.get')).previewSceneId).toBe(studio.id);
  });

  test('adds an output that goes live with moving figures; the program monitor plays it', async () => {
    await page.getByTestId('output-add').click();
    await page.getByTestId('output-field-name').fill('Main program');
    await page.getByTestId('output-resolution-720p').check();
    await page.getByTestId('output-fps-25').check();
    await page.getByTestId('output-field-bitrate').fill('2500');
    await page.getByTestId('output-field-preset').selectOption('ultrafast');
    await page.getByTestId('output-save').click();
    await page.getByTestId('output-dialog').waitFor({ state: 'detached' });
    const row = page.locator('[data-testid="output-row"][data-name="Main program"]');
    await row.waitFor();
    const [output] = await engine.call<OutputView[]>('compositor.outputs.list');
    expect(output).toMatchObject({ name: 'Main program', resolution: '720p', fps: 25, videoBitrateKbps: 2500, preset: 'ultrafast', enabled: true });

    await poll(() => row.getAttribute('data-state'), 60_000).toBe('live');
    await poll(async () => Number.parseFloat((await row.getByTestId('output-fps').textContent()) ?? ''), 30_000).toBeGreaterThan(0);
    const uptime = await row.getByTestId('output-uptime').textContent();
    await poll(() => row.getByTestId('output-uptime').textContent()).not.toBe(uptime);
    await poll(() => page.getByTestId('program-monitor').getAttribute('data-mode'), 30_000).toBe('live');
    // The program monitor plays the output: its picture moves.
    const video = page.getByTestId('program-video');
    const time = await video.evaluate((el) => (el as HTMLVideoElement).currentTime);
    await poll(() => video.evaluate((el) => (el as HTMLVideoElement).currentTime)).toBeGreaterThan(time);
    expect(await page.getByTestId('program-live').textContent()).toContain('Main program');
    await screenshot(page, 'program-output-live');

    await row.getByTestId('output-toggle').click();
    await poll(() => row.getAttribute('data-state')).toBe('stopped');
    expect((await engine.call<OutputView[]>('compositor.outputs.list'))[0]!.enabled).toBe(false);
    // Without a running output the program monitor falls back to stills of the program scene.
    await poll(() => page.getByTestId('program-monitor').getAttribute('data-mode')).toBe('still');
  });

  test('edits and removes an output', async () => {
    const row = page.locator('[data-testid="output-row"][data-name="Main program"]');
    await row.getByTestId('output-edit').click();
    await page.getByTestId('output-fps-30').check();
    await page.getByTestId('output-field-bitrate').fill('100');
    await page.getByTestId('output-save').click();
    // Checked before it is sent: nothing changes.
    expect(await page.getByTestId('output-error-bitrate').textContent()).toContain('300 to 50 000');
    await screenshot(page, 'program-output-dialog');
    await page.getByTestId('output-field-bitrate').fill('3000');
    await page.getByTestId('output-save').click();
    await page.getByTestId('output-dialog').waitFor({ state: 'detached' });
    await poll(async () => {
      const [output] = await engine.call<OutputView[]>('compositor.outputs.list');
      return `${output?.fps} ${output?.videoBitrateKbps}`;
    }).toBe('30 3000');
    await poll(() => row.locator('.output-format').textContent()).toContain('720p30');

    await row.getByTestId('output-remove').click();
    await page.getByTestId('confirm-accept').click();
    await page.getByTestId('outputs-empty').waitFor();
    expect(await engine.call<OutputView[]>('compositor.outputs.list')).toEqual([]);
  });

  test('renames and deletes a scene', async () => {
    await sceneRow(SCENE).getByTestId('scene-rename').click();
    await page.getByTestId('scene-dialog-name').fill('Studio A');
    await page.getByTestId('scene-dialog-save').click();
    await sceneRow('Studio A').waitFor();
    await sceneNamed('Studio A');

    // The program scene cannot be deleted; the one on preview can.
    expect(await sceneRow(SECOND).getByTestId('scene-remove').isDisabled()).toBe(true);
    await sceneRow('Studio A').getByTestId('scene-remove').click();
    await page.getByTestId('confirm-accept').click();
    await sceneRow('Studio A').waitFor({ state: 'detached' });
    expect((await engine.call<SceneView[]>('compositor.scenes.list')).map((s) => s.name)).toEqual([SECOND]);
    expect(problems.errors).toEqual([]);
    expect(problems.cspViolations).toEqual([]);
  });
});
