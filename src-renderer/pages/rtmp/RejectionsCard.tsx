import { useState } from 'react';
import { errorMessage } from '../../api/api-client-error';
import { formatClockTime } from '../../app/format';
import { useApiClient } from '../../hooks/api-context';
import type { ProcedureState } from '../../hooks/use-procedure';

const SHOWN = 20;

/** Refused publishes and plays, newest first, and the addresses blocked for failing too often. */
export function RejectionsCard({ rejections }: { rejections: ProcedureState<'rtmp.rejections'> }) {
  const client = useApiClient();
  const [problem, setProblem] = useState<string | null>(null);
  const data = rejections.data;

  async function unblock(address: string) {
    setProblem(null);
    try {
      await client.call('rtmp.unblock', { address });
      rejections.reload();
    } catch (error) {
      setProblem(`Could not unblock ${address}: ${errorMessage(error)}`);
    }
  }

  return (
    <section className="card rtmp-card" aria-labelledby="rtmp-rejections-title" data-testid="rtmp-rejections">
      <h2 id="rtmp-rejections-title">Rejections and blocked addresses</h2>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      {data && data.blocked.length > 0 && (
        <ul className="rtmp-blocked" data-testid="rtmp-blocked">
          {data.blocked.map((b) => (
            <li key={b.address} data-testid="rtmp-blocked-row" data-address={b.address}>
              <span className="state-badge error">Blocked</span>
              <span className="mono">{b.address}</span>
              <span className="muted">
                {b.failures} failures · until {formatClockTime(b.until)}
              </span>
              <button type="button" className="button small" onClick={() => void unblock(b.address)} data-testid="rtmp-unblock">
                Unblock
              </button>
            </li>
          ))}
        </ul>
      )}
      {data && data.rejections.length === 0 && <p className="muted">No refused connections.</p>}
      {data && data.rejections.length > 0 && (
        <table className="process-table rtmp-table">
          <thead>
            <tr>
              <th>Time</th>
              <th>Address</th>
              <th>Stream</th>
              <th>Reason</th>
            </tr>
          </thead>
          <tbody>
            {data.rejections.slice(0, SHOWN).map((r, index) => (
              <tr key={`${r.at}-${index}`} data-testid="rtmp-rejection-row">
                <td>{formatClockTime(r.at)}</td>
                <td className="mono">{r.remoteAddress}</td>
                <td>{r.streamName ?? '—'}</td>
                <td className="rtmp-reason-cell">
                  <span className="muted">{r.kind}:</span> {r.reason}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
