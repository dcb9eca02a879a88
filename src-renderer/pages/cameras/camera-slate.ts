import type { CameraView } from '../../../src-main/api/contract';
import type { PreviewStatus } from '../../media/live-flv-player';
import { cameraStateLabel, cameraTone, elapsedSince, retryText, sourceLabel, type CameraTone } from './camera-format';

/** What covers the picture when there is no moving picture to show: never a black box. */
export interface Slate {
  tone: CameraTone;
  /** `Reconnecting`, `Disabled`, `Opening preview…`. */
  title: string;
  /** Why, in words. */
  reason: string;
  /** `Retrying in 4 s`, `for 2 m 05 s`. */
  detail: string | null;
  /** A spinner: something is under way. */
  busy: boolean;
  /** Why the slate shows: the camera's state, the preview's (camera live), or the engine link. */
  cause: CameraView['status']['state'] | 'preview' | 'engine';
}

/** Null when the live picture should be visible. Without the engine, its last word is not trusted. */
export function slateFor(camera: CameraView, preview: PreviewStatus | null, now: number, engineReachable = true): Slate | null {
  const { status } = camera;
  if (!engineReachable) {
    return {
      tone: 'idle',
      title: 'Engine unreachable',
      reason: `Last known state: ${cameraStateLabel(status.state)}.`,
      detail: 'Reconnecting to the engine…',
      busy: true,
      cause: 'engine',
    };
  }
  if (status.state !== 'live') {
    const retry = retryText(status.retryAt, now);
    const since = elapsedSince(status.since, now);
    return {
      tone: cameraTone(status.state),
      title: status.state === 'connecting' ? 'Connecting…' : cameraStateLabel(status.state),
      reason: sentence(status.reason ?? defaultReason(camera)),
      detail: retry ?? (since && status.state !== 'disabled' && status.state !== 'connecting' ? `for ${since}` : null),
      busy: status.state === 'connecting' || status.state === 'reconnecting' || (retry !== null && retry.endsWith('…')),
      cause: status.state,
    };
  }
  // No player yet (starting, or off screen): say so rather than show an empty picture.
  if (!preview || preview.kind === 'connecting') {
    return { tone: 'ok', title: 'Opening preview…', reason: 'The camera is live.', detail: null, busy: true, cause: 'preview' };
  }
  switch (preview.kind) {
    case 'playing':
      return null;
    case 'retrying':
      return {
        tone: 'warn',
        title: 'Preview interrupted',
        reason: sentence(preview.problem),
        detail: retryText(new Date(preview.retryAt).toISOString(), now) ?? null,
        busy: true,
        cause: 'preview',
      };
    case 'unavailable':
      return { tone: 'error', title: 'No preview', reason: sentence(preview.problem), detail: 'The camera itself is live.', busy: false, cause: 'preview' };
  }
}

function defaultReason(camera: CameraView): string {
  switch (camera.status.state) {
    case 'connecting':
      return `Waiting for the first frames from ${sourceLabel(camera.url)}`;
    case 'disabled':
      return 'Switched off by an operator';
    default:
      return 'No reason given';
  }
}

/** `connection refused` → `Connection refused.` */
function sentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return trimmed;
  const capital = trimmed[0]!.toUpperCase() + trimmed.slice(1);
  return /[.!?…]$/.test(capital) ? capital : `${capital}.`;
}
