import type { SupervisedProcessInfo, SystemStats } from '../../../src-main/api/contract';
import { formatMegabytes, formatPercent } from '../../app/format';
import { describeExit, formatFps, lastStderrLine, restartsLabel, shouldExplainExit } from './media-process-format';
import { ProcessStateBadge } from './ProcessStateBadge';

type ChildUsage = SystemStats['children'][number];

interface MediaProcessTableProps {
  processes: SupervisedProcessInfo[];
  /** CPU and memory per process id, from `system.stats`; empty until the first sample. */
  usage: ReadonlyMap<string, ChildUsage>;
}

/** One row per supervised process; failed and restarting ones add why they last ended. */
export function MediaProcessTable({ processes, usage }: MediaProcessTableProps) {
  return (
    <table className="process-table" data-testid="media-process-table">
      <thead>
        <tr>
          <th scope="col">Process</th>
          <th scope="col">State</th>
          <th scope="col" className="num">PID</th>
          <th scope="col" className="num">FPS</th>
          <th scope="col" className="num">CPU</th>
          <th scope="col" className="num">Memory</th>
        </tr>
      </thead>
      {processes.map((process) => (
        <ProcessRows key={process.id} process={process} usage={usage.get(process.id)} />
      ))}
    </table>
  );
}

function ProcessRows({ process, usage }: { process: SupervisedProcessInfo; usage: ChildUsage | undefined }) {
  const running = process.pid !== null;
  // A sample of an earlier run (same id, old pid) says nothing about this one.
  const sample = usage?.pid === process.pid ? usage : undefined;
  const exit = shouldExplainExit(process) ? process.lastExit : null;
  const stderr = exit ? lastStderrLine(exit) : null;
  return (
    // A body per process keeps its exit details together with it.
    <tbody className="process-rows" data-testid={`media-process-${process.id}`}>
      <tr>
        <th scope="row" className="process-name" title={process.id}>
          {process.name}
          <span className={process.restarts > 0 ? 'process-restarts text-warn' : 'process-restarts'} data-testid="process-restarts">
            {restartsLabel(process.restarts)}
          </span>
        </th>
        <td>
          <ProcessStateBadge state={process.state} />
        </td>
        <td className={process.pid === null ? 'num' : 'num mono'} data-testid="process-pid">
          {process.pid ?? '—'}
        </td>
        <td className="num" data-testid="process-fps">
          {running ? formatFps(process.lastProgress?.fps) : '—'}
        </td>
        <td className="num" data-testid="process-cpu">
          {running && sample ? formatPercent(sample.cpuPercent) : '—'}
        </td>
        <td className="num" data-testid="process-memory">
          {running && sample ? formatMegabytes(sample.rssBytes) : '—'}
        </td>
      </tr>
      {exit && (
        <tr className="process-exit">
          <td colSpan={6} data-testid="process-exit">
            <span className={process.state === 'failed' ? 'text-error' : 'text-warn'}>{describeExit(exit)}</span>
            {stderr && <span className="mono process-stderr">{stderr}</span>}
          </td>
        </tr>
      )}
    </tbody>
  );
}
