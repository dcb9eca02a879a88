import { z } from 'zod';
import { settingsSchema } from '../settings/settings-schema';
import { storedCameraSchema, storedCredentialsSchema } from '../cameras/camera-schema';

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
});

export type PersistedState = z.output<typeof stateSchema>;
