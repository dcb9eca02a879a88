import fs from 'node:fs/promises';
import path from 'node:path';
import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import { writeFileDurably } from '../store/durable-json-file';

export const TOKEN_FILE_NAME = 'api-token';
const MIN_TOKEN_LENGTH = 16;

export class WeakTokenError extends Error {
  override readonly name = 'WeakTokenError';
  constructor() {
    super(`The API token must be at least ${MIN_TOKEN_LENGTH} characters of letters, digits, '-', '_' or '.'`);
  }
}

/** `cr_` + 32 random URL-safe characters: recognisable, and never starting with '-' on a command line. */
export function generateToken(): string {
  return `cr_${randomBytes(24).toString('base64url')}`;
}

export function assertUsableToken(token: string): void {
  if (token.length < MIN_TOKEN_LENGTH || !/^[A-Za-z0-9._~-]+$/.test(token)) throw new WeakTokenError();
}

/**
 * The token the engine accepts: the one given on the command line, else the one saved in the
 * data dir, else a new one (saved, mode 0600). `generated` tells the shell to print it once.
 */
export async function loadOrCreateToken(dataDir: string, given?: string): Promise<{ token: string; generated: boolean; file: string }> {
  const file = path.join(dataDir, TOKEN_FILE_NAME);
  if (given !== undefined) {
    assertUsableToken(given);
    return { token: given, generated: false, file };
  }
  try {
    const saved = (await fs.readFile(file, 'utf8')).trim();
    assertUsableToken(saved);
    return { token: saved, generated: false, file };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const token = generateToken();
  await fs.mkdir(dataDir, { recursive: true });
  await writeFileDurably(file, `${token}\n`, 0o600);
  return { token, generated: true, file };
}

/** Constant-time comparison that does not leak the token's length either. */
export function tokenMatches(expected: string, presented: string | undefined | null): boolean {
  if (!presented) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(presented).digest();
  return timingSafeEqual(a, b);
}

/** `Authorization: Bearer <token>` → the token, or null. */
export function bearerToken(header: string | undefined): string | null {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1] ?? null;
}
