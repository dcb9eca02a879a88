import { describe, expect, it } from 'vitest';
import { isCameraDirName } from '../../../src-main/recordings/recording-files';
import { streamRecordingSetSchema } from '../../../src-main/rtmp/stream-recording-schema';
import { settingsPatchSchema, settingsSchema, applySettingsPatch } from '../../../src-main/settings/settings-schema';

describe('published streams as recording sources', () => {
  it('accepts rtmp_<name> for every valid stream name as a recordings folder', () => {
    expect(isCameraDirName(`rtmp_${'a'.repeat(64)}`)).toBe(true);
    expect(isCameraDirName(`rtmp_${'a'.repeat(65)}`)).toBe(false);
    expect(isCameraDirName('rtmp_../x')).toBe(false);
  });

  it('validates a stream recording policy, naming the field', () => {
    expect(streamRecordingSetSchema.parse({ name: 'stage', enabled: true })).toEqual({ name: 'stage', enabled: true });
    expect(streamRecordingSetSchema.safeParse({ name: 'a/b', enabled: true }).success).toBe(false);
    const bad = streamRecordingSetSchema.safeParse({ name: 'stage', enabled: true, retainHours: -1 });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['retainHours']);
  });
});

describe('RTMPS settings', () => {
  it('default to off on port 1936, and a patch of one field keeps the others', () => {
    const defaults = settingsSchema.parse({});
    expect(defaults.rtmp.tls).toEqual({ enabled: false, port: 1936, certPath: '', keyPath: '' });
    const next = applySettingsPatch(defaults, settingsPatchSchema.parse({ rtmp: { tls: { enabled: true, certPath: '/c.pem' } } }));
    expect(next.rtmp).toMatchObject({ enabled: true, port: 1935, tls: { enabled: true, port: 1936, certPath: '/c.pem', keyPath: '' } });
    const portOnly = applySettingsPatch(next, settingsPatchSchema.parse({ rtmp: { port: 2000 } }));
    expect(portOnly.rtmp.tls.certPath).toBe('/c.pem');
    expect(settingsPatchSchema.safeParse({ rtmp: { tls: { bogus: 1 } } }).success).toBe(false);
  });
});
