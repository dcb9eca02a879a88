import type { DestinationState, RtmpServerStatus, StreamKeyView } from '../../../src-main/api/contract';
import type { CameraTone } from '../cameras/camera-format';

/** Words and colours for restream destinations and the RTMP server. */

const DESTINATION_TONES: Record<DestinationState, CameraTone> = {
  live: 'ok',
  connecting: 'warn',
  retrying: 'warn',
  failed: 'error',
  stopped: 'idle',
};

const DESTINATION_LABELS: Record<DestinationState, string> = {
  live: 'Live',
  connecting: 'Connecting',
  retrying: 'Retrying',
  failed: 'Failed',
  stopped: 'Stopped',
};

const DESTINATION_HINTS: Record<DestinationState, string> = {
  live: 'Publishing to the destination',
  connecting: 'Connecting to the destination',
  retrying: 'The last attempt failed; trying again',
  failed: 'Several attempts failed; still trying',
  stopped: 'Stopped by an operator: nothing is sent',
};

export function destinationTone(state: DestinationState): CameraTone {
  return DESTINATION_TONES[state];
}

export function destinationLabel(state: DestinationState): string {
  return DESTINATION_LABELS[state];
}

export function destinationHint(state: DestinationState): string {
  return DESTINATION_HINTS[state];
}

export function serverTone(status: RtmpServerStatus): CameraTone {
  if (status.state === 'listening') return 'ok';
  if (status.state === 'error') return 'error';
  if (status.state === 'starting') return 'warn';
  return 'idle';
}

export function serverLabel(status: RtmpServerStatus): string {
  const labels: Record<RtmpServerStatus['state'], string> = {
    listening: 'Listening',
    starting: 'Starting',
    stopped: 'Stopped',
    disabled: 'Disabled',
    error: 'Error',
  };
  return labels[status.state];
}

export function keyTone(state: StreamKeyView['state']): CameraTone {
  return state === 'active' ? 'ok' : state === 'expired' ? 'warn' : 'idle';
}

/** A stream name derived from a key name: `OBS stage left` → `obs-stage-left`. */
export function streamNameFor(keyName: string): string {
  const slug = keyName
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
  return slug || 'live';
}

export const STREAM_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** What to type as OBS "Stream Key" for a stream name and a full key. */
export function obsStreamKey(streamName: string, key: string): string {
  return `${streamName}?key=${key}`;
}

/** An ISO time from a `datetime-local` value (local time), or null when empty/invalid. */
export function isoFromLocalInput(value: string): string | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
