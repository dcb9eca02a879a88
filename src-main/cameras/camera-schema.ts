import { z } from 'zod';

/**
 * A camera as the operator defines it. Credentials never live in the URL: a URL given with
 * `user:pass@` has them moved into `credentials`, which are stored apart and never returned.
 */
export const CAMERA_URL_SCHEMES = ['rtsp:', 'rtsps:', 'rtmp:', 'rtmps:', 'http:', 'https:', 'file:', 'test:'] as const;
export const TEST_PATTERNS = ['bars', 'clock', 'ball'] as const;
export const RTSP_TRANSPORTS = ['tcp', 'udp', 'auto'] as const;

export const MAX_NAME_LENGTH = 80;
export const MAX_URL_LENGTH = 2048;

const name = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(MAX_NAME_LENGTH, `must be at most ${MAX_NAME_LENGTH} characters`)
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'must not contain control characters');

/** Syntax only; scheme, file location and shell characters are checked by validateCameraUrl. */
const url = z.string().trim().min(1, 'must not be empty').max(MAX_URL_LENGTH, `must be at most ${MAX_URL_LENGTH} characters`);

const recordingFields = {
  enabled: z.boolean(),
  segmentSeconds: z.number().int().min(2).max(600),
  /** 0 keeps recordings until the size limit removes them. */
  retainHours: z.number().int().min(0).max(24 * 365),
  /** 0: no size limit for this camera (the overall limit still applies). */
  maxSizeMb: z.number().int().min(0).max(10_000_000),
};

export const recordingPolicySchema = z.strictObject({
  enabled: recordingFields.enabled.default(false),
  segmentSeconds: recordingFields.segmentSeconds.default(60),
  retainHours: recordingFields.retainHours.default(72),
  maxSizeMb: recordingFields.maxSizeMb.default(20_000),
});

/** A change to some policy fields: no defaults here, or an absent field would overwrite the stored one. */
const recordingPatchSchema = z.strictObject({
  enabled: recordingFields.enabled.optional(),
  segmentSeconds: recordingFields.segmentSeconds.optional(),
  retainHours: recordingFields.retainHours.optional(),
  maxSizeMb: recordingFields.maxSizeMb.optional(),
});

export type RecordingPolicy = z.output<typeof recordingPolicySchema>;

export const credentialsInputSchema = z.strictObject({
  username: z.string().max(256),
  password: z.string().max(256),
});

export const cameraInputSchema = z.strictObject({
  name,
  url,
  subUrl: url.nullable().optional(),
  rtspTransport: z.enum(RTSP_TRANSPORTS).default('tcp'),
  enabled: z.boolean().default(true),
  /** null removes stored credentials; absent keeps them (on update). */
  credentials: credentialsInputSchema.nullable().optional(),
  recording: recordingPolicySchema.prefault({}),
});

export const cameraUpdateSchema = z.strictObject({
  id: z.string().min(1).max(64),
  name: name.optional(),
  url: url.optional(),
  subUrl: url.nullable().optional(),
  rtspTransport: z.enum(RTSP_TRANSPORTS).optional(),
  enabled: z.boolean().optional(),
  credentials: credentialsInputSchema.nullable().optional(),
  recording: recordingPatchSchema.optional(),
});

/** What is persisted (and returned): URLs carry no credentials. */
export const storedCameraSchema = z.object({
  id: z.string(),
  name,
  url,
  subUrl: url.nullable(),
  rtspTransport: z.enum(RTSP_TRANSPORTS),
  enabled: z.boolean(),
  recording: recordingPolicySchema,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export type StoredCamera = z.output<typeof storedCameraSchema>;

export const storedCredentialsSchema = z.object({ username: z.string(), password: z.string() });
export type StoredCredentials = z.output<typeof storedCredentialsSchema>;
