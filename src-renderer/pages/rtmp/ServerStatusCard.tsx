import type { RtmpServerStatus, RtmpTlsStatus } from '../../../src-main/api/contract';
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
          {status.tls.state !== 'disabled' && <TlsStatus tls={status.tls} stale={stale} />}
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

/** The RTMPS listener (shown while it is enabled in the settings): its URL, or why it does not listen, in red. */
function TlsStatus({ tls, stale }: { tls: RtmpTlsStatus; stale: boolean }) {
  return (
    <div className="rtmp-tls" data-testid="rtmp-tls" data-state={tls.state}>
      {tls.state === 'listening' && tls.url ? (
        <div className="copy-row">
          <label className="copy-label" htmlFor="rtmp-tls-url">
            RTMPS server
          </label>
          <input id="rtmp-tls-url" type="text" className="mono" value={tls.url} readOnly onFocus={(e) => e.currentTarget.select()} data-testid="rtmp-tls-url" />
          <CopyButton text={tls.url} what="RTMPS server URL" testId="rtmp-tls-copy" fallbackInputId="rtmp-tls-url" />
        </div>
      ) : (
        <p className={tls.state === 'error' && !stale ? 'rtmp-reason error' : 'rtmp-reason'} role={tls.state === 'error' ? 'alert' : undefined} data-testid="rtmp-tls-reason">
          RTMPS: {stale ? 'unknown' : (tls.reason ?? (tls.state === 'starting' ? 'starting…' : tls.state))}
        </p>
      )}
    </div>
  );
}
