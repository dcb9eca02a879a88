import type { ObsConnectionView } from '../../../src-main/obs/obs-contract';
import { formatSkipped } from './obs-format';

/** OBS's own health, polled every second: a skipped-frame count that grows is the thing to watch. */
export function StatsCard({ view }: { view: ObsConnectionView }) {
  const stats = view.obs.stats;
  const connected = view.status.state === 'connected';
  return (
    <section className="card obs-card" aria-labelledby="obs-stats-title" data-testid="obs-stats">
      <h2 id="obs-stats-title">OBS health</h2>
      {!stats ? (
        <p className="muted">Figures appear once OBS is connected.</p>
      ) : (
        <dl className={connected ? 'obs-stats' : 'obs-stats stale'}>
          <Stat label="FPS" value={stats.activeFps.toFixed(1)} testId="obs-stat-fps" />
          <Stat label="CPU" value={`${stats.cpuPercent.toFixed(1)} %`} testId="obs-stat-cpu" />
          <Stat label="Memory" value={`${Math.round(stats.memoryMb)} MB`} testId="obs-stat-memory" />
          <Stat label="Render time" value={`${stats.averageFrameRenderMs.toFixed(1)} ms`} />
          <Stat label="Render skipped" value={formatSkipped(stats.renderSkippedFrames, stats.renderTotalFrames)} warn={stats.renderSkippedFrames > 0} testId="obs-stat-render-skipped" />
          <Stat label="Output skipped" value={formatSkipped(stats.outputSkippedFrames, stats.outputTotalFrames)} warn={stats.outputSkippedFrames > 0} testId="obs-stat-output-skipped" />
          {stats.diskSpaceMb !== null && <Stat label="Disk free" value={stats.diskSpaceMb >= 10_240 ? `${(stats.diskSpaceMb / 1024).toFixed(0)} GB` : `${stats.diskSpaceMb} MB`} warn={stats.diskSpaceMb < 5_120} />}
        </dl>
      )}
    </section>
  );
}

function Stat({ label, value, warn, testId }: { label: string; value: string; warn?: boolean; testId?: string }) {
  return (
    <div className={warn ? 'obs-stat warn' : 'obs-stat'}>
      <dt>{label}</dt>
      <dd className="mono" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}
