import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A ticket is good for starting a stream this long after it was issued. */
export const TICKET_TTL_MS = 60_000;
/** Playlists and recordings are fetched piece by piece for as long as someone watches. */
export const LONG_TICKET_TTL_MS = 60 * 60_000;

/**
 * Short-lived signed tickets for media URLs. A browser's <video>, mpegts.js or a WebSocket
 * cannot send an Authorization header, so a media URL carries a ticket bound to one source
 * instead of the API token (which must never appear in a URL or a log).
 */
export class MediaTickets {
  private readonly secret = randomBytes(32);
  /** Long-lived credentials other domains issue (OBS feeds), asked when a signed ticket does not match. */
  private readonly verifiers: Array<(scope: string, ticket: string) => boolean> = [];

  addVerifier(verify: (scope: string, ticket: string) => boolean): void {
    this.verifiers.push(verify);
  }

  /** A ticket for one scope (a source, a camera's recordings…). */
  issue(scope: string, ttlMs = TICKET_TTL_MS, now = Date.now()): { ticket: string; expiresAt: string } {
    const expires = now + ttlMs;
    return { ticket: `${expires.toString(36)}.${this.sign(scope, expires)}`, expiresAt: new Date(expires).toISOString() };
  }

  verify(sourceId: string, ticket: string | null, now = Date.now()): boolean {
    return this.check(sourceId, ticket, now) !== null;
  }

  /**
   * Which kind of credential a ticket is: `signed` (short-lived, good for starting a stream),
   * `long-lived` (another domain's revocable credential: a connection it admitted must end when
   * it is revoked), or null when it is no good.
   */
  check(sourceId: string, ticket: string | null, now = Date.now()): 'signed' | 'long-lived' | null {
    if (!ticket) return null;
    if (this.verifySigned(sourceId, ticket, now)) return 'signed';
    return this.verifiers.some((verify) => verify(sourceId, ticket)) ? 'long-lived' : null;
  }

  private verifySigned(sourceId: string, ticket: string, now: number): boolean {
    const [expiresText, signature] = ticket.split('.');
    const expires = parseInt(expiresText ?? '', 36);
    if (!signature || !Number.isFinite(expires) || expires < now) return false;
    const expected = Buffer.from(this.sign(sourceId, expires));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  private sign(sourceId: string, expires: number): string {
    return createHmac('sha256', this.secret).update(`${sourceId}\n${expires}`).digest('base64url');
  }
}
