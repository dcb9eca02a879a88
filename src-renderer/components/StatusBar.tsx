import { shortId } from '../app/format';
import { useSettings } from '../hooks/settings-context';
import { useProcedure } from '../hooks/use-procedure';
import { ConnectionIndicator } from './ConnectionIndicator';
import { EngineStatsReadout } from './EngineStatsReadout';

export function StatusBar() {
  const info = useProcedure('system.info', {}).data;
  const nodeName = useSettings().data?.nodeName ?? info?.nodeName;

  return (
    <footer className="status-bar" aria-label="Engine status">
      <ConnectionIndicator />
      <span className="status-item" data-testid="status-version" title={info ? `${info.product} ${info.version}` : undefined}>
        <span className="status-label">Version</span>
        <span className="status-value">{info ? info.version : '—'}</span>
      </span>
      <span className="status-item" data-testid="status-node" title={info ? `Node id ${info.nodeId}` : undefined}>
        <span className="status-label">Node</span>
        <span className="status-value">{nodeName ?? '—'}</span>
        {info && <span className="status-muted mono">{shortId(info.nodeId)}</span>}
      </span>
      <span className="status-spacer" />
      <EngineStatsReadout />
    </footer>
  );
}
