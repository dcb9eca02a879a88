import { useState } from 'react';
import type { RouteInfo } from '../../app/routes';
import { PageHeader } from '../../components/PageHeader';
import { useIsConnected } from '../../hooks/use-connection-state';
import { useNow } from '../../hooks/use-now';
import { useTopic } from '../../hooks/use-topic';
import { AudioCard } from './AudioCard';
import { ConnectionCard } from './ConnectionCard';
import { ConnectionDialog } from './ConnectionDialog';
import { connectionLabel, connectionTone } from './obs-format';
import { OutputsCard } from './OutputsCard';
import { ScenesCard } from './ScenesCard';
import { SendCameraCard } from './SendCameraCard';
import { StatsCard } from './StatsCard';
import './obs.css';

/** OBS Studio instances: one tab each with its state, then scenes, inputs, outputs and health of the chosen one. */
export function ObsPage({ route }: { route: RouteInfo }) {
  const engineConnected = useIsConnected();
  const obs = useTopic('obs', {});
  const now = useNow(1_000);
  const [adding, setAdding] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const connections = obs.data ?? [];
  const current = connections.find((c) => c.id === selected) ?? connections[0];
  const connectedCount = connections.filter((c) => c.status.state === 'connected').length;

  return (
    <>
      <PageHeader
        route={route}
        actions={
          <button type="button" className="button primary" onClick={() => setAdding(true)} data-testid="obs-add">
            Add OBS
          </button>
        }
      >
        <p className="page-subtitle" data-testid="obs-summary">
          {obs.data
            ? `${connections.length} OBS connection${connections.length === 1 ? '' : 's'} · ${connectedCount} connected`
            : obs.error
              ? `Could not load OBS connections: ${obs.error.message}`
              : 'Loading…'}
        </p>
      </PageHeader>
      {obs.data && connections.length === 0 && (
        <section className="card obs-empty" data-testid="obs-empty">
          <h2>No OBS yet</h2>
          <p>
            Drive OBS Studio 28 or newer from here: in OBS, open Tools → WebSocket Server Settings, enable the server and note its port and password, then add it.
          </p>
          <button type="button" className="button primary" onClick={() => setAdding(true)}>
            Add OBS
          </button>
        </section>
      )}
      {connections.length > 0 && (
        <nav className="obs-tabs" aria-label="OBS connections" data-testid="obs-tabs">
          {connections.map((c) => (
            <button
              key={c.id}
              type="button"
              className={c.id === current?.id ? 'obs-tab selected' : 'obs-tab'}
              aria-current={c.id === current?.id ? 'page' : undefined}
              onClick={() => setSelected(c.id)}
              data-testid="obs-tab"
              data-name={c.name}
              data-state={c.status.state}
            >
              <span className={`obs-tab-dot ${engineConnected ? connectionTone(c) : 'idle'}`} aria-hidden="true" />
              <span className="obs-tab-name">{c.name}</span>
              <span className="obs-tab-state">{connectionLabel(c, now)}</span>
              {c.obs.stream.active && <span className="obs-tab-flag live">LIVE</span>}
              {c.obs.record.active && <span className="obs-tab-flag rec">REC</span>}
            </button>
          ))}
        </nav>
      )}
      {current && (
        <div className="obs-layout" data-testid="obs-detail" data-name={current.name}>
          <div className="column-stack">
            <ConnectionCard view={current} stale={!engineConnected} now={now} />
            <OutputsCard view={current} />
            <StatsCard view={current} />
          </div>
          <div className="column-stack obs-main">
            <ScenesCard view={current} />
            <AudioCard view={current} />
            <SendCameraCard view={current} />
          </div>
        </div>
      )}
      {adding && <ConnectionDialog onClose={() => setAdding(false)} onSaved={(view) => setSelected(view.id)} />}
    </>
  );
}
