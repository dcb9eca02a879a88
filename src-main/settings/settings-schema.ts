import { z } from 'zod';
import { withoutUndefined } from '../util/objects';

/**
 * Operator settings: one schema with defaults. Each field is declared once and used both by
 * the stored shape (with defaults) and by the patch accepted from `settings.update`.
 */
const fields = {
  nodeName: z.string().trim().min(1, 'must not be empty').max(64, 'must be at most 64 characters'),
  logLevel: z.enum(['debug', 'info', 'warn', 'error']),
  ui: {
    theme: z.enum(['dark', 'light']),
    gridColumns: z.number().int().min(1).max(6),
  },
  media: {
    maxConcurrentStarts: z.number().int().min(1).max(16),
    stallTimeoutSeconds: z.number().int().min(2).max(120),
    stopGraceSeconds: z.number().int().min(1).max(30),
  },
  recordings: {
    /** Every camera's recordings together; the oldest go first beyond it. */
    maxTotalGb: z.number().int().min(1).max(100_000),
  },
  rtmp: {
    enabled: z.boolean(),
    /** 127.0.0.1 serves this machine only; 0.0.0.0 every interface. */
    host: z.string().trim().min(1, 'must not be empty').max(253).regex(/^[A-Za-z0-9.:-]+$/, 'must be an IP address or host name'),
    /** 0 picks a free port (tests). */
    port: z.number().int().min(0).max(65535),
    tls: {
      /** RTMPS: a second listener with TLS, on its own port, when a certificate is configured. */
      enabled: z.boolean(),
      port: z.number().int().min(0).max(65535),
      /** PEM certificate (chain) and private key; read when the listener starts: a bad one is an error state, not a crash. */
      certPath: z.string().trim().max(4096),
      keyPath: z.string().trim().max(4096),
    },
  },
};

export const SETTINGS_DEFAULTS = {
  nodeName: 'control-room',
  logLevel: 'info',
  ui: { theme: 'dark', gridColumns: 3 },
  media: { maxConcurrentStarts: 4, stallTimeoutSeconds: 10, stopGraceSeconds: 3 },
  recordings: { maxTotalGb: 100 },
  rtmp: { enabled: true, host: '127.0.0.1', port: 1935, tls: { enabled: false, port: 1936, certPath: '', keyPath: '' } },
} as const;

export const settingsSchema = z.object({
  nodeName: fields.nodeName.default(SETTINGS_DEFAULTS.nodeName),
  logLevel: fields.logLevel.default(SETTINGS_DEFAULTS.logLevel),
  ui: z
    .object({
      theme: fields.ui.theme.default(SETTINGS_DEFAULTS.ui.theme),
      gridColumns: fields.ui.gridColumns.default(SETTINGS_DEFAULTS.ui.gridColumns),
    })
    .prefault({}),
  media: z
    .object({
      maxConcurrentStarts: fields.media.maxConcurrentStarts.default(SETTINGS_DEFAULTS.media.maxConcurrentStarts),
      stallTimeoutSeconds: fields.media.stallTimeoutSeconds.default(SETTINGS_DEFAULTS.media.stallTimeoutSeconds),
      stopGraceSeconds: fields.media.stopGraceSeconds.default(SETTINGS_DEFAULTS.media.stopGraceSeconds),
    })
    .prefault({}),
  recordings: z
    .object({
      maxTotalGb: fields.recordings.maxTotalGb.default(SETTINGS_DEFAULTS.recordings.maxTotalGb),
    })
    .prefault({}),
  rtmp: z
    .object({
      enabled: fields.rtmp.enabled.default(SETTINGS_DEFAULTS.rtmp.enabled),
      host: fields.rtmp.host.default(SETTINGS_DEFAULTS.rtmp.host),
      port: fields.rtmp.port.default(SETTINGS_DEFAULTS.rtmp.port),
      tls: z
        .object({
          enabled: fields.rtmp.tls.enabled.default(SETTINGS_DEFAULTS.rtmp.tls.enabled),
          port: fields.rtmp.tls.port.default(SETTINGS_DEFAULTS.rtmp.tls.port),
          certPath: fields.rtmp.tls.certPath.default(SETTINGS_DEFAULTS.rtmp.tls.certPath),
          keyPath: fields.rtmp.tls.keyPath.default(SETTINGS_DEFAULTS.rtmp.tls.keyPath),
        })
        .prefault({}),
    })
    .prefault({}),
});

export type Settings = z.output<typeof settingsSchema>;

/** A partial update: unknown fields are rejected so a typo never passes silently. */
export const settingsPatchSchema = z.strictObject({
  nodeName: fields.nodeName.optional(),
  logLevel: fields.logLevel.optional(),
  ui: z
    .strictObject({
      theme: fields.ui.theme.optional(),
      gridColumns: fields.ui.gridColumns.optional(),
    })
    .optional(),
  media: z
    .strictObject({
      maxConcurrentStarts: fields.media.maxConcurrentStarts.optional(),
      stallTimeoutSeconds: fields.media.stallTimeoutSeconds.optional(),
      stopGraceSeconds: fields.media.stopGraceSeconds.optional(),
    })
    .optional(),
  recordings: z
    .strictObject({
      maxTotalGb: fields.recordings.maxTotalGb.optional(),
    })
    .optional(),
  rtmp: z
    .strictObject({
      enabled: fields.rtmp.enabled.optional(),
      host: fields.rtmp.host.optional(),
      port: fields.rtmp.port.optional(),
      tls: z
        .strictObject({
          enabled: fields.rtmp.tls.enabled.optional(),
          port: fields.rtmp.tls.port.optional(),
          certPath: fields.rtmp.tls.certPath.optional(),
          keyPath: fields.rtmp.tls.keyPath.optional(),
        })
        .optional(),
    })
    .optional(),
});

export type SettingsPatch = z.input<typeof settingsPatchSchema>;

export function applySettingsPatch(current: Settings, patch: z.output<typeof settingsPatchSchema>): Settings {
  return settingsSchema.parse({
    ...current,
    ...withoutUndefined({ nodeName: patch.nodeName, logLevel: patch.logLevel }),
    ui: { ...current.ui, ...withoutUndefined(patch.ui ?? {}) },
    media: { ...current.media, ...withoutUndefined(patch.media ?? {}) },
    recordings: { ...current.recordings, ...withoutUndefined(patch.recordings ?? {}) },
    rtmp: {
      ...current.rtmp,
      ...withoutUndefined({ enabled: patch.rtmp?.enabled, host: patch.rtmp?.host, port: patch.rtmp?.port }),
      tls: { ...current.rtmp.tls, ...withoutUndefined(patch.rtmp?.tls ?? {}) },
    },
  });
}
