import type { EngineRouter } from '../app/engine';
import type { HlsService } from './hls-service';

export function registerHlsApi(api: EngineRouter, hls: HlsService): void {
  api.implement('cameras.hls', ({ id }) => hls.open(id));
}
