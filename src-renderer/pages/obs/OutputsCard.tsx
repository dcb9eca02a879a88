import { useState } from 'react';
import type { ObsConnectionView, ObsOutputStatus } from '../../../src-main/obs/obs-contract';
import { formatBytes } from '../../app/format';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useApiClient } from '../../hooks/api-context';
import { formatSkipped, formatTimecode, isLive, outputLabel, outputTone } from './obs-format';
import { useObsAction } from './use-obs-action';

/** Stream and record: state, running time and bytes, start/stop (stopping a live stream asks first). */
export function OutputsCard({ view }: { view: ObsConnectionView }) {
  return (
    <section className="card obs-card" aria-labelledby="obs-outputs-title" data-testid="obs-outputs">
      <h2 id="obs-outputs-title">Stream &amp; record</h2>
      <div className="obs-outputs">
        <Output view={view} kind="stream" output={view.obs.stream} />
        <Output view={view} kind="record" output={view.obs.record} />
      </div>
    </section>
  );
}

function Output({ view, kind, output }: { view: ObsConnectionView; kind: 'stream' | 'record'; output: ObsOutputStatus }) {
  const client = useApiClient();
  const action = useObsAction();
  const [confirmStop, setConfirmStop] = useState(false);
  const live = isLive(view);
  const label = kind === 'stream' ? 'Stream' : 'Record';
  const start = kind === 'stream' ? 'obs.stream.start' : 'obs.record.start';
  const stop = kind === 'stream' ? 'obs.stream.stop' : 'obs.record.stop';
  const bitrateKbps = output.active && output.bytes && output.durationMs ? Math.round((output.bytes * 8) / output.durationMs) : null;

  return (
    <div className={output.active ? 'obs-output active' : 'obs-output'} data-testid={`obs-${kind}`} data-active={output.active}>
      <div className="obs-output-head">
        <span className="obs-output-name">{label}</span>
        <span className={`state-badge ${outputTone(output)}`} data-testid={`obs-${kind}-state`}>
          {outputLabel(output, kind)}
        </span>
      </div>
      <div className="obs-timecode mono" data-testid={`obs-${kind}-timecode`}>
        {formatTimecode(output.active ? output.timecode : null)}
      </div>
      <div className="obs-output-figures">
        {output.active && output.bytes !== null && <span>{formatBytes(output.bytes)}</span>}
        {bitrateKbps !== null && <span>{bitrateKbps} kb/s</span>}
        {kind === 'stream' && output.active && output.skippedFrames !== null && output.totalFrames !== null && <span>dropped {formatSkipped(output.skippedFrames, output.totalFrames)}</span>}
        {kind === 'record' && !output.active && output.lastFile && (
          <span className="obs-last-file mono truncate" title={output.lastFile} data-testid="obs-record-file">
            Last: {output.lastFile.split(/[\\/]/).pop()}
          </span>
        )}
      </div>
      <button
        type="button"
        className={output.active ? 'button obs-stop' : 'button primary'}
        disabled={!live || action.busy !== null || output.transition !== null}
        onClick={() => {
          if (output.active && kind === 'stream') setConfirmStop(true);
          else void action.run(kind, output.active ? stop : start, { id: view.id });
        }}
        data-testid={`obs-${kind}-toggle`}
      >
        {output.active ? `Stop ${kind === 'stream' ? 'stream' : 'recording'}` : `Start ${kind === 'stream' ? 'stream' : 'recording'}`}
      </button>
      {action.problem && (
        <p className="form-error" role="alert">
          {action.problem}
        </p>
      )}
      {confirmStop && (
        <ConfirmDialog
          title="Stop streaming?"
          confirmLabel="Stop streaming"
          busyLabel="Stopping…"
          onCancel={() => setConfirmStop(false)}
          onConfirm={async () => {
            await client.call('obs.stream.stop', { id: view.id });
            setConfirmStop(false);
          }}
        >
          {view.name} goes off air.
        </ConfirmDialog>
      )}
    </div>
  );
}
