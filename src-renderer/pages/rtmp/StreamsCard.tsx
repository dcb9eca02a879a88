import { useState, type ReactNode } from 'react';
import type { RtmpStreamView, StreamRecordingView } from '../../../src-main/api/contract';
import { errorMessage } from '../../api/api-client-error';
import { TitledModal } from '../../components/Modal';
import { useApiClient } from '../../hooks/api-context';
import { useIsConnected } from '../../hooks/use-connection-state';
import { useRtmpStreamPreview } from '../../hooks/use-flv-preview';
import { CameraStateBadge } from '../cameras/CameraStateBadge';
import { formatBitrate, formatCameraFps, formatResolution } from '../cameras/camera-format';
import { RecorderBadge } from '../cameras/RecorderBadge';
import { RecordToggleButton } from '../cameras/RecordToggleButton';
import { SourceRecordingsPanel } from '../cameras/RecordingsPanel';
import { SourceSnapshotPanel } from '../cameras/SnapshotPanel';
import { usePolledProcedure } from './use-polled-procedure';

/** How often the recorders' state is asked for (no topic carries it). */
const RECORDING_POLL_MS = 2_000;

/** Published streams as cards: state, figures, a small live picture, snapshot and recording. */
export function StreamsCard({ streams }: { streams: RtmpStreamView[] | undefined }) {
  const recording = usePolledProcedure('rtmp.recording.list', {}, RECORDING_POLL_MS);
  const byName = new Map((recording.data ?? []).map((view) => [view.name, view]));
  return (
    <section className="card rtmp-card" aria-labelledby="rtmp-streams-title" data-testid="rtmp-streams">
      <h2 id="rtmp-streams-title">Published streams</h2>
      {streams && streams.length === 0 && <p className="muted" data-testid="rtmp-streams-empty">Nothing is published. Point OBS at the server above with a stream key.</p>}
      {streams && streams.length > 0 && (
        <div className="rtmp-stream-grid">
          {streams.map((stream) => (
            <StreamCard key={stream.name} stream={stream} recording={byName.get(stream.name)} onRecordingChanged={recording.reload} />
          ))}
        </div>
      )}
    </section>
  );
}

interface StreamCardProps {
  stream: RtmpStreamView;
  /** The stream's recording policy and recorder; absent while none was ever set (recording off). */
  recording: StreamRecordingView | undefined;
  onRecordingChanged(): void;
}

function StreamCard({ stream, recording, onRecordingChanged }: StreamCardProps) {
  const client = useApiClient();
  const [video, setVideo] = useState<HTMLVideoElement | null>(null);
  const connected = useIsConnected();
  const live = connected && stream.status.state === 'live';
  const preview = useRtmpStreamPreview(video, stream.name, live);
  const figures = [formatResolution(stream.status.video), formatCameraFps(stream.status.fps), formatBitrate(stream.status.bitrateKbps)].filter(Boolean);
  const playing = preview?.kind === 'playing';
  const [open, setOpen] = useState<'snapshot' | 'recordings' | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const recordingOn = recording?.recording.enabled ?? false;

  async function setRecording(enabled: boolean) {
    await client.call('rtmp.recording.set', { name: stream.name, enabled });
    onRecordingChanged();
  }

  async function toggleRecording() {
    setProblem(null);
    setBusy(true);
    try {
      await setRecording(!recordingOn);
    } catch (error) {
      setProblem(`Could not turn recording ${recordingOn ? 'off' : 'on'}: ${errorMessage(error)}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <article className="rtmp-stream" data-testid="rtmp-stream" data-name={stream.name} data-state={stream.status.state} data-recording={recordingOn}>
      <div className="rtmp-stream-picture">
        <video ref={setVideo} className={playing ? undefined : 'hidden-picture'} muted playsInline disablePictureInPicture data-testid="rtmp-stream-video" data-preview={preview?.kind ?? 'off'} />
        {!playing && (
          <p className="rtmp-stream-slate">
            {!live ? (stream.status.reason ?? 'Not live') : preview?.kind === 'retrying' || preview?.kind === 'unavailable' ? preview.problem : 'Opening preview…'}
          </p>
        )}
      </div>
      <div className="rtmp-stream-info">
        <strong className="rtmp-stream-name">{stream.name}</strong>
        <span className="rtmp-stream-badges">
          {connected && recording && <RecorderBadge recorder={recording.recorder} testId="rtmp-stream-rec" />}
          <CameraStateBadge state={stream.status.state} stale={!connected} />
        </span>
      </div>
      <p className="muted rtmp-stream-figures" data-testid="rtmp-stream-figures">
        {figures.length > 0 ? figures.join(' · ') : '—'}
        {stream.status.readers > 0 ? ` · ${stream.status.readers} reader${stream.status.readers === 1 ? '' : 's'}` : ''}
      </p>
      <div className="rtmp-stream-actions">
        <RecordToggleButton
          on={recordingOn}
          disabled={busy || !connected}
          onToggle={() => void toggleRecording()}
          stopTitle="Stop recording this stream (recordings made are kept)"
          recordTitle="Record this stream whenever it is published"
          testId="rtmp-stream-record"
        />
        <button type="button" className="button small" onClick={() => setOpen('snapshot')} title="The latest frame as a JPEG, to open or save" data-testid="rtmp-stream-snapshot">
          Snapshot
        </button>
        <button type="button" className="button small" onClick={() => setOpen('recordings')} title="Play, save or delete this stream's recordings" data-testid="rtmp-stream-recordings">
          Recordings
        </button>
      </div>
      {problem && (
        <p className="form-error rtmp-stream-problem" role="alert" data-testid="rtmp-stream-problem">
          {problem}
        </p>
      )}
      {open === 'snapshot' && (
        <StreamDialog title={`Snapshot of ${stream.name}`} className="rtmp-snapshot-dialog" testId="rtmp-snapshot-dialog" onClose={() => setOpen(null)}>
          <SourceSnapshotPanel source={{ kind: 'rtmp', name: stream.name }} name={stream.name} state={stream.status.state} noun="stream" />
        </StreamDialog>
      )}
      {open === 'recordings' && (
        <StreamDialog title={`Recordings of ${stream.name}`} className="rtmp-recordings-dialog" testId="rtmp-recordings-dialog" onClose={() => setOpen(null)}>
          <SourceRecordingsPanel
            sourceId={recording?.sourceId ?? stream.sourceId}
            name={stream.name}
            policy={recording?.recording ?? { enabled: false, segmentSeconds: 0, retainHours: 0 }}
            policyHint="Recorded while the stream is published"
            offHint="No recordings. Use Record to record this stream whenever it is published."
            setEnabled={setRecording}
          />
        </StreamDialog>
      )}
    </article>
  );
}

function StreamDialog({ title, className, testId, onClose, children }: { title: string; className: string; testId: string; onClose(): void; children: ReactNode }) {
  return (
    <TitledModal
      title={title}
      onClose={onClose}
      className={className}
      testId={testId}
      buttons={
        <button type="button" className="button" onClick={onClose} data-testid={`${testId}-close`} autoFocus>
          Close
        </button>
      }
    >
      {children}
    </TitledModal>
  );
}
