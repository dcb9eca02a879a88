import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bearerToken, loadOrCreateToken, tokenMatches, WeakTokenError } from '../../../src-main/app/api-token';

describe('API token', () => {
  it('generates, saves with mode 0600, then reuses the token', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-token-'));
    const first = await loadOrCreateToken(dir);
    expect(first.generated).toBe(true);
    expect(first.token.length).toBeGreaterThanOrEqual(32);
    if (process.platform !== 'win32') expect(fs.statSync(first.file).mode & 0o777).toBe(0o600);
    const second = await loadOrCreateToken(dir);
    expect(second).toMatchObject({ token: first.token, generated: false });
    fs.rmSync(dir, { recursive: true });
  });

  it('accepts a given token and refuses a weak one', async () => {
    await expect(loadOrCreateToken('/nonexistent', 'short')).rejects.toBeInstanceOf(WeakTokenError);
    await expect(loadOrCreateToken('/nonexistent', 'a-long-enough-token-1234')).resolves.toMatchObject({ generated: false });
  });

  it('compares tokens and parses bearer headers', () => {
    expect(tokenMatches('secret-token-123456', 'secret-token-123456')).toBe(true);
    expect(tokenMatches('secret-token-123456', 'secret-token-12345')).toBe(false);
    expect(tokenMatches('secret-token-123456', undefined)).toBe(false);
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });
});
