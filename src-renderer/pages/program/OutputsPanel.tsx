import { useState } from 'react';
import type { CompositorOverview, OutputView } from '../../../src-main/compositor/compositor-schema';
import { errorMessage } from '../../api/api-client-error';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { TitledModal } from '../../components/Modal';
import { useApiClient } from '../../hooks/api-context';
import { useIsConnected } from '../../hooks/use-connection-state';
import { useNow } from '../../hooks/use-now';
import { RecorderBadge } from '../cameras/RecorderBadge';
import { RecordToggleButton } from '../cameras/RecordToggleButton';
import { SourceRecordingsPanel } from '../cameras/RecordingsPanel';
import { OutputDialog } from './OutputDialog';
import {
  formatCpu,
  formatFps,
  formatKbps,
  formatMs,
  formatOutputFormat,
  formatSpeed,
  formatUptime,
  fpsTone,
  outputStateLabel,
  outputTone,
  speedTone,
  type Tone,
} from './output-format';

type Dialog = { kind: 'add' } | { kind: 'edit'; output: OutputView } | { kind: 'remove'; output: OutputView } | null;

/** Program outputs with live health (state, fps, dropped/duplicated frames, speed, bitrate, CPU, uptime) and their controls. */
export function OutputsPanel({ outputs, graphics }: { outputs: OutputView[] | undefined; graphics: CompositorOverview['graphics'] | undefined }) {
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);
  const client = useApiClient();
  const live = outputs?.filter((o) => o.status.state === 'live').length ?? 0;

  return (
    <section className="card program-card outputs-card" aria-labelledby="program-outputs-title" data-testid="outputs-panel">
      <div className="card-heading">
        <h2 id="program-outputs-title">
          Outputs{outputs && outputs.length > 0 && <span className="heading-count"> · {live} of {outputs.length} live</span>}
        </h2>
        {graphics && graphics.renders > 0 && (
          <span className="graphics-timing muted" title="Time to draw graphics layers, over the last minute" data-testid="graphics-timing">
            Graphics render p50 {formatMs(graphics.renderMsP50)} · p99 {formatMs(graphics.renderMsP99)}
          </span>
        )}
        <button type="button" className="button small" onClick={() => setDialog({ kind: 'add' })} data-testid="output-add">
          Add output
        </button>
      </div>
      {outputs && outputs.length === 0 && (
        <p className="muted program-empty" data-testid="outputs-empty">
          No program output. Add one to encode the program (720p or 1080p) into the media hub, where it can be previewed, recorded and restreamed like a camera.
        </p>
      )}
      {outputs && outputs.length > 0 && (
        <ul className="output-list">
          {outputs.map((output) => (
            <OutputRow key={output.id} output={output} onEdit={() => setDialog({ kind: 'edit', output })} onRemove={() => setDialog({ kind: 'remove', output })} />
          ))}
        </ul>
      )}
      {dialog?.kind === 'add' && <OutputDialog defaultName={`Program ${(outputs?.length ?? 0) + 1}`} onClose={close} />}
      {dialog?.kind === 'edit' && <OutputDialog output={dialog.output} defaultName={dialog.output.name} onClose={close} />}
      {dialog?.kind === 'remove' && (
        <ConfirmDialog
          title={`Remove ${dialog.output.name}?`}
          confirmLabel="Remove output"
          busyLabel="Removing…"
          onCancel={close}
          onConfirm={async () => {
            await client.call('compositor.outputs.remove', { id: dialog.output.id });
            close();
          }}
        >
          <p>
            Its encoder stops{dialog.output.status.state === 'live' ? ' now, and everything reading it (restreams, recordings, previews) loses the picture' : ''}.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function Figure({ label, value, tone = 'idle', testId }: { label: string; value: string; tone?: Tone; testId: string }) {
  return (
    <div className={`output-figure tone-${tone}`}>
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}

function OutputRow({ output, onEdit, onRemove }: { output: OutputView; onEdit(): void; onRemove(): void }) {
  const client = useApiClient();
  const connected = useIsConnected();
  const now = useNow(1_000);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [showRecordings, setShowRecordings] = useState(false);
  const { status, recorder } = output;
  const recordingOn = output.recording.enabled;
  const tone = connected ? outputTone(status.state) : 'idle';
  const running = status.state !== 'stopped';

  async function toggle() {
    setBusy(true);
    setProblem(null);
    try {
      await client.call(running ? 'compositor.outputs.stop' : 'compositor.outputs.start', { id: output.id });
    } catch (error) {
      setProblem(`Could not ${running ? 'stop' : 'start'} ${output.name}: ${errorMessage(error)}`);
    } finally {
      setBusy(false);
    }
  }

  async function setRecording(enabled: boolean) {
    await client.call('compositor.outputs.update', { id: output.id, recording: { enabled } });
  }

  async function toggleRecording() {
    setBusy(true);
    setProblem(null);
    try {
      await setRecording(!recordingOn);
    } catch (error) {
      setProblem(`Could not turn recording ${recordingOn ? 'off' : 'on'} for ${output.name}: ${errorMessage(error)}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className={`output-row tone-${tone}`} data-testid="output-row" data-name={output.name} data-state={status.state} data-recording={recordingOn}>
      <div className="output-main">
        <div className="output-line">
          <span className={`state-badge ${tone === 'idle' ? '' : tone}`} data-testid="output-state" data-state={status.state}>
            {connected ? outputStateLabel(status.state) : 'Unknown'}
          </span>
          <strong className="output-name">{output.name}</strong>
          <span className="muted output-format">{formatOutputFormat(output)}</span>
          {connected && <RecorderBadge recorder={recorder} detailed testId="output-rec" />}
          {connected && recordingOn && recorder.state === 'off' && (
            <span className="muted output-rec-idle" data-testid="output-rec-idle">
              Records when live
            </span>
          )}
          <span className="spacer" />
          <button type="button" className={`button small${running ? ' danger-outline' : ' primary'}`} disabled={busy} onClick={() => void toggle()} data-testid="output-toggle">
            {running ? 'Stop' : 'Start'}
          </button>
          <RecordToggleButton
            on={recordingOn}
            disabled={busy || !connected}
            onToggle={() => void toggleRecording()}
            stopTitle="Stop recording this output (recordings made are kept)"
            recordTitle="Record this output whenever it is live"
            testId="output-record"
          />
          <button type="button" className="button small" onClick={() => setShowRecordings(true)} title="Play, save or delete this output's recordings" data-testid="output-recordings">
            Recordings
          </button>
          <button type="button" className="button small" onClick={onEdit} data-testid="output-edit">
            Edit
          </button>
          <button type="button" className="button small danger-outline" onClick={onRemove} data-testid="output-remove">
            Remove
          </button>
        </div>
        {status.reason && status.state !== 'live' && (
          <p className={`output-reason${status.state === 'failed' ? ' error' : ''}`} data-testid="output-reason">
            {status.reason}
            {status.restarts > 0 && ` · ${status.restarts} restart${status.restarts === 1 ? '' : 's'}`}
          </p>
        )}
        <dl className={`output-figures${status.state === 'live' && connected ? '' : ' stale'}`}>
          <Figure label="Output fps" value={`${formatFps(status.outputFps)} / ${output.fps}`} tone={fpsTone(output)} testId="output-fps" />
          <Figure label="Dropped" value={String(status.droppedFrames)} tone={status.droppedFrames > 0 ? 'warn' : status.state === 'live' ? 'ok' : 'idle'} testId="output-dropped" />
          <Figure label="Duplicated" value={String(status.duplicatedFrames)} tone={status.duplicatedFrames > 0 ? 'warn' : status.state === 'live' ? 'ok' : 'idle'} testId="output-duplicated" />
          <Figure label="Speed" value={formatSpeed(status.speed)} tone={speedTone(status.speed)} testId="output-speed" />
          <Figure label="Bitrate" value={formatKbps(status.bitrateKbps)} testId="output-bitrate" />
          <Figure label="CPU" value={formatCpu(status.cpuPercent)} testId="output-cpu" />
          <Figure label="Uptime" value={formatUptime(status.liveSince, now)} testId="output-uptime" />
        </dl>
        <p className="output-source muted">
          Feeds the media hub as <code>{output.sourceId}</code>, like a camera.
        </p>
        {problem && (
          <p className="form-error" role="alert" data-testid="output-problem">
            {problem}
          </p>
        )}
      </div>
      {showRecordings && (
        <TitledModal
          title={`Recordings of ${output.name}`}
          onClose={() => setShowRecordings(false)}
          className="output-recordings-dialog"
          testId="output-recordings-dialog"
          buttons={
            <button type="button" className="button" onClick={() => setShowRecordings(false)} data-testid="output-recordings-dialog-close" autoFocus>
              Close
            </button>
          }
        >
          <SourceRecordingsPanel
            sourceId={output.sourceId}
            name={output.name}
            policy={output.recording}
            policyHint="Recorded while the output is live"
            offHint="No recordings. Use Record to record this output whenever it is live."
            setEnabled={setRecording}
          />
        </TitledModal>
      )}
    </li>
  );
}
