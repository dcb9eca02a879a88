import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import type { CameraView, SupervisedProcessInfo, SystemInfo } from '../../src-main/api/contract';
import { cameraInputSchema, recordingPolicySchema } from '../../src-main/cameras/camera-schema';
import { freePort, type EngineProcess } from '../fixtures/engine-process';
import { screenshot, type SignedInPage } from './chromium';
import { installMockElectronBridge } from './mock-electron-bridge';
import { endUiSession, pollerWithin, startUiSession } from './ui-session';

/**
 * The Cameras page against the real headless engine (real FFmpeg test pattern, real hub,
 * real WS-FLV) in real Chromium: add a camera, watch its picture move, see the engine's error
 * next to the field it names, focus it, disable it, remove it.
 */

const VIEWPORT = { width: 1440, height: 900 };
const UI_TIMEOUT_MS = 20_000;
const CAMERA_NAME = 'Ball';
const CAMERA_URL = 'test://ball?size=640x360&fps=25';

let engine: EngineProcess;
let browser: Browser;
let page: Page;
let problems: SignedInPage['problems'];

beforeAll(async () => {
  ({ engine, browser, page, problems } = await startUiSession({ navigateTo: 'cameras', viewport: VIEWPORT, timeoutMs: UI_TIMEOUT_MS, needsFfmpeg: true, autoplay: true }));
}, 90_000);

afterAll(() => endUiSession(browser, engine), 60_000);

const poll = pollerWithin(UI_TIMEOUT_MS);

function tile(name = CAMERA_NAME): Locator {
  return page.locator(`[data-testid="camera-tile"][data-name="${name}"]`);
}

async function cameras(): Promise<CameraView[]> {
  return engine.call<CameraView[]>('cameras.list');
}

async function ingestProcesses(): Promise<SupervisedProcessInfo[]> {
  return (await engine.call<SupervisedProcessInfo[]>('media.processes')).filter((p) => p.id.startsWith('ingest:'));
}

/** Plays for real: the picture's clock moves between two reads ~1.5 s apart. */
async function videoAdvances(video: Locator): Promise<{ before: number; after: number; width: number; height: number }> {
  return video.evaluate(async (element) => {
    const v = element as HTMLVideoElement;
    const before = v.currentTime;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    return { before, after: v.currentTime, width: v.videoWidth, height: v.videoHeight };
  });
}

async function openMenuItem(name: string, item: 'open' | 'edit' | 'toggle' | 'remove'): Promise<void> {
  await tile(name).getByTestId('camera-menu-button').click();
  await tile(name).getByTestId(`camera-menu-${item}`).click();
}

describe('Cameras page against the real engine', { timeout: 90_000 }, () => {
  test('starts empty, with a call to add a camera', async () => {
    await page.getByTestId('cameras-empty').waitFor();
    expect(await page.getByTestId('cameras-empty').textContent()).toContain('No cameras yet');
    expect(await page.getByTestId('cameras-empty-add').isVisible()).toBe(true);
  });

  test('adds a test-pattern camera through the dialog; the tile turns Live and its video advances', async () => {
    await page.getByTestId('cameras-empty-add').click();
    const dialog = page.getByTestId('camera-dialog');
    await dialog.waitFor();
    await dialog.getByTestId('camera-field-name').fill(CAMERA_NAME);
    await dialog.getByTestId('camera-field-url').fill(CAMERA_URL);
    await dialog.getByTestId('camera-field-username').fill('operator');
    await dialog.getByTestId('camera-field-password').fill('s3cret');
    await screenshot(page, 'cameras-add');
    await dialog.getByTestId('camera-dialog-save').click();
    await dialog.waitFor({ state: 'detached' });

    const [added] = await cameras();
    expect(added).toMatchObject({ name: CAMERA_NAME, url: CAMERA_URL, enabled: true, hasCredentials: true });
    expect(JSON.stringify(added)).not.toContain('s3cret');

    await tile().and(page.locator('[data-state="live"]')).waitFor();
    expect(await tile().getByTestId('camera-state').textContent()).toBe('Live');
    expect(await tile().getByTestId('camera-state').evaluate((el) => el.classList.contains('ok'))).toBe(true);

    const video = tile().getByTestId('camera-video');
    await tile().locator('[data-testid="camera-video"][data-preview="playing"]').waitFor();
    expect(await tile().getByTestId('camera-slate').count()).toBe(0);
    const played = await videoAdvances(video);
    expect(played.after).toBeGreaterThan(played.before);
    // No sub-stream: the grid falls back to the main stream.
    expect(played.width).toBe(640);
    expect(played.height).toBe(360);
    expect(await video.evaluate((el) => (el as HTMLVideoElement).muted)).toBe(true);

    // Live figures reach the tile every second.
    await poll(() => tile().getByTestId('camera-fps').textContent()).toMatch(/^2\d fps$/);
    expect(await tile().getByTestId('camera-bitrate').textContent()).toMatch(/\d (kb|Mb)\/s$/);
    expect(await tile().getByTestId('camera-format').textContent()).toBe('640×360 · H.264');
    expect(await page.getByTestId('cameras-summary').textContent()).toBe('1 camera · 1 live');
    await screenshot(page, 'cameras-grid');
  });

  test("an unsupported URL shows the engine's error next to the URL field, and nothing is added", async () => {
    await page.getByTestId('cameras-add').click();
    const dialog = page.getByTestId('camera-dialog');
    await dialog.getByTestId('camera-field-name').fill('Bad source');
    await dialog.getByTestId('camera-field-url').fill('ftp://x');
    await dialog.getByTestId('camera-dialog-save').click();

    const urlError = dialog.getByTestId('camera-error-url');
    await urlError.waitFor();
    expect(await urlError.textContent()).toMatch(/^scheme ftp is not supported/);
    // Right under the URL input, in the URL's row.
    const row = dialog.getByTestId('camera-field-url').locator('xpath=ancestor::div[contains(concat(" ", @class, " "), " field ")][1]');
    expect(await row.getByTestId('camera-error-url').count()).toBe(1);
    expect(await dialog.getByTestId('camera-field-url').getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.getByTestId('camera-error-name').count()).toBe(0);
    expect(await dialog.getByTestId('camera-dialog-problem').textContent()).toContain('Check URL.');
    // Focus moves to the field to fix.
    expect(await dialog.getByTestId('camera-field-url').evaluate((el) => el === document.activeElement)).toBe(true);
    await screenshot(page, 'cameras-error');

    // A duplicate name is the engine's conflict, shown on the name.
    await dialog.getByTestId('camera-field-name').fill(CAMERA_NAME);
    await dialog.getByTestId('camera-field-url').fill('test://bars');
    await dialog.getByTestId('camera-dialog-save').click();
    await poll(() => dialog.getByTestId('camera-error-name').textContent()).toContain('already exists');
    expect(await dialog.getByTestId('camera-dialog-problem').textContent()).toContain('Check Name.');

    await dialog.getByTestId('camera-dialog-cancel').click();
    await dialog.waitFor({ state: 'detached' });
    expect((await cameras()).map((c) => c.name)).toEqual([CAMERA_NAME]);
    expect(await page.getByTestId('camera-tile').count()).toBe(1);
  });

  test("the edit dialog never shows the password, says credentials are saved, and mirrors the schema's limits", async () => {
    await openMenuItem(CAMERA_NAME, 'edit');
    const dialog = page.getByTestId('camera-dialog');
    await dialog.waitFor();
    expect(await dialog.getByTestId('camera-field-name').inputValue()).toBe(CAMERA_NAME);
    expect(await dialog.getByTestId('camera-field-url').inputValue()).toBe(CAMERA_URL);
    expect(await dialog.getByTestId('camera-field-password').inputValue()).toBe('');
    expect(await dialog.getByTestId('camera-field-password').getAttribute('type')).toBe('password');
    expect(await dialog.getByTestId('camera-credentials-status').getAttribute('data-status')).toBe('saved');
    expect(await dialog.getByTestId('camera-dialog-save').isDisabled()).toBe(true);

    const recording = recordingPolicySchema.shape;
    for (const key of ['segmentSeconds', 'retainHours', 'maxSizeMb'] as const) {
      const input = dialog.getByTestId(`camera-field-recording-${key}`);
      const schema = recording[key].unwrap();
      expect(Number(await input.getAttribute('min')), `${key} min`).toBe(schema.minValue);
      expect(Number(await input.getAttribute('max')), `${key} max`).toBe(schema.maxValue);
      expect(Number(await input.inputValue()), `${key} default`).toBe(recording[key].parse(undefined));
    }
    expect(Number(await dialog.getByTestId('camera-field-name').getAttribute('maxlength'))).toBe(cameraInputSchema.shape.name.maxLength);

    await dialog.getByTestId('camera-credentials-status').scrollIntoViewIfNeeded();
    await screenshot(page, 'cameras-edit');

    // Removing the credentials is explicit, and reaches the engine.
    await dialog.getByTestId('camera-credentials-remove').click();
    expect(await dialog.getByTestId('camera-credentials-status').getAttribute('data-status')).toBe('removing');
    await dialog.getByTestId('camera-dialog-save').click();
    await dialog.waitFor({ state: 'detached' });
    expect((await cameras())[0]?.hasCredentials).toBe(false);
    // Credentials alone do not restart a test pattern's picture for long.
    await tile().and(page.locator('[data-state="live"]')).waitFor();
  });

  test('clicking a tile opens the main stream large, with sound and every figure; Escape goes back', async () => {
    await tile().getByTestId('camera-open').click();
    const focus = page.getByTestId('camera-focus');
    await focus.waitFor();
    expect(await focus.getByTestId('focus-name').textContent()).toBe(CAMERA_NAME);

    const video = focus.getByTestId('focus-video');
    await focus.locator('[data-testid="focus-video"][data-preview="playing"]').waitFor();
    const played = await videoAdvances(video);
    expect(played.after).toBeGreaterThan(played.before);
    expect(played.width).toBe(640);
    expect(await video.evaluate((el) => (el as HTMLVideoElement).muted)).toBe(false);

    await poll(() => focus.getByTestId('focus-fps').textContent()).toMatch(/2\d fps/);
    expect(await focus.getByTestId('focus-resolution').textContent()).toContain('640×360');
    expect(await focus.getByTestId('focus-codecs').textContent()).toContain('H.264 video · AAC audio');
    expect(await focus.getByTestId('focus-bitrate').textContent()).toMatch(/\d (kb|Mb)\/s/);
    expect(await focus.getByTestId('focus-uptime').textContent()).toMatch(/\d+ s/);
    expect(await focus.getByTestId('focus-restarts').textContent()).toMatch(/None|\d+/);
    expect(await focus.getByTestId('focus-last-frame').textContent()).toMatch(/s ago/);
    expect(await focus.getByTestId('focus-preview').textContent()).toContain('main stream');

    // Mute toggle and volume act on the player.
    await focus.getByTestId('focus-mute').click();
    expect(await video.evaluate((el) => (el as HTMLVideoElement).muted)).toBe(true);
    await focus.getByTestId('focus-mute').click();
    expect(await video.evaluate((el) => (el as HTMLVideoElement).muted)).toBe(false);
    await focus.getByTestId('focus-volume').fill('40');
    expect(await video.evaluate((el) => (el as HTMLVideoElement).volume)).toBeCloseTo(0.4);
    await screenshot(page, 'cameras-focus');

    await page.keyboard.press('Escape');
    await focus.waitFor({ state: 'detached' });
    await page.getByTestId('camera-grid').waitFor();
    await tile().locator('[data-testid="camera-video"][data-preview="playing"]').waitFor();
  });

  test('disabling from the tile menu shows the Disabled slate and stops the ingest; enabling brings the picture back', async () => {
    await openMenuItem(CAMERA_NAME, 'toggle');
    await tile().and(page.locator('[data-state="disabled"]')).waitFor();
    const slate = tile().getByTestId('camera-slate');
    await slate.waitFor();
    expect(await slate.textContent()).toContain('Disabled');
    expect(await tile().getByTestId('camera-state').textContent()).toBe('Disabled');
    // The player is gone: nothing is left reading.
    expect(await tile().getByTestId('camera-video').getAttribute('data-preview')).toBe('off');
    await poll(async () => (await ingestProcesses()).length).toBe(0);
    await screenshot(page, 'cameras-disabled');

    await tile().getByTestId('camera-slate-enable').click();
    await tile().and(page.locator('[data-state="live"]')).waitFor();
    await tile().locator('[data-testid="camera-video"][data-preview="playing"]').waitFor();
    const played = await videoAdvances(tile().getByTestId('camera-video'));
    expect(played.after).toBeGreaterThan(played.before);
  });

  test('a camera that cannot be reached shows why over a slate, with the next retry, never a black box', async () => {
    // Nothing listens on this port: FFmpeg's connection is refused at once, and retried with backoff.
    const deadUrl = `rtsp://127.0.0.1:${await freePort()}/stream1`;
    await engine.call('cameras.add', { name: 'Loading dock', url: deadUrl });
    const dead = tile('Loading dock');
    await poll(() => dead.getAttribute('data-state')).toMatch(/^(reconnecting|offline)$/);
    const slate = dead.getByTestId('camera-slate');
    await poll(() => slate.getByTestId('camera-slate-reason').textContent()).toContain('Unreachable (connection refused)');
    await poll(() => slate.textContent()).toMatch(/Retrying in \d+ s|Retrying now…/);
    expect(await dead.getByTestId('camera-state').evaluate((el) => el.classList.contains('warn') || el.classList.contains('error'))).toBe(true);
    // No player is kept for a camera that is down.
    expect(await dead.getByTestId('camera-video').getAttribute('data-preview')).toBe('off');
    // The live camera next to it is unaffected.
    await tile().locator('[data-testid="camera-video"][data-preview="playing"]').waitFor();
    await screenshot(page, 'cameras-down');

    await openMenuItem('Loading dock', 'remove');
    await page.getByTestId('confirm-accept').click();
    await dead.waitFor({ state: 'detached' });
  });

  test("under the desktop bridge (MOCK preload), previews use system.info's listenUrl and play", async () => {
    const info = await engine.call<SystemInfo>('system.info');
    expect(info.listenUrl).toBe(engine.baseUrl);
    const context = await browser.newContext({ viewport: VIEWPORT });
    try {
      const desktop = await context.newPage();
      desktop.setDefaultTimeout(UI_TIMEOUT_MS);
      await installMockElectronBridge(desktop, engine.token);
      await desktop.goto(`${engine.baseUrl}/#/cameras`);
      const video = desktop.locator(`[data-testid="camera-tile"][data-name="${CAMERA_NAME}"] [data-testid="camera-video"]`);
      await video.and(desktop.locator('[data-preview="playing"]')).waitFor();
      const played = await videoAdvances(video);
      expect(played.after).toBeGreaterThan(played.before);
    } finally {
      await context.close();
    }
  });

  test('when the engine restarts, the tile shows why instead of a black box, then plays again by itself', async () => {
    const video = tile().getByTestId('camera-video');
    await video.and(page.locator('[data-preview="playing"]')).waitFor();

    await engine.stop();
    await page.waitForSelector('[data-testid="status-connection"][data-state="reconnecting"]');
    // The engine's last word is not shown as fact: no green "Live", no figures, no player.
    const slate = tile().getByTestId('camera-slate');
    await slate.waitFor();
    expect(await slate.getAttribute('data-cause')).toBe('engine');
    expect(await slate.textContent()).toContain('Engine unreachable');
    expect(await slate.textContent()).toContain('Last known state: Live.');
    expect(await tile().getByTestId('camera-state').textContent()).toBe('Unknown');
    expect(await tile().getByTestId('camera-fps').count()).toBe(0);
    expect(await video.getAttribute('data-preview')).toBe('off');
    expect(await page.getByTestId('cameras-summary').textContent()).toContain('state unknown');
    await screenshot(page, 'cameras-engine-restart');

    engine = await engine.startAgain();
    await page.waitForSelector('[data-testid="status-connection"][data-state="connected"]');
    await tile().and(page.locator('[data-state="live"]')).waitFor({ timeout: 30_000 });
    await video.and(page.locator('[data-preview="playing"]')).waitFor({ timeout: 30_000 });
    const played = await videoAdvances(video);
    expect(played.after).toBeGreaterThan(played.before);
  });

  test('removing asks first, then the tile is gone and no ingest process is left', async () => {
    await openMenuItem(CAMERA_NAME, 'remove');
    const confirm = page.getByTestId('confirm-dialog');
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain(CAMERA_NAME);
    await confirm.getByTestId('confirm-cancel').click();
    await confirm.waitFor({ state: 'detached' });
    expect(await cameras()).toHaveLength(1);

    await openMenuItem(CAMERA_NAME, 'remove');
    await confirm.getByTestId('confirm-accept').click();
    await confirm.waitFor({ state: 'detached' });
    await tile().waitFor({ state: 'detached' });
    await page.getByTestId('cameras-empty').waitFor();
    expect(await cameras()).toEqual([]);
    await poll(async () => (await ingestProcesses()).length).toBe(0);

    expect(problems.errors).toEqual([]);
    expect(problems.cspViolations).toEqual([]);
  });
});
