import { EventEmitter } from 'node:events';
import type { Service } from '../app/service';
import type { StateStore } from '../store/state-store';
import type { Logger } from '../logging/logger';
import { applySettingsPatch, type settingsPatchSchema, type Settings } from './settings-schema';
import type { z } from 'zod';

/** Reads and changes the operator's settings; every change is persisted before it is announced. */
export class SettingsService extends EventEmitter<{ changed: [Settings] }> implements Service {
  readonly name = 'settings';

  constructor(
    private readonly store: StateStore,
    private readonly logger: Logger,
  ) {
    super();
  }

  get(): Settings {
    return this.store.get().settings;
  }

  async update(patch: z.output<typeof settingsPatchSchema>): Promise<Settings> {
    const next = await this.store.update((state) => {
      state.settings = applySettingsPatch(state.settings, patch);
    });
    this.logger.info('Settings changed', { fields: changedFields(patch) });
    this.emit('changed', next.settings);
    return next.settings;
  }

  close(): void {
    this.removeAllListeners();
  }
}

function changedFields(patch: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(patch).flatMap(([key, value]) =>
    value && typeof value === 'object' ? changedFields(value as Record<string, unknown>, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}
