import type Mpegts from 'mpegts.js';
import { errorMessage } from '../api/api-client-error';
import { Backoff, type BackoffOptions } from '../api/backoff';
import { LIVE_PLAYER_CONFIG, loadMpegts, type MpegtsLib } from './load-mpegts';

export type PreviewStatus =
  | { kind: 'connecting' }
  | { kind: 'playing' }
  /** The last attempt failed; the next one starts at `retryAt` (ms since epoch). */
  | { kind: 'retrying'; problem: string; retryAt: number }
  /** Cannot play here at all (no MSE, no media address): not retried. */
  | { kind: 'unavailable'; problem: string };

/** Player errors are retried after 1 s, doubling, at most every 10 s. */
export const PREVIEW_BACKOFF: BackoffOptions = { initialMs: 1_000, maxMs: 10_000, factor: 2 };
/** A new connection that shows no moving picture within this time is started over. */
const FIRST_PICTURE_TIMEOUT_MS = 10_000;
/** A playing picture that stops moving for this long is started over. */
const FROZEN_TIMEOUT_MS = 5_000;
const WATCHDOG_INTERVAL_MS = 1_000;

export interface LiveFlvPlayerOptions {
  video: HTMLVideoElement;
  /** A fresh WS-FLV address (with a new ticket): asked for on every (re)connect. */
  resolveUrl(): Promise<string>;
  /** Without audio the demuxer drops the audio track: cheaper, and the grid is silent anyway. */
  withAudio: boolean;
  onStatus(status: PreviewStatus): void;
}

/**
 * One live WS-FLV preview in one <video>: connects, reconnects with backoff when the player
 * fails, the stream ends or the picture freezes, and releases everything on `destroy()`.
 */
export class LiveFlvPlayer {
  private player: Mpegts.Player | null = null;
  private readonly backoff = new Backoff(PREVIEW_BACKOFF);
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private watchdog: ReturnType<typeof setInterval> | null = null;
  private attempt = 0;
  private destroyed = false;
  private status: PreviewStatus = { kind: 'connecting' };
  private lastTime = -1;
  private lastProgressAt = 0;

  constructor(private readonly options: LiveFlvPlayerOptions) {}

  start(): void {
    if (this.destroyed || this.watchdog) return;
    this.options.video.addEventListener('playing', this.onPlaying);
    this.watchdog = setInterval(() => this.checkPicture(), WATCHDOG_INTERVAL_MS);
    void this.connect();
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.attempt += 1;
    this.stopWatching();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.release();
  }

  private stopWatching(): void {
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
    this.options.video.removeEventListener('playing', this.onPlaying);
  }

  private async connect(): Promise<void> {
    const attempt = ++this.attempt;
    this.retryTimer = null;
    this.setStatus({ kind: 'connecting' });
    this.markProgress();
    let mpegts: MpegtsLib;
    try {
      mpegts = await loadMpegts();
    } catch (error) {
      if (attempt === this.attempt) this.fail(`the video player did not load (${errorMessage(error)})`);
      return;
    }
    if (attempt !== this.attempt) return;
    if (!mpegts.getFeatureList().mseLivePlayback) {
      this.stopWatching();
      this.setStatus({ kind: 'unavailable', problem: 'this browser cannot play live video (no Media Source Extensions)' });
      return;
    }
    let url: string;
    try {
      url = await this.options.resolveUrl();
    } catch (error) {
      if (attempt === this.attempt) this.fail(`no preview address: ${errorMessage(error)}`);
      return;
    }
    if (attempt !== this.attempt) return;

    const { video, withAudio } = this.options;
    if (!withAudio) video.muted = true;
    const player = mpegts.createPlayer({ type: 'flv', isLive: true, url, ...(withAudio ? {} : { hasAudio: false }) }, LIVE_PLAYER_CONFIG);
    this.player = player;
    player.on(mpegts.Events.ERROR, (type: string, detail: string) => {
      if (this.player === player) this.fail(describePlayerError(mpegts, type, detail));
    });
    player.on(mpegts.Events.LOADING_COMPLETE, () => {
      if (this.player === player) this.fail('the engine ended the stream');
    });
    player.attachMediaElement(video);
    player.load();
    this.play(player);
  }

  /** Starts playback; when the browser refuses sound without a click, plays muted instead. */
  private play(player: Mpegts.Player): void {
    const video = this.options.video;
    video.play().catch((error: unknown) => {
      if (this.player !== player || !(error instanceof DOMException) || error.name !== 'NotAllowedError' || video.muted) return;
      video.muted = true;
      video.play().catch(() => undefined);
    });
  }

  private readonly onPlaying = (): void => {
    if (!this.player) return;
    this.backoff.reset();
    this.setStatus({ kind: 'playing' });
  };

  /** A picture that does not move is as bad as an error: start over. */
  private checkPicture(): void {
    if (!this.player) return;
    const time = this.options.video.currentTime;
    if (time !== this.lastTime) {
      this.lastTime = time;
      this.lastProgressAt = Date.now();
      return;
    }
    const playing = this.status.kind === 'playing';
    const limit = playing ? FROZEN_TIMEOUT_MS : FIRST_PICTURE_TIMEOUT_MS;
    if (Date.now() - this.lastProgressAt < limit) return;
    this.fail(playing ? `the picture froze for ${limit / 1000} s` : `no picture within ${limit / 1000} s`);
  }

  private fail(problem: string): void {
    if (this.destroyed) return;
    this.release();
    this.attempt += 1;
    const delay = this.backoff.next();
    this.setStatus({ kind: 'retrying', problem, retryAt: Date.now() + delay });
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.connect(), delay);
  }

  private release(): void {
    const player = this.player;
    this.player = null;
    if (!player) return;
    try {
      player.pause();
      player.unload();
      player.detachMediaElement();
      player.destroy();
    } catch {
      // Already torn down by its own error handling.
    }
  }

  private markProgress(): void {
    this.lastTime = -1;
    this.lastProgressAt = Date.now();
  }

  private setStatus(status: PreviewStatus): void {
    this.status = status;
    if (!this.destroyed) this.options.onStatus(status);
  }
}

function describePlayerError(mpegts: MpegtsLib, type: string, detail: string): string {
  if (type === mpegts.ErrorTypes.NETWORK_ERROR) return `the preview connection failed (${detail})`;
  if (type === mpegts.ErrorTypes.MEDIA_ERROR) return `the browser could not play the stream (${detail})`;
  return `the player failed (${detail})`;
}
