import type { CameraView, DestinationView, RtmpStreamView } from '../../../src-main/api/contract';
import { DestinationList } from './DestinationList';

interface DestinationsCardProps {
  cameras: CameraView[] | undefined;
  streams: RtmpStreamView[] | undefined;
  destinations: DestinationView[] | undefined;
}

/** Restream destinations grouped by source: every camera and every published stream. */
export function DestinationsCard({ cameras, streams, destinations }: DestinationsCardProps) {
  const sources = [
    ...(cameras ?? []).map((c) => ({ id: c.id, name: c.name, kind: 'Camera' })),
    ...(streams ?? []).map((s) => ({ id: s.sourceId, name: s.name, kind: 'RTMP stream' })),
  ];
  const known = new Set(sources.map((s) => s.id));
  // Destinations whose source is gone for now (a stream that stopped publishing) stay visible.
  for (const d of destinations ?? []) {
    if (!known.has(d.sourceId)) {
      known.add(d.sourceId);
      sources.push({ id: d.sourceId, name: d.sourceId.replace(/^rtmp_/, ''), kind: 'Not publishing' });
    }
  }

  return (
    <section className="card rtmp-card" aria-labelledby="rtmp-destinations-title" data-testid="rtmp-destinations">
      <h2 id="rtmp-destinations-title">Restream destinations</h2>
      {sources.length === 0 && <p className="muted">No sources yet: add a camera or publish a stream to restream it.</p>}
      {sources.map((source) => (
        <DestinationList
          key={source.id}
          sourceId={source.id}
          sourceName={`${source.name} (${source.kind})`}
          destinations={(destinations ?? []).filter((d) => d.sourceId === source.id)}
        />
      ))}
    </section>
  );
}
