import type { RecorderState, RecorderStatus } from '../../../src-main/api/contract';

/** Red while writing, amber on the way (or waiting for the camera), red outline when it failed. */
export type RecorderTone = 'rec' | 'pending' | 'failed' | 'off';

const TONES: Record<RecorderState, RecorderTone> = {
  off: 'off',
  starting: 'pending',
  recording: 'rec',
  waiting: 'pending',
  failed: 'failed',
};

const LABELS: Record<RecorderState, string> = {
  off: 'Not recording',
  starting: 'REC starting',
  recording: 'REC',
  waiting: 'REC waiting',
  failed: 'REC failed',
};

const HINTS: Record<RecorderState, string> = {
  off: 'Recording is off for this camera',
  starting: 'The recorder is starting, or waits for the first keyframe',
  recording: 'Segments are being written',
  waiting: 'The recorder runs, but the camera sends nothing',
  failed: 'The recorder stopped unexpectedly; it is restarted with backoff',
};

export function recorderTone(state: RecorderState): RecorderTone {
  return TONES[state];
}

export function recorderLabel(state: RecorderState): string {
  return LABELS[state];
}

/** A tooltip: the state in words, and why. */
export function recorderHint(recorder: RecorderStatus): string {
  return recorder.reason ? `${HINTS[recorder.state]}: ${recorder.reason}` : HINTS[recorder.state];
}
