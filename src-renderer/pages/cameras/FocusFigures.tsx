import type { ReactNode } from 'react';
import type { CameraView } from '../../../src-main/api/contract';
import { formatDuration } from '../../app/format';
import type { PreviewStatus } from '../../media/live-flv-player';
import { useNow } from '../../hooks/use-now';
import { cameraTone, elapsedSince, formatBitrate, formatCameraFps, formatCodec, formatResolution, retryText } from './camera-format';
import { CameraStateBadge } from './CameraStateBadge';

/** Every live figure of the focused camera. */
interface FocusFiguresProps {
  camera: CameraView;
  preview: PreviewStatus | null;
  variant: string;
  /** The engine is unreachable: the figures are its last word. */
  stale: boolean;
}

export function FocusFigures({ camera, preview, variant, stale }: FocusFiguresProps) {
  const now = useNow(500);
  const { status } = camera;
  const live = status.state === 'live';
  const retry = retryText(status.retryAt, now);
  const uptime = live ? elapsedSince(status.liveSince, now) : null;

  return (
    <dl className={stale ? 'info-list focus-figures stale' : 'info-list focus-figures'} data-testid="focus-figures">
      {stale && (
        <Fact label="Engine" testId="focus-engine">
          <span className="text-warn">Unreachable: these are the last figures it sent.</span>
        </Fact>
      )}
      <Fact label="State" testId="focus-state">
        <CameraStateBadge state={status.state} stale={stale} />
        <span className="muted block">
          since {clock(status.since)} ({elapsedSince(status.since, now) ?? '—'})
        </span>
      </Fact>
      {status.reason && (
        <Fact label="Reason" testId="focus-reason">
          <span className={REASON_CLASSES[cameraTone(status.state)]}>{status.reason}</span>
          {retry && <span className="muted block">{retry}</span>}
        </Fact>
      )}
      <Fact label="Frame rate" testId="focus-fps">
        {live ? (formatCameraFps(status.fps) ?? '—') : '—'}
      </Fact>
      <Fact label="Bitrate" testId="focus-bitrate">
        {live ? (formatBitrate(status.bitrateKbps) ?? '—') : '—'}
      </Fact>
      <Fact label="Resolution" testId="focus-resolution">
        {formatResolution(status.video) ?? '—'}
      </Fact>
      <Fact label="Codecs" testId="focus-codecs">
        {codecsText(status)}
      </Fact>
      <Fact label="Uptime" testId="focus-uptime">
        {uptime ?? '—'}
        {live && status.liveSince && <span className="muted block">live since {clock(status.liveSince)}</span>}
      </Fact>
      <Fact label="Restarts" testId="focus-restarts">
        {status.restarts === 0 ? 'None' : status.restarts}
      </Fact>
      <Fact label="Last frame" testId="focus-last-frame">
        {status.lastFrameAt ? (
          <>
            {clock(status.lastFrameAt)} <span className="muted">({ago(status.lastFrameAt, now)})</span>
          </>
        ) : (
          '—'
        )}
      </Fact>
      <Fact label="Viewers" testId="focus-readers">
        {status.readers}
      </Fact>
      <Fact label="Preview" testId="focus-preview">
        {previewText(preview, variant, now)}
      </Fact>
      <Fact label="Source" testId="focus-source">
        <span className="mono">{camera.url}</span>
        {camera.subUrl && <span className="mono muted block">sub: {camera.subUrl}</span>}
      </Fact>
    </dl>
  );
}

const REASON_CLASSES = { ok: undefined, warn: 'text-warn', error: 'text-error', idle: undefined } as const;

/** `H.264 video · AAC audio`, `H.264 video · no audio`, or `—` before the source described itself. */
function codecsText(status: CameraView['status']): string {
  if (!status.video && !status.audio) return '—';
  return `${formatCodec(status.video?.codec) ?? '—'} video · ${formatCodec(status.audio?.codec) ?? 'no'} audio`;
}

function Fact({ label, testId, children }: { label: string; testId: string; children: ReactNode }) {
  return (
    <div className="info-row" data-testid={testId}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function clock(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleTimeString();
}

function ago(iso: string, now: number): string {
  const seconds = Math.max(0, (now - Date.parse(iso)) / 1000);
  return seconds < 10 ? `${seconds.toFixed(1)} s ago` : `${formatDuration(seconds)} ago`;
}

function previewText(preview: PreviewStatus | null, variant: string, now: number): string {
  if (!preview) return 'Off (the camera is not live)';
  switch (preview.kind) {
    case 'connecting':
      return 'Connecting…';
    case 'playing':
      return `Playing the ${variant} stream (WS-FLV)`;
    case 'retrying':
      return `${preview.problem}; ${retryText(new Date(preview.retryAt).toISOString(), now)?.toLowerCase() ?? 'retrying'}`;
    case 'unavailable':
      return preview.problem;
  }
}
