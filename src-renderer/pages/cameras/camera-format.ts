import type { CameraState, CameraView } from '../../../src-main/api/contract';
import { formatDuration } from '../../app/format';

/** Words and colours for camera health, shared by the tiles and the focused view. */

/** Green live, amber on the way back, red down, grey switched off. */
export type CameraTone = 'ok' | 'warn' | 'error' | 'idle';

const TONES: Record<CameraState, CameraTone> = {
  live: 'ok',
  connecting: 'warn',
  stalled: 'warn',
  reconnecting: 'warn',
  offline: 'error',
  error: 'error',
  disabled: 'idle',
};

const LABELS: Record<CameraState, string> = {
  live: 'Live',
  connecting: 'Connecting',
  stalled: 'Stalled',
  reconnecting: 'Reconnecting',
  offline: 'Offline',
  error: 'Error',
  disabled: 'Disabled',
};

const HINTS: Record<CameraState, string> = {
  live: 'Frames are arriving from the camera',
  connecting: 'Connecting to the camera; waiting for the first frames',
  stalled: 'Connected, but no new frames are arriving',
  reconnecting: 'The connection ended; trying again',
  offline: 'Several attempts failed in a row; still trying',
  error: 'The camera cannot be shown as configured',
  disabled: 'Switched off by an operator: nothing is fetched',
};

export function cameraTone(state: CameraState): CameraTone {
  return TONES[state];
}

export function cameraStateLabel(state: CameraState): string {
  return LABELS[state];
}

export function cameraStateHint(state: CameraState): string {
  return HINTS[state];
}

/** `25 fps`, `7.5 fps`, or null before the first figure. */
export function formatCameraFps(fps: number | null): string | null {
  if (fps === null) return null;
  return `${fps >= 10 ? Math.round(fps) : fps.toFixed(1)} fps`;
}

/** `1.9 Mb/s`, `850 kb/s`. */
export function formatBitrate(kbps: number | null): string | null {
  if (kbps === null) return null;
  if (kbps >= 1000) return `${(kbps / 1000).toFixed(kbps >= 10_000 ? 0 : 1)} Mb/s`;
  return `${Math.round(kbps)} kb/s`;
}

/** `640×360`, or null while unknown. */
export function formatResolution(video: CameraView['status']['video']): string | null {
  if (!video?.width || !video.height) return null;
  return `${video.width}×${video.height}`;
}

/** `H.264`, `AAC`: codec names as operators know them. */
export function formatCodec(codec: string | null | undefined): string | null {
  if (!codec) return null;
  const known: Record<string, string> = { h264: 'H.264', hevc: 'H.265', h265: 'H.265', aac: 'AAC', mp3: 'MP3', opus: 'Opus', pcm_mulaw: 'G.711 µ-law', pcm_alaw: 'G.711 A-law' };
  return known[codec.toLowerCase()] ?? codec.toUpperCase();
}

/** `Retrying in 4 s` / `Retrying now…`, or null when no retry is scheduled. */
export function retryText(retryAt: string | null, now: number): string | null {
  if (!retryAt) return null;
  const seconds = Math.ceil((Date.parse(retryAt) - now) / 1000);
  if (!Number.isFinite(seconds)) return null;
  return seconds > 0 ? `Retrying in ${seconds} s` : 'Retrying now…';
}

/** How long ago an ISO time was: `for 2 m 05 s`. */
export function elapsedSince(iso: string | null, now: number): string | null {
  if (!iso) return null;
  const ms = now - Date.parse(iso);
  return Number.isFinite(ms) ? formatDuration(ms / 1000) : null;
}

/** The host (or test pattern) a camera reads from, without path or query: for compact labels. */
export function sourceLabel(url: string): string {
  const test = /^test:\/\/([a-z]+)/.exec(url);
  if (test) return `Test pattern: ${test[1]}`;
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'file:') return decodeURIComponent(parsed.pathname.split('/').pop() ?? url);
    return `${parsed.protocol.replace(':', '').toUpperCase()} ${parsed.host}`;
  } catch {
    return url.split('/').pop() ?? url;
  }
}
