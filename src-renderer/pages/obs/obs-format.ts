import type { ObsConnectionView, ObsOutputStatus } from '../../../src-main/obs/obs-contract';

export type Tone = 'ok' | 'warn' | 'error' | 'idle';

/** The connection's state as an operator reads it: a word and a colour. */
export function connectionLabel(view: ObsConnectionView, now: number): string {
  const { status } = view;
  switch (status.state) {
    case 'connected':
      return 'Connected';
    case 'syncing':
      return 'Syncing…';
    case 'connecting':
      return status.attempts > 0 ? `Connecting (try ${status.attempts + 1})` : 'Connecting…';
    case 'retrying': {
      const seconds = status.retryAt ? Math.max(0, Math.ceil((Date.parse(status.retryAt) - now) / 1000)) : null;
      return seconds !== null ? `Retrying in ${seconds} s` : 'Retrying';
    }
    case 'disabled':
      return 'Disabled';
  }
}

export function connectionTone(view: ObsConnectionView): Tone {
  switch (view.status.state) {
    case 'connected':
      return 'ok';
    case 'syncing':
    case 'connecting':
      return view.status.lastFailure ? 'error' : 'warn';
    case 'retrying':
      return 'error';
    case 'disabled':
      return 'idle';
  }
}

/** Live means usable: buttons that talk to OBS are off otherwise. */
export function isLive(view: ObsConnectionView): boolean {
  return view.status.state === 'connected' || view.status.state === 'syncing';
}

export function outputLabel(output: ObsOutputStatus, kind: 'stream' | 'record'): string {
  if (output.transition === 'starting') return 'Starting…';
  if (output.transition === 'stopping') return 'Stopping…';
  if (output.reconnecting) return 'Reconnecting';
  if (output.paused) return 'Paused';
  if (output.active) return kind === 'stream' ? 'Live' : 'Recording';
  return 'Off';
}

export function outputTone(output: ObsOutputStatus): Tone {
  if (output.reconnecting) return 'warn';
  if (output.transition) return 'warn';
  if (output.active) return 'error';
  return 'idle';
}

/** `00:12:03` from OBS's `00:12:03.417`. */
export function formatTimecode(timecode: string | null): string {
  return timecode ? timecode.replace(/\.\d+$/, '') : '00:00:00';
}

export function formatDb(db: number | null): string {
  if (db === null) return '—';
  if (db <= -100) return '-∞ dB';
  return `${db > 0 ? '+' : ''}${db.toFixed(1)} dB`;
}

/** Skipped frames as `12 (0.4 %)`. */
export function formatSkipped(skipped: number, total: number): string {
  if (total <= 0) return String(skipped);
  const pct = (skipped / total) * 100;
  return `${skipped} (${pct < 0.1 && skipped > 0 ? '<0.1' : pct.toFixed(1)} %)`;
}

/** Meter position 0…1 for a dBFS level on a -60…0 scale. */
export function meterFraction(db: number): number {
  return Math.max(0, Math.min(1, (db + 60) / 60));
}
