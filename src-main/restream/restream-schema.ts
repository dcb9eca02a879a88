import { z } from 'zod';
import { MAX_DESTINATION_URL_LENGTH, MAX_KEY_LENGTH } from './restream-url';

export const MAX_DESTINATION_NAME_LENGTH = 80;
export const MAX_DESTINATIONS = 64;
export const MAX_IMAGE_PATH_LENGTH = 1024;

const id = z.string().min(1).max(64);
const name = z.string().trim().min(1).max(MAX_DESTINATION_NAME_LENGTH);
const url = z.string().trim().min(1).max(MAX_DESTINATION_URL_LENGTH);
const key = z.string().min(1).max(MAX_KEY_LENGTH);

export const fallbackSchema = z.strictObject({
  enabled: z.boolean().default(false),
  /** A still image (PNG/JPEG) shown instead of black; absent: a black slate. */
  imagePath: z.string().min(1).max(MAX_IMAGE_PATH_LENGTH).nullable().optional(),
});
export type FallbackPolicy = z.output<typeof fallbackSchema>;

export const destinationInputSchema = z.strictObject({
  sourceId: id,
  name,
  /** `rtmp://host/app/key`, or `rtmp://host/app` with `key` given apart. */
  url,
  key: key.optional(),
  enabled: z.boolean().default(true),
  fallback: fallbackSchema.optional(),
});

export const destinationUpdateSchema = z.strictObject({
  id,
  name: name.optional(),
  /** A new URL; with a key in it (or `key`), the key is replaced too, else the stored key is kept. */
  url: url.optional(),
  key: key.optional(),
  enabled: z.boolean().optional(),
  fallback: fallbackSchema.optional(),
});

export const destinationRefSchema = z.strictObject({ id });
export const restreamListInputSchema = z.strictObject({ sourceId: id.optional() });

/** What is stored in clear: no key, no credentials. */
export const storedDestinationSchema = z.object({
  id: z.string(),
  sourceId: z.string(),
  name: z.string(),
  baseUrl: z.string(),
  enabled: z.boolean(),
  fallback: z.object({ enabled: z.boolean(), imagePath: z.string().nullable().default(null) }).default({ enabled: false, imagePath: null }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type StoredDestination = z.output<typeof storedDestinationSchema>;

/** The secret part of a destination, keyed by destination id in its own state slice. */
export const storedDestinationSecretSchema = z.object({ key: z.string(), userinfo: z.string().default('') });
export type StoredDestinationSecret = z.output<typeof storedDestinationSecretSchema>;

export const DESTINATION_STATES = ['stopped', 'connecting', 'live', 'retrying', 'failed'] as const;
export type DestinationState = (typeof DESTINATION_STATES)[number];

export interface DestinationStatus {
  state: DestinationState;
  /** Why it is not live, in words; null when live or stopped. */
  reason: string | null;
  since: string;
  /** What the destination sends now: the source, or the fallback slate while the source is down. */
  sending: 'source' | 'slate' | null;
  bitrateKbps: number | null;
  /** When the current live run began. */
  liveSince: string | null;
  uptimeSeconds: number | null;
  restarts: number;
  retryAt: string | null;
  pid: number | null;
}

/** A destination as the API shows it: never the key. */
export interface DestinationView {
  id: string;
  sourceId: string;
  name: string;
  /** With the key (and any credentials) replaced by `••••`. */
  url: string;
  hasKey: boolean;
  enabled: boolean;
  fallback: { enabled: boolean; imagePath: string | null };
  createdAt: string;
  updatedAt: string;
  status: DestinationStatus;
}
