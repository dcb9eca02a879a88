import type { CameraView, ProcedureInput } from '../../../src-main/api/contract';
import { RECORDING_DEFAULTS } from './camera-limits';

type RtspTransport = CameraView['rtspTransport'];
type AddInput = ProcedureInput<'cameras.add'>;
type UpdateInput = ProcedureInput<'cameras.update'>;
type RecordingPatch = NonNullable<UpdateInput['recording']>;

/** What the operator is editing in the camera dialog; numbers as the text of their inputs. */
export interface CameraDraft {
  name: string;
  url: string;
  subUrl: string;
  rtspTransport: RtspTransport;
  enabled: boolean;
  username: string;
  /** Never filled from the engine: it does not return passwords. */
  password: string;
  /** Remove the stored credentials on save. */
  removeCredentials: boolean;
  recordingEnabled: boolean;
  segmentSeconds: string;
  retainHours: string;
  maxSizeMb: string;
}

/** Fields as the engine names them in its messages (`url: …`, `recording.segmentSeconds: …`). */
export const CAMERA_FIELD_PATHS = [
  'name',
  'url',
  'subUrl',
  'rtspTransport',
  'enabled',
  'credentials',
  'recording.enabled',
  'recording.segmentSeconds',
  'recording.retainHours',
  'recording.maxSizeMb',
] as const;

export type CameraFieldPath = (typeof CAMERA_FIELD_PATHS)[number];
export type CameraFieldErrors = Partial<Record<CameraFieldPath, string>>;

export function newCameraDraft(): CameraDraft {
  return {
    name: '',
    url: '',
    subUrl: '',
    rtspTransport: 'tcp',
    enabled: true,
    username: '',
    password: '',
    removeCredentials: false,
    recordingEnabled: RECORDING_DEFAULTS.enabled,
    segmentSeconds: String(RECORDING_DEFAULTS.segmentSeconds),
    retainHours: String(RECORDING_DEFAULTS.retainHours),
    maxSizeMb: String(RECORDING_DEFAULTS.maxSizeMb),
  };
}

export function draftFromCamera(camera: CameraView): CameraDraft {
  return {
    name: camera.name,
    url: camera.url,
    subUrl: camera.subUrl ?? '',
    rtspTransport: camera.rtspTransport,
    enabled: camera.enabled,
    username: '',
    password: '',
    removeCredentials: false,
    recordingEnabled: camera.recording.enabled,
    segmentSeconds: String(camera.recording.segmentSeconds),
    retainHours: String(camera.recording.retainHours),
    maxSizeMb: String(camera.recording.maxSizeMb),
  };
}

export type Built<T> = { ok: true; value: T } | { ok: false; errors: CameraFieldErrors };

/** The input for `cameras.add`. Only what the form cannot even type is checked here. */
export function addInputFrom(draft: CameraDraft): Built<AddInput> {
  const numbers = recordingNumbers(draft);
  if (!numbers.ok) return numbers;
  const subUrl = draft.subUrl.trim();
  const credentials = typedCredentials(draft);
  return {
    ok: true,
    value: {
      name: draft.name,
      url: draft.url,
      ...(subUrl !== '' && { subUrl }),
      rtspTransport: draft.rtspTransport,
      enabled: draft.enabled,
      ...(credentials && { credentials }),
      recording: { enabled: draft.recordingEnabled, ...numbers.value },
    },
  };
}

/**
 * The input for `cameras.update`: only what changed, so an unchanged source is not restarted.
 * Credentials: typed ones replace, "remove" sends null, nothing typed keeps the stored ones.
 */
export function updateInputFrom(draft: CameraDraft, camera: CameraView): Built<UpdateInput> {
  const numbers = recordingNumbers(draft);
  if (!numbers.ok) return numbers;
  const patch: UpdateInput = { id: camera.id };
  if (draft.name !== camera.name) patch.name = draft.name;
  if (draft.url.trim() !== camera.url) patch.url = draft.url;
  const subUrl = draft.subUrl.trim();
  if (subUrl !== (camera.subUrl ?? '')) patch.subUrl = subUrl === '' ? null : subUrl;
  if (draft.rtspTransport !== camera.rtspTransport) patch.rtspTransport = draft.rtspTransport;
  if (draft.enabled !== camera.enabled) patch.enabled = draft.enabled;
  const credentials = typedCredentials(draft);
  if (credentials) patch.credentials = credentials;
  else if (draft.removeCredentials && camera.hasCredentials) patch.credentials = null;

  const recording: RecordingPatch = {};
  if (draft.recordingEnabled !== camera.recording.enabled) recording.enabled = draft.recordingEnabled;
  for (const key of ['segmentSeconds', 'retainHours', 'maxSizeMb'] as const) {
    if (numbers.value[key] !== camera.recording[key]) recording[key] = numbers.value[key];
  }
  if (Object.keys(recording).length > 0) patch.recording = recording;
  return { ok: true, value: patch };
}

/** True when the update would change something. */
export function hasChanges(patch: UpdateInput): boolean {
  return Object.keys(patch).some((key) => key !== 'id');
}

/**
 * Splits the engine's message (`url: scheme ftp is not supported…; name: …`) into messages per
 * field; parts that name no field of the form are returned as `other`.
 */
export function fieldErrorsFromMessage(message: string): { byField: CameraFieldErrors; other: string[] } {
  const byField: CameraFieldErrors = {};
  const other: string[] = [];
  for (const part of message.split('; ')) {
    const match = /^([\w.]+): (.+)$/s.exec(part);
    const field = match ? fieldFor(match[1]!) : undefined;
    if (match && field) byField[field] = byField[field] ? `${byField[field]}; ${match[2]}` : match[2];
    else other.push(part);
  }
  return { byField, other };
}

function fieldFor(path: string): CameraFieldPath | undefined {
  if (path.startsWith('credentials')) return 'credentials';
  return CAMERA_FIELD_PATHS.find((field) => field === path);
}

function typedCredentials(draft: CameraDraft): { username: string; password: string } | undefined {
  if (draft.username === '' && draft.password === '') return undefined;
  return { username: draft.username, password: draft.password };
}

function recordingNumbers(draft: CameraDraft): Built<{ segmentSeconds: number; retainHours: number; maxSizeMb: number }> {
  const errors: CameraFieldErrors = {};
  const read = (text: string, field: CameraFieldPath): number => {
    const trimmed = text.trim();
    const value = Number(trimmed);
    if (trimmed === '' || !Number.isInteger(value)) errors[field] = 'enter a whole number';
    return value;
  };
  const value = {
    segmentSeconds: read(draft.segmentSeconds, 'recording.segmentSeconds'),
    retainHours: read(draft.retainHours, 'recording.retainHours'),
    maxSizeMb: read(draft.maxSizeMb, 'recording.maxSizeMb'),
  };
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value };
}
