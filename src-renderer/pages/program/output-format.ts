import type { OutputState, OutputView } from '../../../src-main/compositor/compositor-schema';
import { formatDuration } from '../../app/format';

export type Tone = 'ok' | 'warn' | 'error' | 'idle';

const TONES: Record<OutputState, Tone> = { live: 'ok', starting: 'warn', retrying: 'warn', failed: 'error', stopped: 'idle' };
const LABELS: Record<OutputState, string> = { live: 'Live', starting: 'Starting', retrying: 'Retrying', failed: 'Failed', stopped: 'Stopped' };

export function outputTone(state: OutputState): Tone {
  return TONES[state];
}

export function outputStateLabel(state: OutputState): string {
  return LABELS[state];
}

/** How healthy the encoder keeps up: fps against the target, and speed (1.0× is real time). */
export function fpsTone(output: Pick<OutputView, 'fps' | 'status'>): Tone {
  const { outputFps, state } = output.status;
  if (state !== 'live' || outputFps === null) return 'idle';
  if (outputFps >= output.fps * 0.95) return 'ok';
  if (outputFps >= output.fps * 0.8) return 'warn';
  return 'error';
}

/** A live encoder fed in real time hovers around 1.0×; it falls behind well under that. */
export function speedTone(speed: number | null): Tone {
  if (speed === null) return 'idle';
  if (speed >= 0.95) return 'ok';
  if (speed >= 0.85) return 'warn';
  return 'error';
}

/** `29.97`, `30.0`: two decimals below 10 fps would be noise, one is enough. */
export function formatFps(fps: number | null): string {
  return fps === null ? '–' : fps.toFixed(1);
}

export function formatSpeed(speed: number | null): string {
  return speed === null ? '–' : `${speed.toFixed(2)}×`;
}

export function formatKbps(kbps: number | null): string {
  if (kbps === null) return '–';
  return kbps >= 1000 ? `${(kbps / 1000).toFixed(2)} Mb/s` : `${Math.round(kbps)} kb/s`;
}

export function formatCpu(percent: number | null): string {
  return percent === null ? '–' : `${percent >= 10 ? percent.toFixed(0) : percent.toFixed(1)} %`;
}

/** Time live since `liveSince` at `now`, or a dash. */
export function formatUptime(liveSince: string | null, now: number): string {
  if (!liveSince) return '–';
  const since = Date.parse(liveSince);
  return Number.isFinite(since) ? formatDuration((now - since) / 1000) : '–';
}

/** `1080p30 · 6 Mb/s · veryfast`. */
export function formatOutputFormat(output: Pick<OutputView, 'resolution' | 'fps' | 'videoBitrateKbps' | 'preset'>): string {
  return `${output.resolution}${output.fps} · ${formatKbps(output.videoBitrateKbps)} · ${output.preset}`;
}

/** `3.2 ms`, `14 ms`, or a dash. */
export function formatMs(ms: number | null): string {
  if (ms === null) return '–';
  return `${ms >= 10 ? Math.round(ms) : ms.toFixed(1)} ms`;
}
