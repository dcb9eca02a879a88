import type { EngineRouter } from '../app/engine';
import type { SystemService } from './system-service';

export function registerSystemApi(api: EngineRouter, system: SystemService): void {
  api.implement('system.info', () => system.info());
  api.implement('system.stats', () => system.stats());
  api.provide('system.stats', {
    snapshot: () => system.stats(),
    subscribe: (_params, onChange) => system.watchStats(onChange),
  });
}
