import { useEffect, useRef, useState } from 'react';
import type { RecordingInfo } from '../../../src-main/api/contract';
import { formatBytes, formatClockTime, formatMediaDuration } from '../../app/format';
import { useRecordingUrl } from './use-recording-url';

/** One recording played inline (the engine serves it with Range support, so it seeks), with a link to save it. */
interface RecordingPlayerProps {
  /** The camera (or `rtmp_<name>` source) the recording belongs to, and its name for the saved file. */
  sourceId: string;
  sourceName: string;
  recording: RecordingInfo;
  onClose(): void;
}

export function RecordingPlayer({ sourceId, sourceName, recording, onClose }: RecordingPlayerProps) {
  const playback = useRecordingUrl(sourceId, recording.id, false);
  const download = useRecordingUrl(sourceId, recording.id, true);
  const video = useRef<HTMLVideoElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const src = playback.kind === 'ready' ? playback.url : null;

  // Started by the operator's click: play at once, muted if the browser insists.
  useEffect(() => {
    const element = video.current;
    if (!src || !element) return;
    setProblem(null);
    element.play().catch((error: unknown) => {
      if (error instanceof DOMException && error.name === 'NotAllowedError') {
        element.muted = true;
        element.play().catch(() => undefined);
      }
    });
  }, [src]);

  return (
    <div className="recording-player" data-testid="recording-player" data-recording-id={recording.id}>
      <div className="recording-stage">
        {src && (
          <video
            key={src}
            ref={video}
            src={src}
            controls
            playsInline
            preload="auto"
            onError={(e) => setProblem(mediaProblem(e.currentTarget.error))}
            data-testid="recording-video"
          />
        )}
        {playback.kind === 'asking' && <span className="spinner" aria-label="Opening the recording" />}
        {(playback.kind === 'failed' || problem) && (
          <p className="recording-problem" role="alert" data-testid="recording-problem">
            Cannot play this recording: {playback.kind === 'failed' ? playback.problem : problem}
          </p>
        )}
      </div>
      <div className="recording-player-bar">
        <div className="recording-player-title">
          <strong>{formatClockTime(recording.startedAt)}</strong>
          <span className="muted">
            {recording.inProgress ? 'being recorded' : recording.durationSeconds !== null ? formatMediaDuration(recording.durationSeconds) : '—'} ·{' '}
            {formatBytes(recording.sizeBytes)}
          </span>
        </div>
        <span className="header-spacer" />
        {download.kind === 'ready' ? (
          <a className="button small" href={download.url} download={`${sourceName}-${recording.id}`} data-testid="recording-player-download">
            Download
          </a>
        ) : (
          <button type="button" className="button small" disabled title={download.kind === 'failed' ? download.problem : 'Preparing the link…'}>
            Download
          </button>
        )}
        <button type="button" className="button small" onClick={onClose} data-testid="recording-player-close">
          Close
        </button>
      </div>
    </div>
  );
}

function mediaProblem(error: MediaError | null): string {
  if (!error) return 'the browser could not play it';
  switch (error.code) {
    case MediaError.MEDIA_ERR_NETWORK:
      return 'the download was interrupted';
    case MediaError.MEDIA_ERR_DECODE:
      return 'the file could not be decoded';
    case MediaError.MEDIA_ERR_SRC_NOT_SUPPORTED:
      return 'the file is gone or its format is not supported here';
    default:
      return error.message || 'the browser could not play it';
  }
}
