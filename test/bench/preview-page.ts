/**
 * The bench's browser page (bundled by cameras-bench.ts with esbuild): plays a camera's WS-FLV
 * preview with mpegts.js as the UI's grid tiles do — with the UI's own `LIVE_PLAYER_CONFIG`
 * (cameras-bench.ts finds it in src-renderer and bundles it in as `__UI_PLAYER_CONFIG__`),
 * `hasAudio: false`, muted, played at once, mpegts.js logging only warnings and errors — and
 * watches every frame the browser presents with requestVideoFrameCallback.
 */
import mpegts from 'mpegts.js';
import { CLOCK_COLS, CLOCK_ORIGIN_X, CLOCK_ORIGIN_Y, CLOCK_CELL, CLOCK_ROWS, CLOCK_WIDTH, readClock } from './clock-pattern';

export interface LatencySample {
  /** Wall clock (ms) when the frame is shown, minus the wall clock drawn into it. */
  latencyMs: number;
  /** Wall clock (ms) when the frame is shown. */
  shownAt: number;
}

export interface LatencyReport {
  samples: LatencySample[];
  /** Frames presented in the window, read or not. */
  framesPresented: number;
  /** Presented frames whose clock could not be read. */
  unreadable: number;
  errors: string[];
}

export interface BenchPage {
  /** Starts the clock preview and keeps reading every presented frame. */
  startLatency(url: string): void;
  /** Starts a fresh window of latency samples. */
  resetLatency(): void;
  latencyReport(): LatencyReport;
  /** Resolves with the wall clock (ms) at which the first frame of `url` is shown. */
  firstFrame(url: string, timeoutMs: number): Promise<number>;
  stopAll(): void;
  config(): unknown;
}

declare global {
  interface Window {
    bench: BenchPage;
  }
  var __UI_PLAYER_CONFIG__: mpegts.Config | undefined;
  /** BENCH_PLAYER_CONFIG: settings tried over the UI's (experiments only; the bench says so). */
  var __PLAYER_OVERRIDES__: mpegts.Config | undefined;
}

function playerConfig(): mpegts.Config {
  const config = globalThis.__UI_PLAYER_CONFIG__;
  if (!config) throw new Error('the UI player settings were not bundled in');
  return { ...config, ...globalThis.__PLAYER_OVERRIDES__ };
}

let loggingConfigured = false;
function quietPlayerLogging(): void {
  if (loggingConfigured) return;
  loggingConfigured = true;
  mpegts.LoggingControl.applyConfig({ enableAll: false, enableDebug: false, enableVerbose: false, enableInfo: false, enableWarn: true, enableError: true });
}

interface Playing {
  player: mpegts.Player;
  video: HTMLVideoElement;
}

const playing = new Set<Playing>();
const errors: string[] = [];

/** The wall clock at which a presented frame is (expected to be) on screen. */
function shownAtWallClock(metadata: VideoFrameCallbackMetadata): number {
  return Date.now() - (performance.now() - metadata.expectedDisplayTime);
}

function play(url: string): Playing {
  quietPlayerLogging();
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.width = 320;
  video.height = 180;
  document.body.append(video);
  // As LiveFlvPlayer does for a grid tile (withAudio false).
  const player = mpegts.createPlayer({ type: 'flv', isLive: true, url, hasAudio: false }, playerConfig());
  player.on(mpegts.Events.ERROR, (type: string, detail: string) => errors.push(`${type}: ${detail}`));
  player.attachMediaElement(video);
  player.load();
  void video.play().catch((error: unknown) => errors.push(`play(): ${String(error)}`));
  const entry = { player, video };
  playing.add(entry);
  return entry;
}

function stop(entry: Playing): void {
  playing.delete(entry);
  try {
    entry.player.pause();
    entry.player.unload();
    entry.player.detachMediaElement();
    entry.player.destroy();
  } catch {
    // already torn down
  }
  entry.video.remove();
}

let window_: LatencyReport = { samples: [], framesPresented: 0, unreadable: 0, errors };

const region = { x: CLOCK_ORIGIN_X, y: CLOCK_ORIGIN_Y, w: CLOCK_COLS * CLOCK_CELL, h: CLOCK_ROWS * CLOCK_CELL };

function startLatency(url: string): void {
  const entry = play(url);
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  const onFrame = (_now: number, metadata: VideoFrameCallbackMetadata): void => {
    if (!playing.has(entry)) return;
    const shownAt = shownAtWallClock(metadata);
    const { video } = entry;
    const scale = video.videoWidth / CLOCK_WIDTH;
    if (canvas.width !== video.videoWidth || canvas.height !== video.videoHeight) {
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
    }
    context.drawImage(video, 0, 0);
    const image = context.getImageData(Math.round(region.x * scale), Math.round(region.y * scale), Math.round(region.w * scale), Math.round(region.h * scale));
    const stamp = readClock((x, y) => {
      const px = Math.round((x - region.x) * scale);
      const py = Math.round((y - region.y) * scale);
      const i = (py * image.width + px) * 4;
      // Grey picture: R = G = B; average them anyway.
      return ((image.data[i] ?? 0) + (image.data[i + 1] ?? 0) + (image.data[i + 2] ?? 0)) / 3;
    });
    window_.framesPresented += 1;
    if (stamp === null) window_.unreadable += 1;
    else window_.samples.push({ latencyMs: shownAt - stamp, shownAt });
    video.requestVideoFrameCallback(onFrame);
  };
  entry.video.requestVideoFrameCallback(onFrame);
}

function firstFrame(url: string, timeoutMs: number): Promise<number> {
  const entry = play(url);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no frame within ${timeoutMs} ms (${errors.slice(-3).join('; ') || 'no player error'})`)), timeoutMs);
    entry.video.requestVideoFrameCallback((_now, metadata) => {
      clearTimeout(timer);
      resolve(shownAtWallClock(metadata));
    });
  });
}

window.bench = {
  startLatency,
  resetLatency: () => {
    window_ = { samples: [], framesPresented: 0, unreadable: 0, errors };
  },
  latencyReport: () => window_,
  firstFrame,
  stopAll: () => {
    for (const entry of [...playing]) stop(entry);
  },
  config: () => playerConfig(),
};
