import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { CameraView, RecordingInfo, Settings } from '../../src-main/api/contract';
import { freePort, type EngineProcess } from '../fixtures/engine-process';
import { screenshot, type SignedInPage } from './chromium';
import { endUiSession, pollerWithin, startUiSession } from './ui-session';

/**
 * Recording, snapshots and HLS on the Cameras page, against the real headless engine (real
 * FFmpeg test pattern, real recorder writing fragmented MP4, real HLS writer) in real Chromium:
 * the REC badge, the live list of segments, playing and saving one, deleting, the snapshot
 * preview, the HLS link, and the last picture under the slate of a camera that went down.
 */

const VIEWPORT = { width: 1440, height: 900 };
const UI_TIMEOUT_MS = 20_000;
const CAMERA_NAME = 'Recorded ball';
const CAMERA_URL = 'test://ball?size=320x240&fps=25';
const SEGMENT_SECONDS = 2;

let engine: EngineProcess;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let problems: SignedInPage['problems'];

beforeAll(async () => {
  ({ engine, browser, context, page, problems } = await startUiSession({
    navigateTo: 'cameras',
    viewport: VIEWPORT,
    timeoutMs: UI_TIMEOUT_MS,
    needsFfmpeg: true,
    autoplay: true,
    permissions: ['clipboard-read', 'clipboard-write'],
  }));
}, 90_000);

afterAll(() => endUiSession(browser, engine), 60_000);

const poll = pollerWithin(UI_TIMEOUT_MS);

function tile(name = CAMERA_NAME, on: Page = page): Locator {
  return on.locator(`[data-testid="camera-tile"][data-name="${name}"]`);
}

function focus(): Locator {
  return page.getByTestId('camera-focus');
}

async function camera(name = CAMERA_NAME): Promise<CameraView> {
  const found = (await engine.call<CameraView[]>('cameras.list')).find((c) => c.name === name);
  if (!found) throw new Error(`No camera named ${name}`);
  return found;
}

async function recordings(cameraId: string): Promise<RecordingInfo[]> {
  return engine.call<RecordingInfo[]>('recordings.list', { cameraId });
}

async function openMenuItem(name: string, item: 'open' | 'edit' | 'toggle' | 'remove'): Promise<void> {
  await tile(name).getByTestId('camera-menu-button').click();
  await tile(name).getByTestId(`camera-menu-${item}`).click();
}

/** A loaded <img>: its natural size (0 while not loaded or broken). */
function imageSize(image: Locator): Promise<{ width: number; height: number; complete: boolean }> {
  return image.evaluate((el) => {
    const img = el as HTMLImageElement;
    return { width: img.naturalWidth, height: img.naturalHeight, complete: img.complete };
  });
}

describe('Recordings, snapshots and HLS against the real engine', { timeout: 120_000 }, () => {
  test("a camera added with recording on (2 s segments) through the dialog shows a red REC badge on its tile", async () => {
    await page.getByTestId('cameras-empty-add').click();
    const dialog = page.getByTestId('camera-dialog');
    await dialog.waitFor();
    await dialog.getByTestId('camera-field-name').fill(CAMERA_NAME);
    await dialog.getByTestId('camera-field-url').fill(CAMERA_URL);
    await dialog.getByTestId('camera-field-recording-enabled').check();
    await dialog.getByTestId('camera-field-recording-segmentSeconds').fill(String(SEGMENT_SECONDS));
    await dialog.getByTestId('camera-dialog-save').click();
    await dialog.waitFor({ state: 'detached' });

    expect((await camera()).recording).toEqual({ enabled: true, segmentSeconds: SEGMENT_SECONDS, retainHours: 72, maxSizeMb: 20_000 });

    await tile().and(page.locator('[data-recorder="recording"]')).waitFor();
    const badge = tile().getByTestId('rec-badge');
    expect(await badge.textContent()).toBe('REC');
    expect(await badge.getAttribute('data-recorder-state')).toBe('recording');
    expect(await badge.evaluate((el) => el.classList.contains('rec'))).toBe(true);
    // The dot is red: the theme's error colour.
    const dot = await badge.locator('.rec-dot').evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(dot).toBe('rgb(240, 82, 79)');
    await tile().locator('[data-testid="camera-video"][data-preview="playing"]').waitFor();
    await screenshot(page, 'recordings-grid');
  });

  test('editing one recording field in the dialog keeps the others', async () => {
    await openMenuItem(CAMERA_NAME, 'edit');
    const dialog = page.getByTestId('camera-dialog');
    await dialog.waitFor();
    expect(await dialog.getByTestId('camera-field-recording-enabled').isChecked()).toBe(true);
    expect(await dialog.getByTestId('camera-field-recording-segmentSeconds').inputValue()).toBe(String(SEGMENT_SECONDS));
    await dialog.getByTestId('camera-field-recording-retainHours').fill('5');
    await dialog.getByTestId('camera-dialog-save').click();
    await dialog.waitFor({ state: 'detached' });
    expect((await camera()).recording).toEqual({ enabled: true, segmentSeconds: SEGMENT_SECONDS, retainHours: 5, maxSizeMb: 20_000 });

    // An out-of-range segment length is the engine's message, next to the field.
    await openMenuItem(CAMERA_NAME, 'edit');
    await dialog.getByTestId('camera-field-recording-segmentSeconds').fill('1');
    await dialog.getByTestId('camera-dialog-save').click();
    await dialog.getByTestId('camera-error-recording-segmentSeconds').waitFor();
    await dialog.getByTestId('camera-dialog-cancel').click();
    await dialog.waitFor({ state: 'detached' });
    expect((await camera()).recording.segmentSeconds).toBe(SEGMENT_SECONDS);
  });

  test('the focused view lists the segments live; clicking one plays it inline; its download link serves the MP4', async () => {
    const { id } = await camera();
    await tile().getByTestId('camera-open').click();
    await focus().waitFor();
    const rec = focus().getByTestId('focus-rec');
    await poll(() => rec.getAttribute('data-recorder-state')).toBe('recording');
    expect(await rec.getByTestId('focus-rec-bytes').textContent()).toMatch(/\d+(\.\d)? (B|KB|MB) written$/);

    const rows = focus().getByTestId('recording-row');
    // 2 s segments: after about 6 s there are at least two, newest first, the newest being written.
    await poll(async () => rows.count(), 30_000).toBeGreaterThanOrEqual(2);
    await poll(() => rows.first().getAttribute('data-in-progress')).toBe('true');
    expect(await rows.first().getByTestId('recording-in-progress').textContent()).toContain('Recording');
    const finished = rows.nth(1);
    await poll(() => finished.getByTestId('recording-duration').textContent()).toMatch(/^\d+\.\d s$/);
    expect(await finished.getByTestId('recording-size').textContent()).toMatch(/\d (B|KB|MB)$/);
    expect(await focus().getByTestId('recordings-summary').textContent()).toMatch(/^\d+ segments · /);

    // The list is the engine's, in its order (it moves on every 2 s: compare the newest few once they agree).
    await poll(async () => {
      const shown = await rows.evaluateAll((els) => els.slice(0, 3).map((el) => el.getAttribute('data-recording-id')));
      const listed = (await recordings(id)).slice(0, 3).map((r) => r.id);
      return JSON.stringify(shown) === JSON.stringify(listed);
    }).toBe(true);

    // Clicking a finished one plays it inline.
    const chosen = await finished.getAttribute('data-recording-id');
    await finished.getByTestId('recording-play').click();
    const player = focus().getByTestId('recording-player');
    await player.and(page.locator(`[data-recording-id="${chosen}"]`)).waitFor();
    const video = player.getByTestId('recording-video');
    await poll(() => video.evaluate((el) => (el as HTMLVideoElement).readyState)).toBeGreaterThanOrEqual(2);
    await poll(() => video.evaluate((el) => (el as HTMLVideoElement).currentTime)).toBeGreaterThan(0);
    const played = await video.evaluate(async (el) => {
      const v = el as HTMLVideoElement;
      v.currentTime = 0;
      await v.play();
      const before = v.currentTime;
      await new Promise((resolve) => setTimeout(resolve, 800));
      return { before, after: v.currentTime, duration: v.duration, width: v.videoWidth, height: v.videoHeight, src: v.currentSrc };
    });
    expect(played.after).toBeGreaterThan(played.before);
    expect(played.duration).toBeGreaterThan(1);
    expect(played.width).toBe(320);
    expect(played.height).toBe(240);
    expect(played.src).toContain(`${engine.baseUrl}/media/recordings/${id}/${chosen}?ticket=`);

    // Its Download link is ticketed and serves the file as an attachment.
    const download = player.getByTestId('recording-player-download');
    const href = (await download.getAttribute('href')) ?? '';
    expect(href).toMatch(new RegExp(`^${engine.baseUrl}/media/recordings/${id}/${chosen!.replace('.', '\\.')}\\?ticket=[^&]+.*download=1`));
    expect(await download.getAttribute('download')).not.toBeNull();
    const response = await fetch(href);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('video/mp4');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment/);
    expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(1000);

    // Tall enough to show the header (REC badge), the picture and the recordings in one picture.
    await page.setViewportSize({ width: VIEWPORT.width, height: 1240 });
    await screenshot(page, 'recordings-focus');
    await page.setViewportSize(VIEWPORT);
  });

  test("deleting asks first; the segment being written is refused with the engine's reason; a finished one goes", async () => {
    const { id } = await camera();
    // Long segments for this test, so the one being written stays the same while the dialog is open.
    await engine.call('cameras.update', { id, recording: { segmentSeconds: 60 } });
    const rows = focus().getByTestId('recording-row');
    await poll(async () => {
      const [newest] = await recordings(id);
      const c = await camera();
      return newest?.inProgress === true && c.recorder.state === 'recording' && c.recorder.currentFile?.endsWith(newest.id) === true;
    }, 30_000).toBe(true);
    const [writing] = await recordings(id);
    const writingRow = focus().locator(`[data-testid="recording-row"][data-recording-id="${writing!.id}"]`);
    await writingRow.waitFor();

    await writingRow.getByTestId('recording-delete').click();
    const confirm = page.getByTestId('confirm-dialog');
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain('being recorded');
    await confirm.getByTestId('confirm-accept').click();
    await poll(() => confirm.getByTestId('confirm-error').textContent()).toContain('is being recorded');
    expect(await confirm.getByTestId('confirm-error').textContent()).not.toMatch(/^id:/);
    await confirm.getByTestId('confirm-cancel').click();
    await confirm.waitFor({ state: 'detached' });
    expect((await recordings(id)).some((r) => r.id === writing!.id)).toBe(true);

    // A finished one (not the one playing) is deleted, and leaves the list by itself.
    const playing = await focus().getByTestId('recording-player').getAttribute('data-recording-id');
    const victim = (await recordings(id)).find((r) => !r.inProgress && r.id !== playing)!;
    const victimRow = focus().locator(`[data-testid="recording-row"][data-recording-id="${victim.id}"]`);
    const countBefore = await rows.count();
    await victimRow.getByTestId('recording-delete').click();
    await confirm.getByTestId('confirm-accept').click();
    await confirm.waitFor({ state: 'detached' });
    await victimRow.waitFor({ state: 'detached' });
    expect(await rows.count()).toBe(countBefore - 1);
    expect((await recordings(id)).some((r) => r.id === victim.id)).toBe(false);

    await engine.call('cameras.update', { id, recording: { segmentSeconds: SEGMENT_SECONDS } });
  });

  test('Stop recording asks first, turns the recorder off and keeps the policy; Start turns it back on', async () => {
    const toggle = focus().getByTestId('recording-toggle');
    expect(await toggle.textContent()).toBe('Stop recording');
    await toggle.click();
    const confirm = page.getByTestId('confirm-dialog');
    await confirm.getByTestId('confirm-accept').click();
    await confirm.waitFor({ state: 'detached' });
    await poll(() => toggle.textContent()).toBe('Start recording');
    await focus().getByTestId('focus-rec').waitFor({ state: 'detached' });
    expect((await camera()).recording).toEqual({ enabled: false, segmentSeconds: SEGMENT_SECONDS, retainHours: 5, maxSizeMb: 20_000 });
    // Segments already written stay listed.
    expect(await focus().getByTestId('recording-row').count()).toBeGreaterThan(0);

    await toggle.click();
    await poll(() => focus().getByTestId('focus-rec').getAttribute('data-recorder-state')).toBe('recording');
    expect((await camera()).recording.enabled).toBe(true);
  });

  test('the Snapshot button shows the latest frame with Open and Download', async () => {
    await focus().getByTestId('focus-snapshot').click();
    const panel = focus().getByTestId('focus-snapshot-panel');
    await panel.waitFor();
    const image = panel.getByTestId('snapshot-image');
    await poll(async () => (await imageSize(image)).width).toBeGreaterThan(0);
    expect(await imageSize(image)).toMatchObject({ width: 320, height: 240 });
    await poll(() => panel.getByTestId('snapshot-meta').textContent()).toMatch(/^320×240 · /);

    const open = panel.getByTestId('snapshot-open');
    const href = (await open.getAttribute('href')) ?? '';
    expect(href).toMatch(new RegExp(`^${engine.baseUrl}/media/snapshot/cam_[a-f0-9]+\\.jpg\\?ticket=[^&]+&t=\\d+$`));
    expect(await open.getAttribute('target')).toBe('_blank');
    const save = panel.getByTestId('snapshot-download');
    expect(await save.getAttribute('href')).toBe(href);
    expect(await save.getAttribute('download')).toMatch(/^recorded-ball-\d{8}-\d{6}\.jpg$/);
    const response = await fetch(href);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');

    // Take again: a new address (a fresh JPEG), the same ticket.
    await panel.getByTestId('snapshot-refresh').click();
    await poll(async () => panel.getByTestId('snapshot-open').getAttribute('href')).not.toBe(href);
    await poll(async () => (await imageSize(panel.getByTestId('snapshot-image'))).width).toBe(320);
    await screenshot(page, 'recordings-snapshot');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    // Escape closed only the panel.
    expect(await focus().count()).toBe(1);
  });

  test('the HLS link button shows the full playlist address, which serves a playlist; Copy copies it', async () => {
    await focus().getByTestId('focus-hls').click();
    const panel = focus().getByTestId('focus-hls-panel');
    const input = panel.getByTestId('hls-url');
    await input.waitFor();
    const url = await input.inputValue();
    const { id } = await camera();
    expect(url).toMatch(new RegExp(`^${engine.baseUrl}/media/hls/${id}/index\\.m3u8\\?ticket=`));
    expect(await panel.getByTestId('hls-note').textContent()).toContain('works for an hour');

    let playlist = '';
    await poll(async () => {
      const response = await fetch(url);
      playlist = response.status === 200 ? await response.text() : '';
      return response.status;
    }, 30_000).toBe(200);
    expect(playlist.startsWith('#EXTM3U')).toBe(true);
    expect(playlist).toMatch(/seg\d+\.ts\?ticket=/);

    await panel.getByTestId('hls-copy').click();
    await poll(() => panel.getByTestId('hls-copy').textContent()).toBe('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
    await screenshot(page, 'recordings-hls');
    await panel.getByTestId('focus-hls-close').click();
    await panel.waitFor({ state: 'detached' });
  });

  test('the Total recordings limit is a setting saved by the engine', async () => {
    await page.keyboard.press('Escape');
    await focus().waitFor({ state: 'detached' });
    await page.getByTestId('nav-settings').click();
    const field = page.getByTestId('setting-maxTotalGb');
    await poll(() => field.inputValue()).toBe('100');
    await field.fill('50');
    await page.getByTestId('settings-save').click();
    await page.getByTestId('settings-saved').waitFor();
    expect((await engine.call<Settings>('settings.get')).recordings.maxTotalGb).toBe(50);
    await page.getByTestId('nav-cameras').click();
    await tile().waitFor();
  });

  test('a disabled camera shows its last picture, dimmed, under the Disabled slate; after a reload, from the engine', async () => {
    await tile().locator('[data-testid="camera-video"][data-preview="playing"]').waitFor();
    // Let the tile's preview play long enough for a copy of its picture.
    await page.waitForTimeout(2_000);
    await openMenuItem(CAMERA_NAME, 'toggle');
    await tile().and(page.locator('[data-state="disabled"]')).waitFor();
    const slate = tile().getByTestId('camera-slate');
    expect(await slate.textContent()).toContain('Disabled');
    expect(await slate.evaluate((el) => el.classList.contains('over-picture'))).toBe(true);
    const last = tile().getByTestId('camera-last-picture');
    await poll(async () => (await imageSize(last)).width).toBeGreaterThan(0);
    expect(await last.getAttribute('data-source')).toBe('local');
    expect(await last.evaluate((el) => getComputedStyle(el).filter)).toContain('brightness');
    expect(await tile().getByTestId('camera-last-picture-caption').textContent()).toMatch(/^Last picture \d/);
    // Recording stops with the camera: no badge.
    await tile().and(page.locator('[data-recorder="off"]')).waitFor();
    expect(await tile().getByTestId('rec-badge').count()).toBe(0);

    // A camera that never was live has no picture to show: the plain slate.
    const deadUrl = `rtsp://127.0.0.1:${await freePort()}/stream1`;
    await engine.call('cameras.add', { name: 'Loading dock', url: deadUrl });
    await poll(() => tile('Loading dock').getAttribute('data-state')).toMatch(/^(connecting|reconnecting|offline)$/);
    await poll(() => tile('Loading dock').getByTestId('camera-slate-reason').textContent()).toContain('connection refused');
    expect(await tile('Loading dock').getByTestId('camera-last-picture').count()).toBe(0);
    await screenshot(page, 'camera-down-thumbnail');

    // A page opened later has no copy of its own: it shows the frame the engine kept.
    const later = await context.newPage();
    later.setDefaultTimeout(UI_TIMEOUT_MS);
    try {
      await later.goto(`${engine.uiUrlWithToken}`);
      await later.getByTestId('nav-cameras').click();
      const engineLast = tile(CAMERA_NAME, later).getByTestId('camera-last-picture');
      await engineLast.waitFor();
      expect(await engineLast.getAttribute('data-source')).toBe('engine');
      await poll(async () => (await imageSize(engineLast)).width).toBe(320);
      expect(await engineLast.getAttribute('src')).toMatch(/\/media\/snapshot\/cam_[a-f0-9]+\.jpg\?ticket=[^&]+&width=640&t=\d+$/);
      await later.waitForTimeout(1_500);
      expect(await tile('Loading dock', later).getByTestId('camera-last-picture').count()).toBe(0);

      // The focused view of the disabled camera shows it too, and the snapshot panel says it is the kept frame.
      await tile(CAMERA_NAME, later).getByTestId('camera-open').click();
      const laterFocus = later.getByTestId('camera-focus');
      await poll(async () => (await imageSize(laterFocus.getByTestId('camera-last-picture'))).width).toBe(320);
      expect(await laterFocus.getByTestId('focus-hls').isDisabled()).toBe(true);
      await laterFocus.getByTestId('focus-snapshot').click();
      await poll(() => laterFocus.getByTestId('snapshot-meta').textContent()).toContain('the last frame the engine kept before the camera went off');
      await screenshot(later, 'camera-down-focus');
    } finally {
      await later.close();
    }

    await openMenuItem(CAMERA_NAME, 'toggle');
    await tile().and(page.locator('[data-state="live"]')).waitFor();
    await tile().locator('[data-testid="camera-video"][data-preview="playing"]').waitFor();
    expect(await tile().getByTestId('camera-last-picture').count()).toBe(0);

    expect(problems.errors).toEqual([]);
    expect(problems.cspViolations).toEqual([]);
  });
});
