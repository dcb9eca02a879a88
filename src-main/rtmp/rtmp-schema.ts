import { z } from 'zod';
import { keyNameSchema, STREAM_NAME_PATTERN } from './stream-keys';

export const keyCreateSchema = z.strictObject({
  name: keyNameSchema,
  /** Absent or null: the key never expires. */
  expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
});

export const keyRefSchema = z.strictObject({ id: z.string().min(1).max(64) });
export const sessionRefSchema = z.strictObject({ id: z.string().min(1).max(64) });
export const streamRefSchema = z.strictObject({
  name: z.string().regex(STREAM_NAME_PATTERN, 'must be 1–64 letters, digits, - or _'),
});
export const addressRefSchema = z.strictObject({ address: z.string().min(1).max(64) });
export const streamSnapshotSchema = streamRefSchema.extend({ width: z.number().int().min(16).max(3840).optional() });
