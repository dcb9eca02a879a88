import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Settings, SupervisedProcessInfo, SystemInfo } from '../../src-main/api/contract';
import { settingsPatchSchema } from '../../src-main/settings/settings-schema';
import { openSignedInPage, screenshot, watchPageProblems, type SignedInPage } from './chromium';
import type { EngineProcess } from '../fixtures/engine-process';
import { endUiSession, pollerWithin, startEngineAndBrowser } from './ui-session';
import { installMockElectronBridge } from './mock-electron-bridge';

/**
 * The operator UI against the real headless engine (dist/main/serve.js) in real Chromium:
 * sign-in, navigation, the status bar, settings that persist, and riding out an engine restart.
 */

const VIEWPORT = { width: 1440, height: 900 };
const UI_TIMEOUT_MS = 15_000;
const PAGES = ['cameras', 'program', 'obs', 'nodes', 'rtmp', 'settings'] as const;

let engine: EngineProcess;
let browser: Browser;

beforeAll(async () => {
  ({ engine, browser } = await startEngineAndBrowser());
}, 90_000);

afterAll(() => endUiSession(browser, engine), 60_000);

async function newPage(): Promise<SignedInPage> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  page.setDefaultTimeout(UI_TIMEOUT_MS);
  return { page, problems: watchPageProblems(page) };
}

/** Opens the UI the way `npm run serve` tells the operator to, and waits until it is connected. */
async function openConnectedUi(route?: string): Promise<SignedInPage> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  return openSignedInPage(context, engine.uiUrlWithToken, { ...(route ? { navigateTo: route } : {}), timeoutMs: UI_TIMEOUT_MS });
}

function waitForConnection(page: Page, state: 'connected' | 'reconnecting'): Promise<unknown> {
  return page.waitForSelector(`[data-testid="status-connection"][data-state="${state}"]`);
}

/** Waits for a value the UI shows once data arrives (vitest's default poll gives up after 1 s). */
const poll = pollerWithin(UI_TIMEOUT_MS);

/** The settings form has its fields once the `settings` snapshot arrived. */
function waitForSettingsFields(page: Page): Promise<void> {
  return page.getByTestId('setting-nodeName').waitFor();
}

async function text(page: Page, testId: string): Promise<string> {
  return (await page.getByTestId(testId).textContent()) ?? '';
}

async function liveUpdates(page: Page): Promise<number> {
  return Number(await page.getByTestId('status-live').getAttribute('data-updates'));
}

async function restartEngine(): Promise<void> {
  await engine.stop();
  engine = await engine.startAgain();
}

describe('operator UI against the real engine', { timeout: 90_000 }, () => {
  test('loads with the token fragment and shows Connected, version, node and live engine stats', async () => {
    const { page, problems } = await openConnectedUi();
    const info = await engine.call<SystemInfo>('system.info');

    expect(await text(page, 'status-connection')).toBe('Connected');
    await poll(() => text(page, 'status-version')).toContain(info.version);
    await poll(() => text(page, 'status-node')).toContain(info.nodeId.split('-')[0]);
    expect(await text(page, 'status-node')).toContain(info.nodeName);

    // The token leaves the address bar but stays for reloads.
    expect(page.url()).not.toContain('token=');
    expect(await page.evaluate(() => localStorage.getItem('control-room.access-token'))).toBe(engine.token);

    // system.stats arrives every 2 s: values appear and the live counter keeps moving.
    await poll(() => text(page, 'status-cpu')).toMatch(/CPU\s*\d+(\.\d)?\s*%/);
    expect(await text(page, 'status-memory')).toMatch(/Memory\s*\d+(\.\d)?\s*MB/);
    expect(await text(page, 'status-children')).toMatch(/Processes\s*\d+/);
    const updates = await liveUpdates(page);
    await poll(() => liveUpdates(page)).toBeGreaterThan(updates);

    await page.reload();
    await waitForConnection(page, 'connected');

    await screenshot(page, 'ui-cameras');
    expect(problems.errors).toEqual([]);
    expect(problems.cspViolations).toEqual([]);
  });

  test('navigates to every page, and a page survives a reload', async () => {
    const { page, problems } = await openConnectedUi();
    for (const id of PAGES) {
      await page.getByTestId(`nav-${id}`).click();
      await page.getByTestId(`page-${id}`).waitFor();
      expect(new URL(page.url()).hash).toBe(`#/${id}`);
      expect(await page.getByTestId(`nav-${id}`).getAttribute('aria-current')).toBe('page');
      if (id === 'nodes') expect(await text(page, `placeholder-${id}`)).toMatch(/coming with/i);
    }
    await page.getByTestId('nav-program').click();
    await screenshot(page, 'ui-program');

    await page.reload();
    await page.getByTestId('page-program').waitFor();
    expect(problems.errors).toEqual([]);
  });

  test('shows what the engine is on the Settings page', async () => {
    const { page } = await openConnectedUi('settings');
    const info = await engine.call<SystemInfo>('system.info');

    await page.getByTestId('info-version').waitFor();
    expect(await text(page, 'info-version')).toContain(info.version);
    expect(await text(page, 'info-node')).toContain(info.nodeId);
    expect(await text(page, 'info-shell')).toMatch(/headless/i);
    expect(await text(page, 'info-platform')).toContain(info.platform.os);
    expect(await text(page, 'info-data-dir')).toContain(engine.dataDir);
    expect(await text(page, 'info-uptime')).toMatch(/\d+ s/);
    const ffmpeg = await text(page, 'info-ffmpeg');
    if (info.ffmpeg) expect(ffmpeg).toContain(info.ffmpeg.version);
    else expect(ffmpeg).toContain(info.ffmpegError ?? '');
    const sfu = await text(page, 'info-sfu');
    expect(sfu).toMatch(info.sfu.available ? /Available/ : /Unavailable/);
    if (info.sfu.reason) expect(sfu).toContain(info.sfu.reason);
    if (!info.sfu.available) expect(sfu).toContain('Camera previews will use WS-FLV instead.');

    // Every field of the schema has an input.
    for (const key of [
      'nodeName', 'logLevel', 'theme', 'gridColumns', 'maxConcurrentStarts', 'stallTimeoutSeconds', 'stopGraceSeconds', 'maxTotalGb',
      'rtmpEnabled', 'rtmpHost', 'rtmpPort', 'rtmpTlsEnabled', 'rtmpTlsPort', 'rtmpTlsCertPath', 'rtmpTlsKeyPath',
    ]) {
      expect(await page.getByTestId(`setting-${key}`).count(), key).toBe(1);
    }
    await screenshot(page, 'ui-settings');
  });

  test('the FFmpeg self-test shows its process while it runs, then passes with a frame count', async () => {
    const info = await engine.call<SystemInfo>('system.info');
    if (!info.ffmpeg) throw new Error(`This test needs FFmpeg: ${info.ffmpegError}`);
    const { page, problems } = await openConnectedUi('settings');
    const panel = page.getByTestId('media-processes');
    await page.getByTestId('media-processes-empty').waitFor();
    expect(await text(page, 'media-processes-empty')).toBe('No FFmpeg processes are running.');

    await page.getByTestId('ffmpeg-self-test-run').click();
    expect(await page.getByTestId('ffmpeg-self-test-run').isDisabled()).toBe(true);
    expect(await text(page, 'ffmpeg-self-test-status')).toContain('Encoding a 720p30 test pattern');

    // While it encodes, the supervised process is listed with the engine's pid and live numbers.
    const row = page.getByTestId('media-process-ffmpeg-self-test');
    await row.locator('[data-state="running"]').waitFor();
    const [listed] = await engine.call<SupervisedProcessInfo[]>('media.processes');
    expect(await row.getByTestId('process-pid').textContent()).toBe(String(listed?.pid));
    expect(await row.textContent()).toContain('FFmpeg self-test');
    expect(await row.getByTestId('process-restarts').textContent()).toBe('No restarts');
    // The topic announces state changes; fps is re-read every 2 s while the process runs.
    await poll(async () => Number(await row.getByTestId('process-fps').textContent())).toBeGreaterThan(0);
    // CPU and memory come from system.stats, sampled every 2 s: one sample lands within the 3 s run.
    await poll(() => row.getByTestId('process-cpu').textContent()).toMatch(/^\d+(\.\d)? %$/);
    expect(await row.getByTestId('process-memory').textContent()).toMatch(/^\d+(\.\d)? MB$/);
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'ui-self-test-running');

    const result = page.getByTestId('ffmpeg-self-test-result');
    await result.waitFor({ timeout: 30_000 });
    const summary = (await result.textContent()) ?? '';
    expect(summary).toMatch(/^\s*Passed: \d+ frames at \d+\.\d\d× real time \(libx264\)$/);
    expect(Number(/(\d+) frames/.exec(summary)?.[1])).toBeGreaterThan(0);
    expect(await result.evaluate((el) => el.classList.contains('ok'))).toBe(true);

    // The test process is gone afterwards, and the button is ready again.
    await page.getByTestId('media-processes-empty').waitFor();
    expect(await page.getByTestId('ffmpeg-self-test-run').isDisabled()).toBe(false);
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'ui-self-test');
    expect(problems.errors).toEqual([]);
  });

  test("the form's limits are the settings schema's", async () => {
    const { page } = await openConnectedUi('settings');
    await waitForSettingsFields(page);
    const ui = settingsPatchSchema.shape.ui.unwrap().shape;
    const media = settingsPatchSchema.shape.media.unwrap().shape;
    const recordings = settingsPatchSchema.shape.recordings.unwrap().shape;
    const rtmp = settingsPatchSchema.shape.rtmp.unwrap().shape;
    const rtmpTls = rtmp.tls.unwrap().shape;
    const numeric = {
      gridColumns: ui.gridColumns.unwrap(),
      maxConcurrentStarts: media.maxConcurrentStarts.unwrap(),
      stallTimeoutSeconds: media.stallTimeoutSeconds.unwrap(),
      stopGraceSeconds: media.stopGraceSeconds.unwrap(),
      maxTotalGb: recordings.maxTotalGb.unwrap(),
      rtmpPort: rtmp.port.unwrap(),
      rtmpTlsPort: rtmpTls.port.unwrap(),
    };
    for (const [key, schema] of Object.entries(numeric)) {
      const input = page.getByTestId(`setting-${key}`);
      expect(Number(await input.getAttribute('min')), `${key} min`).toBe(schema.minValue);
      expect(Number(await input.getAttribute('max')), `${key} max`).toBe(schema.maxValue);
    }
    const texts = {
      nodeName: settingsPatchSchema.shape.nodeName.unwrap(),
      rtmpHost: rtmp.host.unwrap(),
      rtmpTlsCertPath: rtmpTls.certPath.unwrap(),
      rtmpTlsKeyPath: rtmpTls.keyPath.unwrap(),
    };
    for (const [key, schema] of Object.entries(texts)) {
      expect(Number(await page.getByTestId(`setting-${key}`).getAttribute('maxlength')), `${key} maxlength`).toBe(schema.maxLength);
    }
    for (const key of ['rtmpEnabled', 'rtmpTlsEnabled']) {
      expect(await page.getByTestId(`setting-${key}`).getAttribute('type'), key).toBe('checkbox');
    }
    const levels = await page.getByTestId('setting-logLevel').locator('option').evaluateAll((options) =>
      options.map((o) => (o as HTMLOptionElement).value),
    );
    expect(levels).toEqual(settingsPatchSchema.shape.logLevel.unwrap().options);
    const themes = await page.getByTestId('setting-theme').locator('input').evaluateAll((inputs) =>
      inputs.map((i) => (i as HTMLInputElement).value),
    );
    expect(themes).toEqual(settingsPatchSchema.shape.ui.unwrap().shape.theme.unwrap().options);
  });

  test("an invalid value shows the engine's error naming the field, and nothing is saved", async () => {
    const { page } = await openConnectedUi('settings');
    const before = await engine.call<Settings>('settings.get');

    await page.getByTestId('setting-stallTimeoutSeconds').fill('500');
    await page.getByTestId('settings-save').click();
    await page.getByTestId('settings-error').waitFor();
    expect(await text(page, 'settings-error')).toContain('media.stallTimeoutSeconds');
    expect(await text(page, 'setting-error-stallTimeoutSeconds')).toMatch(/120/);
    await screenshot(page, 'ui-settings-invalid');

    await page.getByTestId('setting-stallTimeoutSeconds').fill(String(before.media.stallTimeoutSeconds));
    await page.getByTestId('setting-nodeName').fill('   ');
    await page.getByTestId('settings-save').click();
    await poll(() => text(page, 'settings-error')).toContain('nodeName');
    expect(await text(page, 'setting-error-nodeName')).toMatch(/empty/);

    await page.getByTestId('settings-reset').click();
    expect(await page.getByTestId('settings-error').count()).toBe(0);
    expect(await page.getByTestId('setting-nodeName').inputValue()).toBe(before.nodeName);
    expect(await engine.call<Settings>('settings.get')).toEqual(before);
  });

  test('follows settings changed elsewhere', async () => {
    const { page } = await openConnectedUi('settings');
    await waitForSettingsFields(page);
    const current = await engine.call<Settings>('settings.get');
    const columns = current.ui.gridColumns === 5 ? 4 : 5;

    await engine.call('settings.update', { ui: { gridColumns: columns } });
    await poll(() => page.getByTestId('setting-gridColumns').inputValue()).toBe(String(columns));
  });

  test('a node name and theme saved in the UI survive an engine restart', async () => {
    const { page } = await openConnectedUi('settings');
    const nodeName = `Studio A ${Date.now().toString(36)}`;

    await page.getByTestId('setting-nodeName').fill(nodeName);
    await page.getByTestId('setting-theme-light').check();
    await page.getByTestId('settings-save').click();
    await page.getByTestId('settings-saved').waitFor();
    await page.waitForSelector('html[data-theme="light"]');
    await poll(() => text(page, 'status-node')).toContain(nodeName);
    await screenshot(page, 'ui-settings-light');

    await restartEngine();
    await page.reload();
    await waitForConnection(page, 'connected');
    await poll(() => page.getByTestId('setting-nodeName').inputValue()).toBe(nodeName);
    expect(await page.getByTestId('setting-theme-light').isChecked()).toBe(true);
    expect(await page.locator('html').getAttribute('data-theme')).toBe('light');
    expect((await engine.call<Settings>('settings.get')).nodeName).toBe(nodeName);

    await page.getByTestId('setting-theme-dark').check();
    await page.getByTestId('settings-save').click();
    await page.waitForSelector('html[data-theme="dark"]');
  });

  test('shows the disconnected banner while the engine is down and reconnects by itself', async () => {
    const { page, problems } = await openConnectedUi('settings');
    await waitForSettingsFields(page);
    await page.evaluate(() => Object.assign(window, { samePageMarker: true }));
    expect(await page.getByTestId('disconnected-banner').count()).toBe(0);

    await engine.stop();
    await page.getByTestId('disconnected-banner').waitFor();
    expect(await text(page, 'disconnected-banner')).toContain('Engine disconnected — reconnecting…');
    await waitForConnection(page, 'reconnecting');
    expect(await text(page, 'status-connection')).toMatch(/Reconnecting|Disconnected/);
    expect(await page.getByTestId('setting-nodeName').isDisabled()).toBe(true);
    await screenshot(page, 'ui-disconnected');

    engine = await engine.startAgain();
    await page.getByTestId('disconnected-banner').waitFor({ state: 'detached' });
    await waitForConnection(page, 'connected');
    expect(await page.evaluate(() => (window as { samePageMarker?: boolean }).samePageMarker)).toBe(true);
    expect(await page.getByTestId('setting-nodeName').isDisabled()).toBe(false);

    // Subscriptions were renewed on the new connection: stats flow again.
    const updates = await liveUpdates(page);
    await poll(() => liveUpdates(page)).toBeGreaterThan(updates);
    expect(problems.errors).toEqual([]);
  });

  test('asks for the access token when it is missing or wrong, then signs in', async () => {
    const { page } = await newPage();
    await page.goto(`${engine.baseUrl}/`);
    await page.getByTestId('sign-in').waitFor();
    expect(await text(page, 'sign-in')).toContain('api-token');

    await page.goto(`${engine.baseUrl}/#token=not-the-token`);
    await page.reload();
    await page.getByTestId('sign-in-rejected').waitFor();
    expect(await page.evaluate(() => localStorage.getItem('control-room.access-token'))).toBeNull();
    await screenshot(page, 'ui-sign-in-rejected');

    await page.getByTestId('sign-in-token').fill('still-wrong');
    await page.getByTestId('sign-in-submit').click();
    await page.getByTestId('sign-in-rejected').waitFor();

    await page.getByTestId('sign-in-token').fill(engine.token);
    await page.getByTestId('sign-in-submit').click();
    await waitForConnection(page, 'connected');
    expect(await page.evaluate(() => localStorage.getItem('control-room.access-token'))).toBe(engine.token);
  });

  test('uses the preload bridge instead of the WebSocket when there is one (mock bridge)', async () => {
    const { page, problems } = await newPage();
    await installMockElectronBridge(page, engine.token);
    // No token anywhere: only the bridge can connect this page.
    await page.goto(`${engine.baseUrl}/#/settings`);
    await waitForConnection(page, 'connected');
    expect(await page.getByTestId('sign-in').count()).toBe(0);
    expect(await page.evaluate(() => localStorage.getItem('control-room.access-token'))).toBeNull();

    const info = await engine.call<SystemInfo>('system.info');
    await poll(() => text(page, 'status-node')).toContain(info.nodeId.split('-')[0]);
    await poll(() => text(page, 'status-cpu')).toMatch(/\d\s*%/);

    await page.getByTestId('setting-stopGraceSeconds').fill('99');
    await page.getByTestId('settings-save').click();
    await poll(() => text(page, 'settings-error')).toContain('media.stopGraceSeconds');

    const grace = (await engine.call<Settings>('settings.get')).media.stopGraceSeconds === 7 ? 6 : 7;
    await page.getByTestId('setting-stopGraceSeconds').fill(String(grace));
    await page.getByTestId('settings-save').click();
    await page.getByTestId('settings-saved').waitFor();
    expect((await engine.call<Settings>('settings.get')).media.stopGraceSeconds).toBe(grace);
    expect(problems.errors).toEqual([]);
  });
});
