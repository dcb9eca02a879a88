import type { RtmpServerStatus } from '../../../src-main/api/contract';
import { CopyButton } from '../../components/CopyButton';
import { serverLabel, serverTone } from './rtmp-format';

/** Whether the RTMP server listens, and the address to paste into OBS as "Server". */
export function ServerStatusCard({ status, stale }: { status: RtmpServerStatus | undefined; stale: boolean }) {
  return (
    <section className="card rtmp-card" aria-labelledby="rtmp-server-title" data-testid="rtmp-server" data-state={status?.state ?? 'unknown'}>
      <h2 id="rtmp-server-title">RTMP server</h2>
      {!status ? (
        <p className="muted">Loading…</p>
      ) : (
        <div className="rtmp-server-body">
          <span className={`state-badge ${stale ? 'idle' : serverTone(status)}`} data-testid="rtmp-server-state">
            {stale ? 'Unknown' : serverLabel(status)}
          </span>
          {status.state === 'listening' && status.url ? (
            <div className="copy-row">
              <label className="copy-label" htmlFor="rtmp-server-url">
                OBS server
              </label>
              <input id="rtmp-server-url" type="text" className="mono" value={status.url} readOnly onFocus={(e) => e.currentTarget.select()} data-testid="rtmp-server-url" />
              <CopyButton text={status.url} what="server URL" testId="rtmp-server-copy" fallbackInputId="rtmp-server-url" />
            </div>
          ) : (
            status.reason && (
              <p className={status.state === 'error' ? 'rtmp-reason error' : 'rtmp-reason'} role={status.state === 'error' ? 'alert' : undefined} data-testid="rtmp-server-reason">
                {status.reason}
              </p>
            )
          )}
          {status.state === 'listening' && (
            <p className="field-help rtmp-help">
              In OBS: Settings → Stream → Service “Custom…”, paste this as Server and a stream key created below as Stream Key.
              {status.host === '127.0.0.1' || status.host === 'localhost' ? ' Listening on this machine only (change the host in Settings to accept other machines).' : ''}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
