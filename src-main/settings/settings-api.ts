import type { EngineRouter } from '../app/engine';
import type { SettingsService } from './settings-service';

export function registerSettingsApi(api: EngineRouter, settings: SettingsService): void {
  api.implement('settings.get', () => settings.get());
  api.implement('settings.update', (patch) => settings.update(patch));
  api.provide('settings', {
    snapshot: () => settings.get(),
    subscribe: (_params, onChange) => {
      settings.on('changed', onChange);
      return () => settings.off('changed', onChange);
    },
  });
}
