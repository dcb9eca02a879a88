import { formatMegabytes, formatPercent } from '../app/format';
import { useIsConnected } from '../hooks/use-connection-state';
import { useTopic } from '../hooks/use-topic';

/** Engine CPU, memory and child processes from the live `system.stats` topic. */
export function EngineStatsReadout() {
  const connected = useIsConnected();
  const { data: stats, updates } = useTopic('system.stats', {});
  const stale = !connected || !stats;
  const totalTitle = stats
    ? `Engine and children together: CPU ${formatPercent(stats.total.cpuPercent)}, memory ${formatMegabytes(stats.total.rssBytes)}`
    : undefined;

  return (
    <div className={stale ? 'status-group stale' : 'status-group'} title={totalTitle}>
      <span className="status-item" data-testid="status-cpu">
        <span className="status-label">CPU</span>
        <span className="status-value">{stats ? formatPercent(stats.engine.cpuPercent) : '—'}</span>
      </span>
      <span className="status-item" data-testid="status-memory">
        <span className="status-label">Memory</span>
        <span className="status-value">{stats ? formatMegabytes(stats.engine.rssBytes) : '—'}</span>
      </span>
      <span className="status-item" data-testid="status-children">
        <span className="status-label">Processes</span>
        <span className="status-value">{stats ? stats.children.length : '—'}</span>
      </span>
      <span
        className="status-item live"
        data-testid="status-live"
        data-updates={updates}
        title="Pulses each time live data arrives from the engine"
      >
        {/* A new key restarts the pulse animation on every update. */}
        <span key={updates} className={connected && updates > 0 ? 'live-dot pulse' : 'live-dot'} aria-hidden="true" />
        Live
      </span>
    </div>
  );
}
