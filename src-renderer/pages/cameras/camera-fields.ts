import type { CameraDraft, CameraFieldErrors, CameraFieldPath } from './camera-draft';

/** What every group of fields in the camera dialog gets. */
export interface CameraFieldsProps {
  draft: CameraDraft;
  errors: CameraFieldErrors;
  onChange(change: Partial<CameraDraft>, field: CameraFieldPath): void;
}

/** `recording.segmentSeconds` → `camera-recording-segmentSeconds`: ids and test ids per field. */
export function fieldId(path: CameraFieldPath): string {
  return `camera-${path.replace('.', '-')}`;
}

export function errorTestId(path: CameraFieldPath): string {
  return `camera-error-${path.replace('.', '-')}`;
}

/** Field names as the form labels them: for "Not saved: check URL". */
export const FIELD_LABELS: Record<CameraFieldPath, string> = {
  name: 'Name',
  url: 'URL',
  subUrl: 'Sub-stream URL',
  rtspTransport: 'RTSP transport',
  enabled: 'Enabled',
  credentials: 'Username and password',
  'recording.enabled': 'Record',
  'recording.segmentSeconds': 'Segment length',
  'recording.retainHours': 'Keep for',
  'recording.maxSizeMb': 'Size limit',
};

/** `Check URL.` / `Check Name and URL.` for the fields that have errors, in form order. */
export function checkFieldsText(errors: CameraFieldErrors): string | null {
  const labels = (Object.keys(FIELD_LABELS) as CameraFieldPath[]).filter((path) => errors[path]).map((path) => FIELD_LABELS[path]);
  if (labels.length === 0) return null;
  const list = labels.length === 1 ? labels[0] : `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;
  return `Check ${list}.`;
}

/** The first field with an error, in form order. */
export function firstInvalidField(errors: CameraFieldErrors): CameraFieldPath | null {
  return (Object.keys(FIELD_LABELS) as CameraFieldPath[]).find((path) => errors[path]) ?? null;
}
