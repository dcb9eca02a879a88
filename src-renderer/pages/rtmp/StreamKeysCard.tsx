import { useState } from 'react';
import type { StreamKeyView } from '../../../src-main/api/contract';
import { formatClockTime } from '../../app/format';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useApiClient } from '../../hooks/api-context';
import type { ProcedureState } from '../../hooks/use-procedure';
import { NewStreamKeyDialog } from './NewStreamKeyDialog';
import { keyTone } from './rtmp-format';

const STATE_LABELS: Record<StreamKeyView['state'], string> = { active: 'Active', revoked: 'Revoked', expired: 'Expired' };

/** Stream keys without their secrets; a new one is shown once; revoking asks first. */
export function StreamKeysCard({ keys }: { keys: ProcedureState<'rtmp.keys.list'> }) {
  const client = useApiClient();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<StreamKeyView | null>(null);
  const list = keys.data;

  return (
    <section className="card rtmp-card" aria-labelledby="rtmp-keys-title" data-testid="rtmp-keys">
      <div className="card-heading">
        <h2 id="rtmp-keys-title">Stream keys</h2>
        <button type="button" className="button small primary" onClick={() => setCreating(true)} data-testid="rtmp-key-new">
          New stream key
        </button>
      </div>
      {keys.error && !list && <p className="form-error">Could not load the stream keys: {keys.error.message}</p>}
      {list && list.length === 0 && <p className="muted" data-testid="rtmp-keys-empty">No stream keys yet: publishers need one.</p>}
      {list && list.length > 0 && (
        <table className="process-table rtmp-table rtmp-keys-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Created</th>
              <th>Expires</th>
              <th>Last used</th>
              <th>State</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {list.map((key) => (
              <tr key={key.id} data-testid="rtmp-key-row" data-name={key.name} data-state={key.state}>
                <td className="rtmp-strong">{key.name}</td>
                <td>{formatClockTime(key.createdAt)}</td>
                <td>{key.expiresAt ? formatClockTime(key.expiresAt) : <span className="muted">Never</span>}</td>
                <td>{key.lastUsedAt ? formatClockTime(key.lastUsedAt) : <span className="muted">Never</span>}</td>
                <td>
                  <span className={`state-badge ${keyTone(key.state)}`} title={key.revokedAt ? `Revoked ${formatClockTime(key.revokedAt)}` : undefined}>
                    {STATE_LABELS[key.state]}
                  </span>
                </td>
                <td className="num">
                  {key.state !== 'revoked' && (
                    <button type="button" className="button small danger-outline" onClick={() => setRevoking(key)} data-testid="rtmp-key-revoke">
                      Revoke…
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {creating && (
        <NewStreamKeyDialog
          onClose={() => {
            setCreating(false);
            keys.reload();
          }}
          onCreated={keys.reload}
        />
      )}
      {revoking && (
        <ConfirmDialog
          title={`Revoke “${revoking.name}”?`}
          confirmLabel="Revoke key"
          busyLabel="Revoking…"
          onCancel={() => setRevoking(null)}
          onConfirm={async () => {
            await client.call('rtmp.keys.revoke', { id: revoking.id });
            setRevoking(null);
            keys.reload();
          }}
        >
          <p>Publishers and players using this key are disconnected now and refused from now on. This cannot be undone.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
