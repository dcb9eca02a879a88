/** What the API shows of OBS: the connection, its health, and a mirror of OBS's own state. */

export const OBS_CONNECTION_STATES = ['disabled', 'connecting', 'syncing', 'connected', 'retrying'] as const;
export type ObsConnectionState = (typeof OBS_CONNECTION_STATES)[number];

/** Why the last attempt failed or the link dropped, as a key the UI can colour and a sentence. */
export type ObsFailureKind =
  | 'refused'
  | 'wrong_password'
  | 'password_required'
  | 'timeout'
  | 'host_not_found'
  | 'unreachable'
  | 'not_obs'
  | 'incompatible'
  | 'connection_lost'
  | 'obs_exited'
  | 'kicked'
  | 'error';

export interface ObsFailure {
  kind: ObsFailureKind;
  message: string;
  at: string;
}

export interface ObsConnectionStatus {
  state: ObsConnectionState;
  /** Since when the state holds. */
  since: string;
  lastFailure: ObsFailure | null;
  /** Failed attempts since the last success. */
  attempts: number;
  /** When the next attempt is due while retrying. */
  retryAt: string | null;
  /** When the mirror was last rebuilt from OBS, and how long that took. */
  syncedAt: string | null;
  syncMs: number | null;
  obsVersion: string | null;
  websocketVersion: string | null;
}

export interface ObsSceneItem {
  id: number;
  sourceName: string;
  /** The input kind, or null for nested scenes and groups. */
  inputKind: string | null;
  enabled: boolean;
  index: number;
}

export interface ObsScene {
  name: string;
  /** Top to bottom as in OBS's list. */
  items: ObsSceneItem[];
}

export interface ObsInput {
  name: string;
  kind: string;
  /** null for inputs without audio. */
  muted: boolean | null;
  volumeDb: number | null;
}

export interface ObsOutputStatus {
  active: boolean;
  /** starting / stopping while OBS changes state. */
  transition: 'starting' | 'stopping' | null;
  paused: boolean;
  timecode: string | null;
  durationMs: number | null;
  bytes: number | null;
  /** Only for streams: frames dropped by congestion. */
  skippedFrames: number | null;
  totalFrames: number | null;
  reconnecting: boolean;
  /** The file of the last finished recording. */
  lastFile: string | null;
}

export interface ObsStats {
  activeFps: number;
  cpuPercent: number;
  memoryMb: number;
  renderSkippedFrames: number;
  renderTotalFrames: number;
  outputSkippedFrames: number;
  outputTotalFrames: number;
  averageFrameRenderMs: number;
  diskSpaceMb: number | null;
}

/** OBS's state as last seen; null fields until the first sync. */
export interface ObsMirror {
  sceneCollection: string | null;
  programScene: string | null;
  previewScene: string | null;
  studioMode: boolean;
  /** Top to bottom as in OBS's scene list. */
  scenes: ObsScene[];
  inputs: ObsInput[];
  stream: ObsOutputStatus;
  record: ObsOutputStatus;
  stats: ObsStats | null;
}

export interface ObsConnectionView {
  id: string;
  name: string;
  host: string;
  port: number;
  enabled: boolean;
  hasPassword: boolean;
  createdAt: string;
  updatedAt: string;
  status: ObsConnectionStatus;
  obs: ObsMirror;
}

export interface ObsInputMeter {
  input: string;
  /** Peak level per channel in dBFS (-inf as -100). */
  peakDb: number[];
  /** Magnitude (RMS-like) per channel in dBFS. */
  levelDb: number[];
}

export interface ObsMeters {
  id: string;
  /** False while OBS is not connected: meters resume by themselves. */
  live: boolean;
  inputs: ObsInputMeter[];
}

export interface ObsPlacement {
  scene: string;
  inputName: string;
  sceneItemId: number;
  createdScene: boolean;
  /** An input of that name existed and was replaced. */
  replaced: boolean;
  feedId: string;
  /** The URL OBS plays, with the credential masked. */
  url: string;
}

export interface ObsFeedView {
  id: string;
  sourceId: string;
  connectionId: string;
  sceneName: string;
  inputName: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface ObsBatchResult {
  /** One entry per operation, in order. */
  results: Array<{ op: string; ok: boolean; error: string | null }>;
}
