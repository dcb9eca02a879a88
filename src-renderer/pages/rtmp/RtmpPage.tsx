import type { RouteInfo } from '../../app/routes';
import { PageHeader } from '../../components/PageHeader';
import { useIsConnected } from '../../hooks/use-connection-state';
import { useTopic } from '../../hooks/use-topic';
import { DestinationsCard } from './DestinationsCard';
import { RejectionsCard } from './RejectionsCard';
import { ServerStatusCard } from './ServerStatusCard';
import { SessionsCard } from './SessionsCard';
import { StreamKeysCard } from './StreamKeysCard';
import { StreamsCard } from './StreamsCard';
import { usePolledProcedure } from './use-polled-procedure';

/** The embedded RTMP server (status, keys, sessions, streams, refusals) and every restream destination. */
export function RtmpPage({ route }: { route: RouteInfo }) {
  const connected = useIsConnected();
  const rtmp = useTopic('rtmp', {});
  const cameras = useTopic('cameras', {});
  const restream = useTopic('restream', {});
  const keys = usePolledProcedure('rtmp.keys.list', {}, 5_000);
  const rejections = usePolledProcedure('rtmp.rejections', {}, 3_000);
  const overview = rtmp.data;
  const publishers = overview?.sessions.filter((s) => s.kind === 'publisher').length ?? 0;

  return (
    <>
      <PageHeader route={route}>
        <p className="page-subtitle" data-testid="rtmp-summary">
          {overview
            ? `${overview.streams.length} published stream${overview.streams.length === 1 ? '' : 's'} · ${publishers} publisher${publishers === 1 ? '' : 's'} · ${restream.data?.length ?? 0} restream destination${restream.data?.length === 1 ? '' : 's'}`
            : rtmp.error
              ? `Could not load the RTMP server: ${rtmp.error.message}`
              : 'Loading…'}
        </p>
      </PageHeader>
      <div className="rtmp-layout">
        <div className="column-stack">
          <ServerStatusCard status={overview?.server} stale={!connected} />
          <StreamsCard streams={overview?.streams} />
        </div>
        <div className="column-stack">
          <StreamKeysCard keys={keys} />
          <DestinationsCard cameras={cameras.data} streams={overview?.streams} destinations={restream.data} />
        </div>
        <div className="column-stack rtmp-wide">
          <SessionsCard sessions={overview?.sessions} />
          <RejectionsCard rejections={rejections} />
        </div>
      </div>
    </>
  );
}
