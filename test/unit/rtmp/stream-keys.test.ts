import { describe, expect, it } from 'vitest';
import { hashSecret, keyNameSchema, keyView, newKeyMaterial, streamNameProblem, verifyKey, type StoredStreamKey } from '../../../src-main/rtmp/stream-keys';
import { FailureLimiter } from '../../../src-main/rtmp/failure-limiter';

function stored(overrides: Partial<StoredStreamKey> = {}): { key: StoredStreamKey; full: string } {
  const m = newKeyMaterial();
  const key: StoredStreamKey = {
    id: m.id,
    name: 'OBS',
    salt: m.salt,
    hash: m.hash,
    createdAt: new Date().toISOString(),
    expiresAt: null,
    revokedAt: null,
    lastUsedAt: null,
    ...overrides,
  };
  return { key, full: m.full };
}

describe('stream keys', () => {
  it('hashes with a per-key salt and never keeps the secret', () => {
    const a = newKeyMaterial();
    const b = newKeyMaterial();
    expect(a.salt).not.toBe(b.salt);
    expect(a.hash).toBe(hashSecret(a.salt, a.secret));
    expect(a.hash).not.toContain(a.secret);
    expect(a.full).toBe(`${a.id}.${a.secret}`);
  });

  it('verifies the right key and names why others fail', () => {
    const { key, full } = stored();
    expect(verifyKey([key], full).ok).toBe(true);
    expect(verifyKey([key], null)).toEqual({ ok: false, reason: 'missing key' });
    expect(verifyKey([key], `${key.id}.${'x'.repeat(32)}`)).toEqual({ ok: false, reason: 'wrong key' });
    expect(verifyKey([key], 'garbage')).toEqual({ ok: false, reason: 'wrong key' });
    expect(verifyKey([], full)).toEqual({ ok: false, reason: 'wrong key' });
    const revoked = stored({ revokedAt: new Date().toISOString() });
    expect(verifyKey([revoked.key], revoked.full)).toEqual({ ok: false, reason: 'revoked key' });
    const expired = stored({ expiresAt: new Date(Date.now() - 1000).toISOString() });
    expect(verifyKey([expired.key], expired.full)).toEqual({ ok: false, reason: 'expired key' });
    expect(keyView(expired.key).state).toBe('expired');
    expect(JSON.stringify(keyView(key))).not.toContain(key.hash);
  });

  it('validates key names', () => {
    expect(keyNameSchema.safeParse('OBS stage-left_1.0').success).toBe(true);
    for (const bad of ['', 'a'.repeat(65), 'x/y', 'a;rm', 'émoji', 'tab\there']) expect(keyNameSchema.safeParse(bad).success).toBe(false);
  });

  it('refuses stream names that could escape the application path', () => {
    expect(streamNameProblem('live', 'stage-1')).toBeNull();
    for (const bad of ['..', '../x', 'a/b', 'a b', '', 'a'.repeat(65), '%2e%2e', 'a\\b']) expect(streamNameProblem('live', bad)).not.toBeNull();
    expect(streamNameProblem('other', 'stage')).toMatch(/application/);
  });
});

describe('failure limiter', () => {
  it('blocks an address after 5 failures within a minute, for a minute', () => {
    const limiter = new FailureLimiter();
    const t0 = 1_000_000;
    for (let i = 0; i < 4; i++) expect(limiter.fail('10.0.0.1', t0 + i)).toBe(false);
    expect(limiter.isBlocked('10.0.0.1', t0 + 10)).toBe(false);
    expect(limiter.fail('10.0.0.1', t0 + 10)).toBe(true);
    expect(limiter.isBlocked('10.0.0.1', t0 + 11)).toBe(true);
    expect(limiter.isBlocked('10.0.0.2', t0 + 11)).toBe(false);
    expect(limiter.blocked(t0 + 11)).toEqual([{ address: '10.0.0.1', until: new Date(t0 + 10 + 60_000).toISOString(), failures: 5 }]);
    expect(limiter.isBlocked('10.0.0.1', t0 + 10 + 60_001)).toBe(false);
  });

  it('forgets failures older than the window', () => {
    const limiter = new FailureLimiter();
    for (let i = 0; i < 4; i++) limiter.fail('a', i * 20_000);
    expect(limiter.fail('a', 100_000)).toBe(false);
    expect(limiter.isBlocked('a', 100_001)).toBe(false);
  });

  it('can be lifted', () => {
    const limiter = new FailureLimiter();
    for (let i = 0; i < 5; i++) limiter.fail('a', Date.now());
    expect(limiter.isBlocked('a')).toBe(true);
    expect(limiter.unblock('a')).toBe(true);
    expect(limiter.isBlocked('a')).toBe(false);
  });
});
