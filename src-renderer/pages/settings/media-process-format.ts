import type { SelfTestResult, SupervisedProcessInfo } from '../../../src-main/api/contract';

/** Words and colours for supervised processes and the FFmpeg self-test. */

type ProcessState = SupervisedProcessInfo['state'];
type ProcessExit = NonNullable<SupervisedProcessInfo['lastExit']>;

/** Green running, amber on the way somewhere, red failed, grey at rest. */
export type StateTone = 'ok' | 'warn' | 'error' | 'idle';

const STATE_TONES: Record<ProcessState, StateTone> = {
  running: 'ok',
  starting: 'warn',
  backoff: 'warn',
  stopping: 'warn',
  failed: 'error',
  idle: 'idle',
  stopped: 'idle',
};

const STATE_LABELS: Record<ProcessState, string> = {
  running: 'Running',
  starting: 'Starting',
  backoff: 'Restarting',
  stopping: 'Stopping',
  failed: 'Failed',
  idle: 'Idle',
  stopped: 'Stopped',
};

const STATE_HINTS: Record<ProcessState, string> = {
  running: 'Running and producing frames',
  starting: 'Started; waiting for the first frames',
  backoff: 'Ended unexpectedly; waiting before the next restart',
  stopping: 'Asked to stop; waiting for it to exit',
  failed: 'Ended with an error and will not be restarted',
  idle: 'Created but not started',
  stopped: 'Not running',
};

export function stateTone(state: ProcessState): StateTone {
  return STATE_TONES[state];
}

export function stateLabel(state: ProcessState): string {
  return STATE_LABELS[state];
}

export function stateHint(state: ProcessState): string {
  return STATE_HINTS[state];
}

/** Failed and restarting processes explain their last exit. */
export function shouldExplainExit(process: SupervisedProcessInfo): boolean {
  return (process.state === 'failed' || process.state === 'backoff') && process.lastExit !== null;
}

/** `Crashed (exit code 1)`, `Killed by SIGKILL`, `Stalled: no new frames`… */
export function describeExit(exit: ProcessExit): string {
  switch (exit.reason) {
    case 'exited':
      return 'Exited';
    case 'crashed':
      if (exit.signal) return `Crashed (killed by ${exit.signal})`;
      return exit.code === null ? 'Crashed' : `Crashed (exit code ${exit.code})`;
    case 'stalled':
      return 'Stalled: no new frames, so it was stopped';
    case 'stopped':
      return 'Stopped';
    case 'spawn-error':
      return 'Could not be started';
  }
}

/** The last thing FFmpeg said before it ended, if anything. */
export function lastStderrLine(exit: ProcessExit): string | null {
  for (let i = exit.stderrTail.length - 1; i >= 0; i--) {
    const line = exit.stderrTail[i]?.trim();
    if (line) return line;
  }
  return null;
}

/** `No restarts`, `Restarted once`, `Restarted 3 times`. */
export function restartsLabel(restarts: number): string {
  if (restarts === 0) return 'No restarts';
  return restarts === 1 ? 'Restarted once' : `Restarted ${restarts} times`;
}

export function formatFps(fps: number | null | undefined): string {
  if (fps === null || fps === undefined) return '—';
  return fps >= 10 ? fps.toFixed(0) : fps.toFixed(1);
}

/** `Passed: 90 frames at 1.02× real time (libx264)` or `Failed: <FFmpeg's last line>`. */
export function selfTestSummary(result: SelfTestResult): string {
  if (!result.ok) return `Failed: ${result.error ?? 'FFmpeg did not finish the test'}`;
  const speed = result.speed === null ? '' : ` at ${result.speed.toFixed(2)}× real time`;
  return `Passed: ${result.frames} frames${speed} (${result.encoder})`;
}
