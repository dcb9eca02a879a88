import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** Key names: what an operator types to recognise a key ("OBS stage left"). */
export const KEY_NAME_PATTERN = /^[A-Za-z0-9 _.-]{1,64}$/;
/** Stream names: one path segment under the application, nothing that could escape it. */
export const STREAM_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** The only RTMP application the server serves. */
export const RTMP_APP = 'live';

export const keyNameSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .regex(KEY_NAME_PATTERN, 'may contain only letters, digits, spaces and - _ .');

export const storedStreamKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Hex salt and sha256(salt ‖ secret): the secret itself is never stored. */
  salt: z.string(),
  hash: z.string(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
  lastUsedAt: z.iso.datetime().nullable().default(null),
});
export type StoredStreamKey = z.output<typeof storedStreamKeySchema>;

/**
 * A full key is `<id>.<secret>`: the id finds the stored record, the secret is compared by hash.
 * Secrets are 32 random bytes, so a salted sha256 is as strong as a slow hash here.
 */
export function newKeyMaterial(): { id: string; secret: string; full: string; salt: string; hash: string } {
  const id = randomBytes(6).toString('hex');
  const secret = randomBytes(24).toString('base64url');
  const salt = randomBytes(16).toString('hex');
  return { id, secret, full: `${id}.${secret}`, salt, hash: hashSecret(salt, secret) };
}

export function hashSecret(salt: string, secret: string): string {
  return createHash('sha256').update(Buffer.from(salt, 'hex')).update(secret, 'utf8').digest('hex');
}

export function splitKey(full: string): { id: string; secret: string } | null {
  const match = /^([0-9a-f]{12})\.([A-Za-z0-9_-]{16,128})$/.exec(full);
  return match ? { id: match[1]!, secret: match[2]! } : null;
}

export type KeyCheck = { ok: true; key: StoredStreamKey } | { ok: false; reason: 'missing key' | 'wrong key' | 'revoked key' | 'expired key' };

/** Checks a full key against the stored records in constant time per comparison. */
export function verifyKey(keys: readonly StoredStreamKey[], full: string | null | undefined, now = Date.now()): KeyCheck {
  if (!full) return { ok: false, reason: 'missing key' };
  const parts = splitKey(full);
  if (!parts) return { ok: false, reason: 'wrong key' };
  const key = keys.find((k) => k.id === parts.id);
  if (!key) return { ok: false, reason: 'wrong key' };
  const expected = Buffer.from(key.hash, 'hex');
  const given = Buffer.from(hashSecret(key.salt, parts.secret), 'hex');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'wrong key' };
  if (key.revokedAt) return { ok: false, reason: 'revoked key' };
  if (key.expiresAt && Date.parse(key.expiresAt) <= now) return { ok: false, reason: 'expired key' };
  return { ok: true, key };
}

export type StreamKeyState = 'active' | 'revoked' | 'expired';

export interface StreamKeyView {
  id: string;
  name: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  state: StreamKeyState;
}

export function keyView(key: StoredStreamKey, now = Date.now()): StreamKeyView {
  const state: StreamKeyState = key.revokedAt ? 'revoked' : key.expiresAt && Date.parse(key.expiresAt) <= now ? 'expired' : 'active';
  return {
    id: key.id,
    name: key.name,
    createdAt: key.createdAt,
    expiresAt: key.expiresAt,
    revokedAt: key.revokedAt,
    lastUsedAt: key.lastUsedAt,
    state,
  };
}

/** Why a stream path is refused, or null when it is one safe segment. */
export function streamNameProblem(app: string, name: string): string | null {
  if (app !== RTMP_APP) return `unknown application "${app.slice(0, 64)}" (only "${RTMP_APP}")`;
  if (!STREAM_NAME_PATTERN.test(name)) return 'invalid stream name (1–64 letters, digits, - or _)';
  return null;
}

/** `rtmp.keys.create`'s answer: the only time the full key is shown. */
export interface CreatedStreamKey extends StreamKeyView {
  key: string;
  obs: { server: string | null; streamKey: string };
  example: string | null;
}
