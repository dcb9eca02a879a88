import type { RecorderStatus } from '../../../src-main/api/contract';
import { formatBytes } from '../../app/format';
import { recorderHint, recorderLabel, recorderTone } from './recorder-format';

interface RecorderBadgeProps {
  recorder: RecorderStatus;
  /** The focused view adds what has been written, and why it failed. */
  detailed?: boolean;
  testId?: string;
}

/** `● REC` while the camera is recorded (amber while starting or waiting, outlined red when failed); nothing while recording is off. */
export function RecorderBadge({ recorder, detailed = false, testId = 'rec-badge' }: RecorderBadgeProps) {
  if (recorder.state === 'off') return null;
  const tone = recorderTone(recorder.state);
  return (
    <span className={`rec-badge ${tone}`} title={recorderHint(recorder)} data-testid={testId} data-recorder-state={recorder.state}>
      <span className="rec-dot" aria-hidden="true" />
      <span className="rec-label">{recorderLabel(recorder.state)}</span>
      {detailed && recorder.state === 'recording' && (
        <span className="rec-bytes" data-testid={`${testId}-bytes`} title="Written since recording was turned on">
          {formatBytes(recorder.bytesWritten)} written
        </span>
      )}
      {detailed && recorder.state === 'failed' && recorder.reason && (
        <span className="rec-reason" data-testid={`${testId}-reason`}>
          {recorder.reason}
        </span>
      )}
    </span>
  );
}
