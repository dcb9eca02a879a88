import type { CameraView } from '../../../src-main/api/contract';
import { formatBytes, formatClockTime } from '../../app/format';
import { useNow } from '../../hooks/use-now';
import { elapsedSince } from './camera-format';
import { RecorderBadge } from './RecorderBadge';
import { recorderHint } from './recorder-format';

/** The focused camera's recorder, live: state and why, what it wrote, its file and restarts, and the policy. */
export function RecorderFacts({ camera, stale }: { camera: CameraView; stale: boolean }) {
  const now = useNow(1_000);
  const { recorder, recording } = camera;
  const failed = recorder.state === 'failed';

  return (
    <dl className={stale ? 'info-list focus-figures stale' : 'info-list focus-figures'} data-testid="recorder-facts">
      <div className="info-row" data-testid="recorder-state">
        <dt>Recorder</dt>
        <dd>
          {recorder.state === 'off' ? (
            <span className="muted">{recording.enabled && !camera.enabled ? 'Off while the camera is disabled' : 'Off'}</span>
          ) : (
            <RecorderBadge recorder={recorder} testId="recorder-facts-badge" />
          )}
          <span className="muted block">
            {recorder.state === 'off' ? '' : `${recorderHint({ ...recorder, reason: null })} · `}
            {`since ${formatClockTime(recorder.since, now)} (${elapsedSince(recorder.since, now) ?? '—'})`}
          </span>
        </dd>
      </div>
      {recorder.reason && (
        <div className="info-row" data-testid="recorder-reason">
          <dt>Reason</dt>
          <dd className={failed ? 'text-error' : 'text-warn'}>{recorder.reason}</dd>
        </div>
      )}
      <div className="info-row" data-testid="recorder-bytes">
        <dt>Written</dt>
        <dd>{formatBytes(recorder.bytesWritten)}</dd>
      </div>
      <div className="info-row" data-testid="recorder-file">
        <dt>Current file</dt>
        <dd className="mono">{recorder.currentFile ? recorder.currentFile.split(/[\\/]/).pop() : '—'}</dd>
      </div>
      <div className="info-row" data-testid="recorder-restarts">
        <dt>Restarts</dt>
        <dd>{recorder.restarts === 0 ? 'None' : recorder.restarts}</dd>
      </div>
      <div className="info-row" data-testid="recorder-policy">
        <dt>Policy</dt>
        <dd>
          {recording.enabled ? 'On' : 'Off'} · {recording.segmentSeconds} s segments
          <span className="muted block">
            Keep {recording.retainHours === 0 ? 'until the size limit' : `${recording.retainHours} h`} · {recording.maxSizeMb === 0 ? 'no size limit' : `up to ${recording.maxSizeMb.toLocaleString()} MB`}
          </span>
        </dd>
      </div>
    </dl>
  );
}
