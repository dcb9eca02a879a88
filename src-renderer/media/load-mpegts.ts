import type Mpegts from 'mpegts.js';

export type MpegtsLib = typeof Mpegts;

/**
 * mpegts.js settings for live previews: play what arrives at once (no stash buffer) and keep
 * the picture close to the camera by skipping ahead when more than half a second is buffered.
 * A player joins at the hub's last keyframe, so without this it would stay as far behind as
 * that keyframe was old (up to a GOP: measured 0.26–0.98 s with a 1 s limit, `npm run bench`).
 */
export const LIVE_PLAYER_CONFIG: Mpegts.Config = {
  enableWorker: false,
  enableStashBuffer: false,
  isLive: true,
  liveBufferLatencyChasing: true,
  liveBufferLatencyMaxLatency: 0.5,
  liveBufferLatencyMinRemain: 0.2,
  lazyLoad: false,
  autoCleanupSourceBuffer: true,
  autoCleanupMaxBackwardDuration: 12,
  autoCleanupMinBackwardDuration: 6,
};

let loading: Promise<MpegtsLib> | null = null;

/** Loads mpegts.js once, on the first preview (it is a large library), with its logging quietened. */
export function loadMpegts(): Promise<MpegtsLib> {
  loading ??= import('mpegts.js').then((module) => {
    const lib = module.default;
    // mpegts.js logs every step by default: keep its warnings and errors.
    lib.LoggingControl.applyConfig({ enableAll: false, enableDebug: false, enableVerbose: false, enableInfo: false, enableWarn: true, enableError: true });
    return lib;
  });
  loading.catch(() => {
    loading = null; // a failed chunk load may succeed next time
  });
  return loading;
}
