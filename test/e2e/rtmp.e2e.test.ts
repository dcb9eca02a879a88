import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import type { CameraView, DestinationView, RtmpServerStatus, RtmpSessionView } from '../../src-main/api/contract';
import { freePort, type EngineProcess } from '../fixtures/engine-process';
import { screenshot, type SignedInPage } from './chromium';
import { endUiSession, pollerWithin, startUiSession } from './ui-session';

/**
 * The RTMP page against the real headless engine in real Chromium: create a stream key and read
 * it from the one-time reveal, publish with real FFmpeg, see the session and the live stream,
 * kick it; add a restream destination to a dead port and see it retry with a reason.
 */

const VIEWPORT = { width: 1440, height: 1200 };
const UI_TIMEOUT_MS = 20_000;
const KEY_NAME = 'OBS e2e';

let engine: EngineProcess;
let browser: Browser;
let page: Page;
let problems: SignedInPage['problems'];
let rtmpPort: number;
const publishers = new Set<ChildProcess>();

beforeAll(async () => {
  ({ engine, browser, page, problems } = await startUiSession({
    navigateTo: 'rtmp',
    viewport: VIEWPORT,
    timeoutMs: UI_TIMEOUT_MS,
    needsFfmpeg: true,
    autoplay: true,
    prepare: async (started) => {
      // The default 1935 may be taken on this machine: a free port, set the way an operator would.
      rtmpPort = await freePort('127.0.0.1');
      await started.call('settings.update', { rtmp: { port: rtmpPort } });
      const deadline = Date.now() + 10_000;
      while ((await started.call<RtmpServerStatus>('rtmp.status')).state !== 'listening') {
        if (Date.now() > deadline) throw new Error('the RTMP server did not listen on the new port');
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
  }));
}, 90_000);

afterAll(async () => {
  for (const p of publishers) p.kill('SIGKILL');
  await endUiSession(browser, engine);
}, 60_000);

const poll = pollerWithin(UI_TIMEOUT_MS);

function publish(url: string): ChildProcess {
  const child = spawn(
    'ffmpeg',
    [
      '-hide_banner', '-loglevel', 'error', '-re',
      '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25:duration=120',
      '-f', 'lavfi', '-i', 'sine=duration=120',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-c:a', 'aac',
      '-f', 'flv', url,
    ],
    { stdio: ['ignore', 'ignore', 'ignore'] },
  );
  publishers.add(child);
  child.on('exit', () => publishers.delete(child));
  return child;
}

function streamCard(name: string): Locator {
  return page.locator(`[data-testid="rtmp-stream"][data-name="${name}"]`);
}

describe('RTMP page against the real engine', { timeout: 90_000 }, () => {
  let streamName = '';
  let publisher: ChildProcess;

  test('shows the listening server with its OBS server URL', async () => {
    await page.getByTestId('page-rtmp').waitFor();
    await poll(() => page.getByTestId('rtmp-server').getAttribute('data-state')).toBe('listening');
    expect(await page.getByTestId('rtmp-server-url').inputValue()).toBe(`rtmp://127.0.0.1:${rtmpPort}/live`);
    expect(await page.getByTestId('rtmp-server-copy').isVisible()).toBe(true);
    await page.getByTestId('rtmp-keys-empty').waitFor();
  });

  test('creates a stream key; the reveal panel shows server and stream key once', async () => {
    await page.getByTestId('rtmp-key-new').click();
    await page.getByTestId('rtmp-key-field-name').fill(KEY_NAME);
    await page.getByTestId('rtmp-key-create').click();
    const reveal = page.getByTestId('rtmp-key-reveal');
    await reveal.waitFor();
    expect(await page.getByTestId('rtmp-key-reveal-warning').textContent()).toContain('Copy now: it will not be shown again');
    streamName = await page.getByTestId('rtmp-reveal-stream-name').inputValue();
    expect(streamName).toBe('obs-e2e');
    const server = await page.getByTestId('rtmp-reveal-server').inputValue();
    const streamKey = await page.getByTestId('rtmp-reveal-stream-key').inputValue();
    expect(server).toBe(`rtmp://127.0.0.1:${rtmpPort}/live`);
    expect(streamKey).toMatch(/^obs-e2e\?key=[0-9a-f]{12}\.[A-Za-z0-9_-]{16,}$/);
    await screenshot(page, 'rtmp-key-reveal');
    await page.getByTestId('rtmp-key-reveal-done').click();
    await reveal.waitFor({ state: 'detached' });

    // The list never shows the key again.
    const row = page.locator(`[data-testid="rtmp-key-row"][data-name="${KEY_NAME}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-state')).toBe('active');
    expect(await page.getByTestId('rtmp-keys').textContent()).not.toContain(streamKey.split('key=')[1]!);

    publisher = publish(`${server}/${streamKey}`);
  });

  test('the publisher appears as a session and the published stream goes Live with a moving preview', async () => {
    const session = page.locator(`[data-testid="rtmp-session-row"][data-kind="publisher"][data-stream="${streamName}"]`);
    await session.waitFor();
    await poll(() => session.textContent()).toContain('320×240');
    expect(await session.textContent()).toContain('H.264');

    await poll(() => streamCard(streamName).getAttribute('data-state')).toBe('live');
    await poll(() => streamCard(streamName).getByTestId('rtmp-stream-video').getAttribute('data-preview')).toBe('playing');
    const time = await streamCard(streamName)
      .getByTestId('rtmp-stream-video')
      .evaluate(async (element) => {
        const v = element as HTMLVideoElement;
        const before = v.currentTime;
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        return { before, after: v.currentTime };
      });
    expect(time.after).toBeGreaterThan(time.before);
    // The stream is a source: it gets its own Destinations group.
    await page.locator(`[data-testid="destinations"][data-source-id="rtmp_${streamName}"]`).waitFor();
  });

  test('Record on the published stream: a REC badge, then its recordings are listed', async () => {
    const card = streamCard(streamName);
    await card.getByTestId('rtmp-stream-record').click();
    await poll(() => card.getAttribute('data-recording')).toBe('true');
    await poll(() => card.getByTestId('rtmp-stream-rec').getAttribute('data-recorder-state')).toBe('recording');
    await card.getByTestId('rtmp-stream-recordings').click();
    const dialog = page.getByTestId('rtmp-recordings-dialog');
    await dialog.getByTestId('recordings-panel').waitFor();
    await poll(() => dialog.getByTestId('recording-row').count()).toBeGreaterThan(0);
    await screenshot(page, 'rtmp-recordings');
    await dialog.getByTestId('rtmp-recordings-dialog-close').click();
    await dialog.waitFor({ state: 'detached' });
  });

  test('Snapshot shows the latest frame of the published stream', async () => {
    await streamCard(streamName).getByTestId('rtmp-stream-snapshot').click();
    const dialog = page.getByTestId('rtmp-snapshot-dialog');
    const image = dialog.getByTestId('snapshot-image');
    await poll(() => image.evaluate((img) => (img as HTMLImageElement).naturalWidth).catch(() => 0)).toBeGreaterThan(0);
    await screenshot(page, 'rtmp-snapshot');
    await dialog.getByTestId('rtmp-snapshot-dialog-close').click();
    await dialog.waitFor({ state: 'detached' });
  });

  test('adds a restream destination on a camera pointing at a dead port: it retries with a reason', async () => {
    const camera = await engine.call<CameraView>('cameras.add', { name: 'Ball', url: 'test://ball?size=320x240&fps=25' });
    const group = page.locator(`[data-testid="destinations"][data-source-id="${camera.id}"]`);
    await group.waitFor();

    // The engine's message appears next to the field it names.
    await group.getByTestId('destination-add').click();
    await page.getByTestId('destination-field-name').fill('Dead end');
    await page.getByTestId('destination-field-url').fill('http://example.com/live');
    await page.getByTestId('destination-save').click();
    await poll(() => page.getByTestId('destination-error-url').textContent()).toMatch(/rtmp/);

    const deadPort = await freePort('127.0.0.1');
    await page.getByTestId('destination-field-url').fill(`rtmp://127.0.0.1:${deadPort}/live`);
    await page.getByTestId('destination-field-key').fill('secret-dest-key');
    await page.getByTestId('destination-save').click();
    await page.getByTestId('destination-dialog').waitFor({ state: 'detached' });

    const row = group.locator('[data-testid="destination-row"][data-name="Dead end"]');
    await row.waitFor();
    await poll(() => row.getAttribute('data-state')).toMatch(/^(retrying|failed)$/);
    await poll(async () => (await row.getByTestId('destination-reason').textContent()) ?? '').not.toBe('');
    expect(await row.textContent()).not.toContain('secret-dest-key');
    const views = await engine.call<DestinationView[]>('restream.list', { sourceId: camera.id });
    expect(views[0]?.status.reason).toBeTruthy();
    await page.getByTestId('page-rtmp').scrollIntoViewIfNeeded();
    await screenshot(page, 'rtmp-page');

    // Stop: grey, no reason.
    await row.getByTestId('destination-toggle').click();
    await poll(() => row.getAttribute('data-state')).toBe('stopped');
    await row.getByTestId('destination-toggle').click();
    await poll(() => row.getAttribute('data-state')).toMatch(/^(connecting|retrying|failed)$/);
  });

  test('kicking the publisher (after confirming) ends its session', async () => {
    const session = page.locator(`[data-testid="rtmp-session-row"][data-kind="publisher"][data-stream="${streamName}"]`);
    const exited = new Promise<void>((resolve) => publisher.once('exit', () => resolve()));
    await session.getByTestId('rtmp-session-kick').click();
    await page.getByTestId('confirm-accept').click();
    await session.waitFor({ state: 'detached' });
    await exited;
    expect((await engine.call<RtmpSessionView[]>('rtmp.sessions')).filter((s) => s.kind === 'publisher')).toEqual([]);
    await page.getByTestId('rtmp-sessions-empty').waitFor();
  });

  test('revokes the key after confirming', async () => {
    const row = page.locator(`[data-testid="rtmp-key-row"][data-name="${KEY_NAME}"]`);
    await row.getByTestId('rtmp-key-revoke').click();
    await page.getByTestId('confirm-accept').click();
    await poll(() => row.getAttribute('data-state')).toBe('revoked');
  });

  test('the Settings page has an RTMP server section', async () => {
    await page.getByTestId('nav-settings').click();
    const section = page.locator('fieldset.form-section', { has: page.locator('legend', { hasText: 'RTMP server' }) });
    await section.waitFor();
    for (const key of ['rtmpEnabled', 'rtmpHost', 'rtmpPort', 'rtmpTlsEnabled', 'rtmpTlsPort', 'rtmpTlsCertPath', 'rtmpTlsKeyPath']) {
      expect(await section.getByTestId(`setting-${key}`).count(), key).toBe(1);
    }
    expect(await section.getByTestId('setting-rtmpPort').inputValue()).toBe(String(rtmpPort));
    expect(await section.textContent()).toContain('127.0.0.1 accepts publishers from this machine only; 0.0.0.0 from the network');
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, 'settings-rtmp');
  });

  test('no page errors or CSP violations', () => {
    expect(problems.errors).toEqual([]);
    expect(problems.cspViolations).toEqual([]);
  });
});
