import { useState } from 'react';
import type { DestinationView } from '../../../src-main/api/contract';
import { errorMessage } from '../../api/api-client-error';
import { formatDuration } from '../../app/format';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useApiClient } from '../../hooks/api-context';
import { useIsConnected } from '../../hooks/use-connection-state';
import { useNow } from '../../hooks/use-now';
import { formatBitrate, retryText } from '../cameras/camera-format';
import { DestinationDialog } from './DestinationDialog';
import { destinationHint, destinationLabel, destinationTone } from './rtmp-format';

interface DestinationListProps {
  sourceId: string;
  sourceName: string;
  /** This source's destinations (from the `restream` topic). */
  destinations: DestinationView[];
}

/** One source's restream destinations: state, figures, start/stop, edit, remove; and adding one. */
export function DestinationList({ sourceId, sourceName, destinations }: DestinationListProps) {
  const client = useApiClient();
  const [dialog, setDialog] = useState<{ kind: 'add' } | { kind: 'edit'; id: string } | null>(null);
  const [removing, setRemoving] = useState<DestinationView | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const editing = dialog?.kind === 'edit' ? destinations.find((d) => d.id === dialog.id) : undefined;

  async function toggle(destination: DestinationView) {
    setProblem(null);
    try {
      await client.call(destination.enabled ? 'restream.stop' : 'restream.start', { id: destination.id });
    } catch (error) {
      setProblem(`Could not ${destination.enabled ? 'stop' : 'start'} ${destination.name}: ${errorMessage(error)}`);
    }
  }

  return (
    <div className="destinations" data-testid="destinations" data-source-id={sourceId}>
      <div className="destinations-heading">
        <h3 className="destinations-title">{sourceName}</h3>
        <span className="muted">
          {destinations.length === 0 ? 'No destinations' : `${destinations.length} destination${destinations.length === 1 ? '' : 's'}`}
        </span>
        <span className="header-spacer" />
        <button type="button" className="button small" onClick={() => setDialog({ kind: 'add' })} data-testid="destination-add">
          Add destination
        </button>
      </div>
      {problem && (
        <p className="form-error" role="alert" data-testid="destination-action-problem">
          {problem}
        </p>
      )}
      {destinations.length > 0 && (
        <ul className="destination-list">
          {destinations.map((d) => (
            <DestinationRow key={d.id} destination={d} onToggle={() => void toggle(d)} onEdit={() => setDialog({ kind: 'edit', id: d.id })} onRemove={() => setRemoving(d)} />
          ))}
        </ul>
      )}
      {dialog?.kind === 'add' && <DestinationDialog sourceId={sourceId} sourceName={sourceName} onClose={() => setDialog(null)} />}
      {editing && <DestinationDialog key={editing.id} sourceId={sourceId} sourceName={sourceName} destination={editing} onClose={() => setDialog(null)} />}
      {removing && (
        <ConfirmDialog
          title={`Remove “${removing.name}”?`}
          confirmLabel="Remove destination"
          busyLabel="Removing…"
          onCancel={() => setRemoving(null)}
          onConfirm={async () => {
            await client.call('restream.remove', { id: removing.id });
            setRemoving(null);
          }}
        >
          <p>Sending to it stops now, and its address and saved key are deleted.</p>
          <p className="mono muted">{removing.url}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}

function DestinationRow({ destination: d, onToggle, onEdit, onRemove }: { destination: DestinationView; onToggle(): void; onEdit(): void; onRemove(): void }) {
  const now = useNow(1_000);
  const stale = !useIsConnected();
  const { status } = d;
  const retry = status.state === 'retrying' || status.state === 'failed' ? retryText(status.retryAt, now) : null;
  const figures = [
    status.state === 'live' ? formatBitrate(status.bitrateKbps) : null,
    status.uptimeSeconds !== null && status.state === 'live' ? `up ${formatDuration(status.uptimeSeconds)}` : null,
    status.restarts > 0 ? `${status.restarts} restart${status.restarts === 1 ? '' : 's'}` : null,
  ].filter(Boolean);

  return (
    <li className="destination-row" data-testid="destination-row" data-name={d.name} data-state={status.state} data-sending={status.sending ?? ''}>
      <div className="destination-main">
        <div className="destination-line">
          <strong className="destination-name">{d.name}</strong>
          <span className={`state-badge ${stale ? 'idle' : destinationTone(status.state)}`} title={destinationHint(status.state)} data-testid="destination-state">
            {stale ? 'Unknown' : destinationLabel(status.state)}
          </span>
          {status.sending === 'slate' && (
            <span className="state-badge warn slate-badge" title="The source is down: the destination gets the fallback slate" data-testid="destination-slate">
              Sending slate
            </span>
          )}
          {figures.length > 0 && (
            <span className="muted destination-figures" data-testid="destination-figures">
              {figures.join(' · ')}
            </span>
          )}
        </div>
        <div className="mono muted destination-url">{d.url}</div>
        {status.reason && status.state !== 'stopped' && (
          <div className={status.state === 'failed' || status.state === 'retrying' ? 'destination-reason error' : 'destination-reason'} data-testid="destination-reason">
            {status.reason}
            {retry ? ` · ${retry}` : ''}
          </div>
        )}
      </div>
      <div className="destination-actions">
        <button type="button" className="button small" onClick={onToggle} data-testid="destination-toggle">
          {d.enabled ? 'Stop' : 'Start'}
        </button>
        <button type="button" className="button small" onClick={onEdit} data-testid="destination-edit">
          Edit…
        </button>
        <button type="button" className="button small danger-outline" onClick={onRemove} data-testid="destination-remove">
          Remove…
        </button>
      </div>
    </li>
  );
}
