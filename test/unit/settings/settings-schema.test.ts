import { describe, expect, it } from 'vitest';
import { applySettingsPatch, SETTINGS_DEFAULTS, settingsPatchSchema, settingsSchema } from '../../../src-main/settings/settings-schema';

describe('settings schema', () => {
  it('fills every default from an empty object', () => {
    expect(settingsSchema.parse({})).toEqual(SETTINGS_DEFAULTS);
  });

  it('applies a deep partial patch without touching the other fields', () => {
    const current = settingsSchema.parse({});
    const next = applySettingsPatch(current, settingsPatchSchema.parse({ ui: { theme: 'light' }, nodeName: ' Studio A ' }));
    expect(next.ui).toEqual({ theme: 'light', gridColumns: SETTINGS_DEFAULTS.ui.gridColumns });
    expect(next.nodeName).toBe('Studio A');
    expect(next.media).toEqual(SETTINGS_DEFAULTS.media);
  });

  it('rejects out-of-range values, wrong types and unknown fields', () => {
    expect(settingsPatchSchema.safeParse({ media: { maxConcurrentStarts: 0 } }).success).toBe(false);
    expect(settingsPatchSchema.safeParse({ ui: { gridColumns: 2.5 } }).success).toBe(false);
    expect(settingsPatchSchema.safeParse({ nodeName: '' }).success).toBe(false);
    expect(settingsPatchSchema.safeParse({ nodeName: 'x'.repeat(65) }).success).toBe(false);
    expect(settingsPatchSchema.safeParse({ ui: { font: 'x' } }).success).toBe(false);
    expect(settingsPatchSchema.safeParse({ colour: 'red' }).success).toBe(false);
  });
});
