import type { ReactNode } from 'react';
import type { SystemInfo } from '../../../src-main/api/contract';
import { formatDateTime, formatDuration } from '../../app/format';
import { useSettings } from '../../hooks/settings-context';
import { useIsConnected } from '../../hooks/use-connection-state';
import { useNow } from '../../hooks/use-now';
import { useProcedure } from '../../hooks/use-procedure';

const SHELL_LABELS: Record<SystemInfo['shell'], string> = {
  desktop: 'Desktop app',
  headless: 'Headless engine (serve)',
  node: 'Remote media node',
};

const FFMPEG_SOURCE_LABELS: Record<NonNullable<SystemInfo['ffmpeg']>['source'], string> = {
  env: 'FFMPEG_PATH',
  'ffmpeg-static': 'ffmpeg-static',
  path: 'PATH',
};

/** What this engine is and what it can use: `system.info`. */
export function SystemInfoPanel() {
  const { data: info, error, receivedAt } = useProcedure('system.info', {});
  const nodeName = useSettings().data?.nodeName;
  const connected = useIsConnected();
  const now = useNow();
  // Counts on from the last answer while connected; frozen while the engine is away.
  const uptime = info ? info.uptimeSeconds + (connected && receivedAt ? (now - receivedAt) / 1000 : 0) : 0;

  return (
    <section className="card system-info" data-testid="system-info" aria-labelledby="system-info-title">
      <h2 id="system-info-title">System</h2>
      {!info ? (
        <p className={error ? 'text-error' : 'muted'}>{error ? `Could not read system information: ${error.message}` : 'Loading…'}</p>
      ) : (
        <dl className="info-list">
          <Row label="Version" testId="info-version">
            {info.product} {info.version}
          </Row>
          <Row label="Node" testId="info-node">
            {nodeName ?? info.nodeName}
            <span className="mono muted block">{info.nodeId}</span>
          </Row>
          <Row label="Shell" testId="info-shell">
            {SHELL_LABELS[info.shell]}
          </Row>
          <Row label="Platform" testId="info-platform">
            {info.platform.os} {info.platform.arch} · {info.platform.hostname}
            <span className="muted block">
              Kernel {info.platform.release} · Node {info.platform.node}
              {info.platform.electron ? ` · Electron ${info.platform.electron}` : ''}
            </span>
          </Row>
          <Row label="FFmpeg" testId="info-ffmpeg">
            <FfmpegStatus info={info} />
          </Row>
          <Row label="WebRTC SFU" testId="info-sfu">
            <SfuStatus sfu={info.sfu} />
          </Row>
          <Row label="Data directory" testId="info-data-dir">
            <span className="mono">{info.dataDir}</span>
          </Row>
          <Row label="Uptime" testId="info-uptime">
            {formatDuration(uptime)}
            <span className="muted block">since {formatDateTime(info.startedAt)}</span>
          </Row>
        </dl>
      )}
    </section>
  );
}

function Row({ label, testId, children }: { label: string; testId: string; children: ReactNode }) {
  return (
    <div className="info-row" data-testid={testId}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function FfmpegStatus({ info }: { info: SystemInfo }) {
  if (!info.ffmpeg) {
    return (
      <>
        <span className="status-dot error" aria-hidden="true" /> <span className="status-headline error">Not available</span>
        <span className="status-reason text-error">{info.ffmpegError ?? 'No reason given'}</span>
      </>
    );
  }
  return (
    <>
      <span className="status-dot ok" aria-hidden="true" /> {info.ffmpeg.version}
      <span className="mono muted block">
        {info.ffmpeg.path} (from {FFMPEG_SOURCE_LABELS[info.ffmpeg.source]})
      </span>
      {info.ffmpegError && <span className="status-reason text-warn">{info.ffmpegError}</span>}
    </>
  );
}

function SfuStatus({ sfu }: { sfu: SystemInfo['sfu'] }) {
  if (!sfu.available) {
    return (
      <>
        <span className="status-dot warn" aria-hidden="true" /> <span className="status-headline warn">Unavailable</span>
        <span className="status-reason">{sfu.reason ?? 'No reason given'}</span>
        <span className="status-reason">Camera previews will use WS-FLV instead.</span>
      </>
    );
  }
  return (
    <>
      <span className="status-dot ok" aria-hidden="true" /> <span className="status-headline ok">Available</span>
      {sfu.workerPath && <span className="mono muted block">{sfu.workerPath}</span>}
    </>
  );
}
