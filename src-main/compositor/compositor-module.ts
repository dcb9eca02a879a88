import type { EngineContext, EngineModule } from '../app/engine-module';

export function createCompositorModule(_context: EngineContext): EngineModule {
  return { registerApi() {} };
}
