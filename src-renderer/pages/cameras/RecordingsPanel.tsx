import { useState } from 'react';
import type { CameraView, RecordingInfo } from '../../../src-main/api/contract';
import { errorMessage } from '../../api/api-client-error';
import { formatBytes, formatClockTime, formatMediaDuration } from '../../app/format';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useApiClient } from '../../hooks/api-context';
import { useMediaBase } from '../../hooks/media-base-context';
import { useTopic } from '../../hooks/use-topic';
import { httpMediaUrl } from '../../media/media-url';
import { RecordingPlayer } from './RecordingPlayer';

/** Rows shown at first, and added by "Show more": a camera kept for days has thousands of segments. */
const PAGE_SIZE = 50;

/**
 * The focused camera's recordings, live (the `recordings` topic sends the list again on every
 * new segment and deletion): play one inline, save it, delete it; turn recording on or off.
 */
export function RecordingsPanel({ camera }: { camera: CameraView }) {
  const client = useApiClient();
  return (
    <SourceRecordingsPanel
      sourceId={camera.id}
      name={camera.name}
      policy={camera.recording}
      policyHint="Change these in the camera's settings (Edit…)"
      offHint="No recordings. Turn recording on in the camera's settings."
      setEnabled={async (enabled) => {
        await client.call('cameras.update', { id: camera.id, recording: { enabled } });
      }}
    />
  );
}

interface SourceRecordingsPanelProps {
  /** The camera id, or the `rtmp_<name>` source id of a published stream: its recordings folder. */
  sourceId: string;
  name: string;
  policy: Pick<CameraView['recording'], 'enabled' | 'segmentSeconds' | 'retainHours'>;
  policyHint: string;
  /** What the empty list says while recording is off. */
  offHint: string;
  setEnabled(enabled: boolean): Promise<void>;
  testId?: string;
}

/** The recordings panel of any source (a camera, a published RTMP stream). */
export function SourceRecordingsPanel({ sourceId, name, policy, policyHint, offHint, setEnabled, testId = 'recordings-panel' }: SourceRecordingsPanelProps) {
  const client = useApiClient();
  const { data: recordings, error } = useTopic('recordings', { cameraId: sourceId });
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [removing, setRemoving] = useState<RecordingInfo | null>(null);
  const [confirmStop, setConfirmStop] = useState(false);
  const [shown, setShown] = useState(PAGE_SIZE);
  const [problem, setProblem] = useState<string | null>(null);
  const [toggling, setToggling] = useState(false);
  const downloads = useRowDownloads(sourceId, setProblem);

  const selected = recordings?.find((r) => r.id === selectedId) ?? null;
  const total = recordings?.reduce((sum, r) => sum + r.sizeBytes, 0) ?? 0;
  const recordingOn = policy.enabled;

  async function setRecording(enabled: boolean) {
    setProblem(null);
    setToggling(true);
    try {
      await setEnabled(enabled);
    } catch (err) {
      setProblem(`Could not turn recording ${enabled ? 'on' : 'off'}: ${errorMessage(err)}`);
    } finally {
      setToggling(false);
    }
  }

  return (
    <section className="card recordings-panel" aria-labelledby="recordings-title" data-testid={testId}>
      <header className="recordings-header">
        <h2 id="recordings-title">Recordings</h2>
        <span className="muted recordings-summary" data-testid="recordings-summary">
          {recordings ? `${recordings.length} ${recordings.length === 1 ? 'segment' : 'segments'} · ${formatBytes(total)}` : ''}
        </span>
        <span className="header-spacer" />
        <span className="muted recording-policy" title={policyHint}>
          {recordingOn
            ? `${policy.segmentSeconds} s segments · keep ${policy.retainHours === 0 ? 'until the size limit' : `${policy.retainHours} h`}`
            : 'Recording is off'}
        </span>
        <button
          type="button"
          className={recordingOn ? 'button small danger-outline' : 'button small'}
          disabled={toggling}
          onClick={() => (recordingOn ? setConfirmStop(true) : void setRecording(true))}
          data-testid="recording-toggle"
          data-enabled={recordingOn}
        >
          {recordingOn ? 'Stop recording' : 'Start recording'}
        </button>
      </header>
      {problem && (
        <div className="form-error" role="alert" data-testid="recordings-problem">
          {problem}
          <button type="button" className="link-button" onClick={() => setProblem(null)}>
            Dismiss
          </button>
        </div>
      )}
      <div className={selected ? 'recordings-body with-player' : 'recordings-body'}>
        <div className="recordings-list-area">
          {!recordings && (
            <p className="muted" data-testid="recordings-loading">
              {error ? `Could not load the recordings: ${error.message}` : 'Loading recordings…'}
            </p>
          )}
          {recordings?.length === 0 && (
            <p className="recordings-empty" data-testid="recordings-empty">
              {recordingOn
                ? 'No recordings yet: the first segment appears here as soon as the recorder starts writing it.'
                : offHint}
            </p>
          )}
          {recordings && recordings.length > 0 && (
            <table className="recordings-table" data-testid="recordings-list">
              <thead>
                <tr>
                  <th scope="col">Started</th>
                  <th scope="col" className="num">
                    Length
                  </th>
                  <th scope="col" className="num">
                    Size
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {recordings.slice(0, shown).map((recording) => (
                  <tr
                    key={recording.id}
                    className={recording.id === selectedId ? 'recording-row selected' : 'recording-row'}
                    data-testid="recording-row"
                    data-recording-id={recording.id}
                    data-in-progress={recording.inProgress}
                  >
                    <td>
                      <button
                        type="button"
                        className="recording-play"
                        onClick={() => setSelectedId(recording.id)}
                        aria-pressed={recording.id === selectedId}
                        title="Play it here"
                        data-testid="recording-play"
                      >
                        <PlayIcon />
                        <span data-testid="recording-started">{formatClockTime(recording.startedAt)}</span>
                      </button>
                    </td>
                    <td className="num" data-testid="recording-duration">
                      {recording.inProgress ? (
                        <span className="recording-live" data-testid="recording-in-progress">
                          <span className="rec-dot" aria-hidden="true" /> Recording
                        </span>
                      ) : recording.durationSeconds !== null ? (
                        formatMediaDuration(recording.durationSeconds)
                      ) : (
                        '—'
                      )}
                    </td>
                    <td className="num" data-testid="recording-size">
                      {formatBytes(recording.sizeBytes)}
                    </td>
                    <td className="recording-actions">
                      <button
                        type="button"
                        className="icon-button"
                        onClick={() => downloads.start(recording)}
                        aria-label={`Download the recording of ${formatClockTime(recording.startedAt)}`}
                        title="Download"
                        data-testid="recording-download"
                      >
                        <DownloadIcon />
                      </button>
                      <button
                        type="button"
                        className="icon-button danger"
                        onClick={() => setRemoving(recording)}
                        aria-label={`Delete the recording of ${formatClockTime(recording.startedAt)}`}
                        title="Delete…"
                        data-testid="recording-delete"
                      >
                        <TrashIcon />
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {recordings && recordings.length > shown && (
            <button type="button" className="button small more-button" onClick={() => setShown((n) => n + PAGE_SIZE)} data-testid="recordings-more">
              Show {Math.min(PAGE_SIZE, recordings.length - shown)} more ({recordings.length - shown} older)
            </button>
          )}
        </div>
        {selected && <RecordingPlayer key={selected.id} sourceId={sourceId} sourceName={name} recording={selected} onClose={() => setSelectedId(null)} />}
      </div>
      {removing && (
        <ConfirmDialog
          title={`Delete the recording of ${formatClockTime(removing.startedAt)}?`}
          confirmLabel="Delete recording"
          busyLabel="Deleting…"
          onCancel={() => setRemoving(null)}
          onConfirm={async () => {
            try {
              await client.call('recordings.remove', { cameraId: sourceId, id: removing.id });
            } catch (err) {
              throw new Error(errorMessage(err).replace(/^id: /, ''));
            }
            if (selectedId === removing.id) setSelectedId(null);
            setRemoving(null);
          }}
        >
          <p>
            {name}, {removing.inProgress ? 'being recorded' : removing.durationSeconds !== null ? formatMediaDuration(removing.durationSeconds) : 'length unknown'},{' '}
            {formatBytes(removing.sizeBytes)}. The file is deleted from the engine&apos;s disk; this cannot be undone.
          </p>
          <p className="mono muted">{removing.id}</p>
        </ConfirmDialog>
      )}
      {confirmStop && (
        <ConfirmDialog
          title={`Stop recording “${name}”?`}
          confirmLabel="Stop recording"
          busyLabel="Stopping…"
          onCancel={() => setConfirmStop(false)}
          onConfirm={async () => {
            await setEnabled(false);
            setConfirmStop(false);
          }}
        >
          <p>Nothing more is recorded until recording is turned on again. Recordings already made are kept.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

/** Row downloads: the ticketed address is asked for on the click, then saved through a temporary link. */
function useRowDownloads(cameraId: string, onProblem: (problem: string) => void) {
  const client = useApiClient();
  const baseUrl = useMediaBase().url;
  return {
    start(recording: RecordingInfo) {
      if (!baseUrl) {
        onProblem('Cannot download: the engine did not say where it serves media.');
        return;
      }
      client.call('recordings.url', { cameraId, id: recording.id, download: true }).then(
        (answer) => {
          const link = document.createElement('a');
          link.href = httpMediaUrl(baseUrl, answer.path);
          link.download = recording.id;
          link.rel = 'noopener';
          document.body.append(link);
          link.click();
          link.remove();
        },
        (error: unknown) => onProblem(`Cannot download ${recording.id}: ${errorMessage(error).replace(/^id: /, '')}`),
      );
    },
  };
}

function PlayIcon() {
  return (
    <svg className="row-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d="M8 5.5v13l10.5-6.5z" />
    </svg>
  );
}

function DownloadIcon() {
  return (
    <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false" className="stroke-icon">
      <path d="M12 4v11M7 10.5l5 5 5-5M5 19.5h14" />
    </svg>
  );
}

function TrashIcon() {
  return (
    <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false" className="stroke-icon">
      <path d="M5 7h14M10 7V4.5h4V7M7 7l1 12.5h8L17 7M10.5 10.5v6M13.5 10.5v6" />
    </svg>
  );
}
