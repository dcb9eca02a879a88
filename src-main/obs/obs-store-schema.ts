import { z } from 'zod';

/** An OBS instance the control room drives: where it is, never its password. */
export const storedObsConnectionSchema = z.object({
  id: z.string(),
  name: z.string(),
  host: z.string(),
  port: z.number().int(),
  enabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type StoredObsConnection = z.output<typeof storedObsConnectionSchema>;

/**
 * A long-lived credential that lets one OBS media source read one hub source over
 * `/media/live/<source>.flv?ticket=feed.<id>.<secret>`: OBS reconnects on its own, long after a
 * minute-long ticket expired, and across engine restarts. Only a salted hash is stored.
 */
export const storedObsFeedSchema = z.object({
  id: z.string(),
  sourceId: z.string(),
  connectionId: z.string(),
  sceneName: z.string(),
  inputName: z.string(),
  salt: z.string(),
  hash: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable().default(null),
});
export type StoredObsFeed = z.output<typeof storedObsFeedSchema>;

/** The obs domain's slices of the persisted state (spread into store/schema.ts). */
export const obsStateShape = {
  obsConnections: z.array(storedObsConnectionSchema).default([]),
  /** OBS websocket passwords by connection id: apart from the connections, never returned by the API. */
  obsPasswords: z.record(z.string(), z.object({ password: z.string() })).default({}),
  /** Feed credentials of cameras placed into OBS (hashed). */
  obsFeeds: z.array(storedObsFeedSchema).default([]),
};
