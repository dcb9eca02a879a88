import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { OBSWebSocket } from 'obs-websocket-js/json';
import type { CameraView } from '../../src-main/api/contract';
import type { EngineProcess } from '../fixtures/engine-process';
import { FIXTURE_AUDIO_INPUT, FIXTURE_ITEM, FIXTURE_SCENES, startObs, type ObsFixture } from '../fixtures/obs/obs-process';
import { screenshot, type SignedInPage } from './chromium';
import { endUiSession, pollerWithin, startUiSession } from './ui-session';

/**
 * The OBS page against the real headless engine, a real OBS under Xvfb and real Chromium: add a
 * connection in the dialog, see it connect, click a scene and see OBS follow, see a switch made
 * in OBS appear, toggle an item, mute an input, record, send a camera, and watch the page show
 * the loss and the reconnect when OBS is killed and started again.
 */
const VIEWPORT = { width: 1440, height: 1100 };
const UI_TIMEOUT_MS = 30_000;

let engine: EngineProcess;
let obs: ObsFixture;
let other: OBSWebSocket;
let browser: Browser;
let page: Page;
let problems: SignedInPage['problems'];

beforeAll(async () => {
  obs = await startObs();
  other = await obs.client();
  ({ engine, browser, page, problems } = await startUiSession({ navigateTo: 'obs', viewport: VIEWPORT, timeoutMs: UI_TIMEOUT_MS }));
}, 120_000);

afterAll(async () => {
  await other?.disconnect().catch(() => undefined);
  await endUiSession(browser, engine);
  await obs?.stop();
}, 60_000);

const poll = pollerWithin(UI_TIMEOUT_MS);

describe('OBS page', () => {
  test('starts empty, with a way to add OBS', async () => {
    await page.getByTestId('obs-empty').waitFor();
    await screenshot(page, 'obs-empty');
  });

  test('a wrong password shows as the reason, fixing it connects', async () => {
    await page.getByTestId('obs-add').click();
    const dialog = page.getByTestId('obs-connection-dialog');
    await dialog.getByTestId('obs-field-name').fill('Stream PC');
    await dialog.getByTestId('obs-field-host').fill('127.0.0.1');
    await dialog.getByTestId('obs-field-port').fill(String(obs.port));
    await dialog.getByTestId('obs-field-password').fill('definitely-wrong');
    await screenshot(page, 'obs-add-dialog');
    await dialog.getByTestId('obs-save').click();
    await dialog.waitFor({ state: 'detached' });
    const reason = page.getByTestId('obs-connection-reason');
    await poll(() => reason.getAttribute('data-kind').catch(() => null)).toBe('wrong_password');
    expect(await reason.textContent()).toContain('wrong password');
    await screenshot(page, 'obs-wrong-password');

    await page.getByTestId('obs-edit').click();
    await dialog.getByTestId('obs-field-password').fill(obs.password);
    await dialog.getByTestId('obs-save').click();
    await poll(() => page.getByTestId('obs-connection').getAttribute('data-state')).toBe('connected');
    await poll(() => page.getByTestId('obs-connection-state').textContent()).toBe('Connected');
    await poll(() => page.getByTestId('obs-scene').count()).toBe(FIXTURE_SCENES.length);
  });

  test('clicking a scene switches OBS, and a switch in OBS shows on the page', async () => {
    const sceneB = page.locator(`[data-testid="obs-scene"][data-scene="${FIXTURE_SCENES[1]}"]`);
    const changed = new Promise<string>((resolve) => other.once('CurrentProgramSceneChanged', ({ sceneName }) => resolve(sceneName)));
    await sceneB.click();
    expect(await changed).toBe(FIXTURE_SCENES[1]);
    expect((await other.call('GetCurrentProgramScene')).currentProgramSceneName).toBe(FIXTURE_SCENES[1]);
    await poll(() => sceneB.getAttribute('data-program')).toBe('true');
    expect(await page.getByTestId('obs-program-scene').textContent()).toContain(FIXTURE_SCENES[1]);
    await screenshot(page, 'obs-scene-b');

    await other.call('SetCurrentProgramScene', { sceneName: FIXTURE_SCENES[0] });
    const sceneA = page.locator(`[data-testid="obs-scene"][data-scene="${FIXTURE_SCENES[0]}"]`);
    await poll(() => sceneA.getAttribute('data-program')).toBe('true');
  });

  test('hides a scene item and mutes an input', async () => {
    await page.getByTestId('obs-items-scene').selectOption(FIXTURE_SCENES[0]);
    const item = page.locator(`[data-testid="obs-scene-item"][data-item="${FIXTURE_ITEM}"]`);
    await item.getByTestId('obs-item-toggle').click();
    await poll(() => item.getAttribute('data-enabled')).toBe('false');
    const items = (await other.call('GetSceneItemList', { sceneName: FIXTURE_SCENES[0] })).sceneItems;
    expect(items.find((i) => i.sourceName === FIXTURE_ITEM)?.sceneItemEnabled).toBe(false);

    const input = page.locator(`[data-testid="obs-input"][data-input="${FIXTURE_AUDIO_INPUT}"]`);
    await input.getByTestId('obs-input-mute').click();
    await poll(() => input.getAttribute('data-muted')).toBe('true');
    expect((await other.call('GetInputMute', { inputName: FIXTURE_AUDIO_INPUT })).inputMuted).toBe(true);
  });

  test('audio meters are an opt-in', async () => {
    await poll(() => page.getByTestId('obs-input-meter').count()).toBe(0);
    await page.getByTestId('obs-meters-toggle').check();
    await poll(() => page.getByTestId('obs-input-meter').count()).toBeGreaterThan(0);
    await page.getByTestId('obs-meters-toggle').uncheck();
    await poll(() => page.getByTestId('obs-input-meter').count()).toBe(0);
  });

  test('studio mode: preview in green, take it to program', async () => {
    await page.getByTestId('obs-studio-mode').click();
    await poll(() => page.getByTestId('obs-studio-mode').getAttribute('data-on')).toBe('true');
    const sceneB = page.locator(`[data-testid="obs-scene"][data-scene="${FIXTURE_SCENES[1]}"]`);
    await poll(() => page.getByTestId('obs-transition').isVisible()).toBe(true);
    await sceneB.click();
    await poll(() => sceneB.getAttribute('data-preview')).toBe('true');
    await screenshot(page, 'obs-studio-mode');
    await page.getByTestId('obs-transition').click();
    await poll(() => sceneB.getAttribute('data-program')).toBe('true');
    expect((await other.call('GetCurrentProgramScene')).currentProgramSceneName).toBe(FIXTURE_SCENES[1]);
    await page.getByTestId('obs-studio-mode').click();
    await poll(async () => (await other.call('GetStudioModeEnabled')).studioModeEnabled).toBe(false);
  });

  test('records with a running timecode and shows the file', async () => {
    await page.getByTestId('obs-record-toggle').click();
    await poll(() => page.getByTestId('obs-record').getAttribute('data-active')).toBe('true');
    await poll(() => page.getByTestId('obs-record-timecode').textContent()).not.toBe('00:00:00');
    await screenshot(page, 'obs-recording');
    await page.getByTestId('obs-record-toggle').click();
    await poll(() => page.getByTestId('obs-record').getAttribute('data-active')).toBe('false');
    await page.getByTestId('obs-record-file').waitFor();
    await poll(() => page.getByTestId('obs-stat-fps').textContent()).toMatch(/\d/);
  });

  test('sends a camera into a new OBS scene', async () => {
    const camera = await engine.call<CameraView>('cameras.add', { name: 'Ball Cam', url: 'test://ball?size=320x240&fps=25' });
    await page.getByTestId('obs-send-source').selectOption(camera.id);
    await page.getByTestId('obs-send-scene').fill('Cameras');
    await page.getByTestId('obs-send').click();
    await poll(() => page.getByTestId('obs-send-result').textContent().catch(() => '')).toContain('“Ball Cam” is in scene “Cameras”');
    const items = (await other.call('GetSceneItemList', { sceneName: 'Cameras' })).sceneItems;
    expect(items.map((i) => i.sourceName)).toEqual(['Ball Cam']);
    await page.locator('[data-testid="obs-scene"][data-scene="Cameras"]').waitFor();
    await page.locator('[data-testid="obs-feed"][data-input="Ball Cam"]').waitFor();
    await screenshot(page, 'obs-camera-sent');
  });

  test('shows OBS going away and coming back by itself', async () => {
    await other.disconnect().catch(() => undefined);
    await obs.kill();
    await poll(() => page.getByTestId('obs-connection').getAttribute('data-state')).not.toBe('connected');
    await page.getByTestId('obs-connection-reason').waitFor();
    await poll(() => page.locator('[data-testid="obs-scene"]').first().isDisabled()).toBe(true);
    await screenshot(page, 'obs-lost');
    await obs.restart();
    other = await obs.client();
    await poll(() => page.getByTestId('obs-connection').getAttribute('data-state'), 45_000).toBe('connected');
    await screenshot(page, 'obs-back');
  });

  test('removes the connection after asking', async () => {
    await page.getByTestId('obs-remove').click();
    await page.getByTestId('confirm-accept').click();
    await page.getByTestId('obs-empty').waitFor();
    expect(problems.errors).toEqual([]);
  });
});
