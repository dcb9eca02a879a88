import type { EngineContext, EngineModule } from '../app/engine-module';

export function createObsModule(_context: EngineContext): EngineModule {
  return { registerApi() {} };
}
