import { z } from 'zod';
import { settingsSchema } from '../settings/settings-schema';
import { storedStreamKeySchema } from '../rtmp/stream-keys';
import { storedStreamRecordingSchema } from '../rtmp/stream-recording-schema';
import { storedCameraSchema, storedCredentialsSchema } from '../cameras/camera-schema';
import { obsStateShape } from '../obs/obs-store-schema';
import { compositorStateShape } from '../compositor/compositor-store-schema';
import { storedDestinationSchema, storedDestinationSecretSchema } from '../restream/restream-schema';

/**
 * The persisted state: one schema with defaults. Bump STATE_VERSION and add a migration in
 * migrations.ts whenever a change is not backward compatible.
 */
export const STATE_VERSION = 1;

export const stateSchema = z.object({
  version: z.literal(STATE_VERSION),
  nodeId: z.uuid(),
  createdAt: z.iso.datetime(),
  settings: settingsSchema.prefault({}),
  cameras: z.array(storedCameraSchema).default([]),
  /** Camera credentials, keyed by camera id: apart from the cameras, never returned by the API. */
  cameraCredentials: z.record(z.string(), storedCredentialsSchema).default({}),
  /** Restream destinations, without their keys. */
  restreamDestinations: z.array(storedDestinationSchema).default([]),
  /** Restream stream keys and URL credentials, keyed by destination id: apart, never returned by the API. */
  restreamSecrets: z.record(z.string(), storedDestinationSecretSchema).default({}),
  /** RTMP stream keys: hashed with a per-key salt, the key itself is never stored. */
  rtmpKeys: z.array(storedStreamKeySchema).default([]),
  /** Recording policies of published RTMP streams, by stream name. */
  rtmpRecording: storedStreamRecordingSchema.default({}),
  ...obsStateShape,
  ...compositorStateShape,
});

export type PersistedState = z.output<typeof stateSchema>;
