import { useState } from 'react';
import type { ObsConnectionView } from '../../../src-main/obs/obs-contract';
import { formatClockTime } from '../../app/format';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useApiClient } from '../../hooks/api-context';
import { ConnectionDialog } from './ConnectionDialog';
import { connectionLabel, connectionTone } from './obs-format';
import { useObsAction } from './use-obs-action';

/** One OBS connection: where, its state in words and colour, why it failed last, and its controls. */
export function ConnectionCard({ view, stale, now }: { view: ObsConnectionView; stale: boolean; now: number }) {
  const client = useApiClient();
  const action = useObsAction();
  const [editing, setEditing] = useState(false);
  const [removing, setRemoving] = useState(false);
  const { status } = view;
  const failure = status.lastFailure;
  const showFailure = failure && status.state !== 'connected' && status.state !== 'disabled';

  return (
    <section className="card obs-card" aria-labelledby="obs-connection-title" data-testid="obs-connection" data-state={status.state}>
      <div className="card-heading">
        <h2 id="obs-connection-title">Connection</h2>
        <span className={`state-badge ${stale ? 'idle' : connectionTone(view)}`} data-testid="obs-connection-state">
          {stale ? 'Unknown' : connectionLabel(view, now)}
        </span>
      </div>
      <dl className="obs-facts">
        <dt>Address</dt>
        <dd className="mono" data-testid="obs-connection-address">
          ws://{view.host}:{view.port}
          {view.hasPassword ? ' · password saved' : ' · no password'}
        </dd>
        {status.obsVersion && (
          <>
            <dt>OBS</dt>
            <dd>
              {status.obsVersion}
              {status.websocketVersion ? ` · obs-websocket ${status.websocketVersion}` : ''}
              {view.obs.sceneCollection ? ` · collection “${view.obs.sceneCollection}”` : ''}
            </dd>
          </>
        )}
        {status.syncedAt && (
          <>
            <dt>Synced</dt>
            <dd>
              {formatClockTime(status.syncedAt, now)}
              {status.syncMs !== null ? ` (${status.syncMs} ms)` : ''}
            </dd>
          </>
        )}
      </dl>
      {showFailure && (
        <p className="obs-reason error" role="alert" data-testid="obs-connection-reason" data-kind={failure.kind}>
          {failure.message}
          {status.attempts > 1 ? ` · ${status.attempts} failed attempts` : ''}
        </p>
      )}
      <div className="obs-button-row">
        {view.enabled && status.state !== 'connected' && (
          <button type="button" className="button" disabled={action.busy !== null} onClick={() => void action.run('reconnect', 'obs.reconnect', { id: view.id })} data-testid="obs-reconnect">
            Connect now
          </button>
        )}
        <button
          type="button"
          className="button"
          disabled={action.busy !== null}
          onClick={() => void action.run('enable', 'obs.update', { id: view.id, enabled: !view.enabled })}
          data-testid="obs-toggle-enabled"
        >
          {view.enabled ? 'Disconnect' : 'Enable'}
        </button>
        <button type="button" className="button" onClick={() => setEditing(true)} data-testid="obs-edit">
          Edit…
        </button>
        <button type="button" className="button danger-text" onClick={() => setRemoving(true)} data-testid="obs-remove">
          Remove…
        </button>
      </div>
      {action.problem && (
        <p className="form-error" role="alert">
          {action.problem}
        </p>
      )}
      {editing && <ConnectionDialog connection={view} onClose={() => setEditing(false)} />}
      {removing && (
        <ConfirmDialog
          title={`Remove ${view.name}?`}
          confirmLabel="Remove"
          busyLabel="Removing…"
          onCancel={() => setRemoving(false)}
          onConfirm={async () => {
            await client.call('obs.remove', { id: view.id });
            setRemoving(false);
          }}
        >
          The control room disconnects from this OBS and forgets its password. Cameras sent to it stop playing there (their feed credentials are revoked).
        </ConfirmDialog>
      )}
    </section>
  );
}
