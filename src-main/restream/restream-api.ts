import type { EngineRouter } from '../app/engine';
import type { RestreamService } from './restream-service';

export function registerRestreamApi(api: EngineRouter, restream: RestreamService): void {
  api.implement('restream.list', ({ sourceId }) => restream.list(sourceId));
  api.implement('restream.add', (input) => restream.add(input));
  api.implement('restream.update', (patch) => restream.update(patch));
  api.implement('restream.remove', async ({ id }) => {
    await restream.remove(id);
    return { removed: true as const };
  });
  api.implement('restream.start', ({ id }) => restream.setEnabled(id, true));
  api.implement('restream.stop', ({ id }) => restream.setEnabled(id, false));
  api.provide('restream', {
    snapshot: ({ sourceId }) => restream.list(sourceId),
    subscribe: ({ sourceId }, onChange) => {
      const publish = () => onChange(restream.list(sourceId));
      restream.on('changed', publish);
      return () => restream.off('changed', publish);
    },
  });
}
