import type { EngineContext, EngineModule } from '../app/engine-module';
import { registerObsApi } from './obs-api';
import { ObsFeeds } from './obs-feeds';
import { ObsService } from './obs-service';

/** OBS Studio over obs-websocket 5: connections, scenes, inputs, outputs, cameras into OBS. */
export function createObsModule(context: EngineContext): EngineModule {
  const feeds = new ObsFeeds(context.store);
  // OBS media sources replay their URL whenever they reconnect: feed credentials outlive tickets.
  context.tickets.addVerifier((scope, ticket) => feeds.verify(scope, ticket));
  const obs = context.registry.add(
    new ObsService({
      store: context.store,
      feeds,
      logger: context.logger.child('obs'),
      sources: () => context.sources(),
      apiUrl: () => context.apiUrl(),
    }),
  );
  return {
    registerApi(api) {
      registerObsApi(api, obs, feeds);
    },
    start() {
      obs.start();
    },
  };
}
