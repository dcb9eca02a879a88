import { useTopic } from '../../hooks/use-topic';
import { DestinationList } from './DestinationList';

/** One source's restream destinations, live from the `restream` topic (the camera focus view). */
export function SourceDestinationsPanel({ sourceId, sourceName }: { sourceId: string; sourceName: string }) {
  const { data, error } = useTopic('restream', { sourceId });
  if (error && !data) return <p className="form-error">Could not load the destinations: {error.message}</p>;
  return <DestinationList sourceId={sourceId} sourceName={sourceName} destinations={data ?? []} />;
}
