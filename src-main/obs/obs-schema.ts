import { z } from 'zod';

export const MAX_OBS_CONNECTIONS = 32;
export const MAX_BATCH_OPERATIONS = 50;

const id = z.string().min(1).max(64);
const name = z.string().trim().min(1, 'must not be empty').max(80, 'must be at most 80 characters');
/** A host name or an IP address: no scheme, no path, no credentials. */
const host = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(253)
  .regex(/^(\[[0-9A-Fa-f:.]+\]|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]+|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?)$/, 'must be a host name or an IP address, e.g. 192.168.1.20');
const port = z.number().int('must be a whole number').min(1, 'must be 1–65535').max(65535, 'must be 1–65535');
const password = z.string().max(256, 'must be at most 256 characters');
/** OBS names (scenes, inputs) are free text; the length bounds what we pass on. */
const obsName = z.string().min(1, 'must not be empty').max(256);

export const obsConnectionInputSchema = z.strictObject({
  name,
  host,
  port: port.default(4455),
  /** Empty or absent: OBS with authentication off. */
  password: password.optional(),
  enabled: z.boolean().default(true),
});

export const obsConnectionUpdateSchema = z.strictObject({
  id,
  name: name.optional(),
  host: host.optional(),
  port: port.optional(),
  /** A new password; an empty string removes it; absent keeps the saved one. */
  password: password.optional(),
  enabled: z.boolean().optional(),
});

export const obsRefSchema = z.strictObject({ id });
export const obsSceneInputSchema = z.strictObject({ id, scene: obsName });
export const obsStudioModeInputSchema = z.strictObject({ id, enabled: z.boolean() });
export const obsSceneItemInputSchema = z.strictObject({ id, scene: obsName, itemId: z.number().int().min(0), enabled: z.boolean() });
export const obsMuteInputSchema = z.strictObject({ id, input: obsName, muted: z.boolean() });
/** Volume in dB as OBS shows it: -100 (silent) … +26. */
export const obsVolumeInputSchema = z.strictObject({ id, input: obsName, volumeDb: z.number().min(-100).max(26) });

export const obsPlaceCameraInputSchema = z.strictObject({
  id,
  /** A hub source: a camera id or a published stream (`rtmp_<name>`). */
  sourceId: z.string().min(1).max(100),
  scene: obsName,
  /** The OBS input's name; defaults to the source's name. */
  inputName: obsName.optional(),
  /** The engine's address as OBS reaches it (default: the address the engine listens on). */
  engineUrl: z.url({ protocol: /^https?$/ }).max(256).optional(),
});

export const obsFeedRefSchema = z.strictObject({ feedId: id });

export const obsBatchOperationSchema = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('setProgramScene'), scene: obsName }),
  z.strictObject({ op: z.literal('setPreviewScene'), scene: obsName }),
  z.strictObject({ op: z.literal('setStudioMode'), enabled: z.boolean() }),
  z.strictObject({ op: z.literal('triggerTransition') }),
  z.strictObject({ op: z.literal('createScene'), scene: obsName }),
  z.strictObject({ op: z.literal('setSceneItemEnabled'), scene: obsName, itemId: z.number().int().min(0), enabled: z.boolean() }),
  z.strictObject({ op: z.literal('setInputMute'), input: obsName, muted: z.boolean() }),
  z.strictObject({ op: z.literal('setInputVolume'), input: obsName, volumeDb: z.number().min(-100).max(26) }),
]);
export type ObsBatchOperation = z.output<typeof obsBatchOperationSchema>;

export const obsBatchInputSchema = z.strictObject({
  id,
  operations: z.array(obsBatchOperationSchema).min(1, 'must hold at least one operation').max(MAX_BATCH_OPERATIONS),
});

export const obsMetersParamsSchema = z.strictObject({ id });
