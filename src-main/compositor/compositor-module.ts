import type { EngineContext, EngineModule } from '../app/engine-module';
import { ApiError } from '../api/errors';
import { compositorProcedures, compositorTopics } from './compositor-contract';

// TEMPORARY (being replaced in this session): the compositor's service is under construction;
// until it lands every procedure answers `unavailable` so the engine still starts.
export function createCompositorModule(_context: EngineContext): EngineModule {
  return {
    registerApi(api) {
      for (const name of Object.keys(compositorProcedures) as (keyof typeof compositorProcedures)[]) {
        api.implement(name, () => {
          throw new ApiError('unavailable', 'The compositor is not available in this build yet.');
        });
      }
      for (const name of Object.keys(compositorTopics) as (keyof typeof compositorTopics)[]) {
        api.provide(name, {
          snapshot: () => ({ scenes: [], assets: [], outputs: [], mixer: { programSceneId: null, previewSceneId: null, transition: null }, graphics: { renderMsP50: null, renderMsP99: null, renders: 0 } }),
          subscribe: () => () => undefined,
        });
      }
    },
  };
}
