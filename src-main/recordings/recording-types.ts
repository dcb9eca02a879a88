/** What the API says about recordings: shared by the engine and (as types) the renderer. */

export const RECORDER_STATES = ['off', 'starting', 'recording', 'waiting', 'failed'] as const;
/**
 * - off: recording is disabled (or the camera is).
 * - starting: FFmpeg is on its way, or waits for the camera's first keyframe.
 * - recording: segments are being written.
 * - waiting: the recorder runs but the camera sends nothing (it is offline or reconnecting).
 * - failed: the recorder stopped unexpectedly (`reason`); it is restarted with backoff.
 */
export type RecorderState = (typeof RECORDER_STATES)[number];

/** A camera's recorder, live. */
export interface RecorderStatus {
  state: RecorderState;
  /** Why it is not recording, in words; null while recording or off. */
  reason: string | null;
  since: string;
  /** Bytes handed to the recorder since it was (re)enabled: about what reached the disk (no re-encoding). */
  bytesWritten: number;
  /** The segment being written, when one is. */
  currentFile: string | null;
  restarts: number;
}

/** One recorded segment. */
export interface RecordingInfo {
  /** The file name (`20261121-142530.mp4`). */
  id: string;
  cameraId: string;
  /** When the segment began (from its name, written in the engine's local time). */
  startedAt: string;
  sizeBytes: number;
  /** Playable length (read from the file's fragments); null while it is being written. */
  durationSeconds: number | null;
  inProgress: boolean;
}

export interface RecordingUrl {
  path: string;
  expiresAt: string;
}

export function recorderOff(since = new Date().toISOString()): RecorderStatus {
  return { state: 'off', reason: null, since, bytesWritten: 0, currentFile: null, restarts: 0 };
}
