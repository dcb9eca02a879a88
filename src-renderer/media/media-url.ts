/**
 * Where live media comes from. A page served by the engine (browser) reaches it on its own
 * origin; the desktop window is a file:// page and uses the engine's listen address instead.
 */
export function mediaBaseUrl(location: Pick<Location, 'protocol' | 'origin'>, hasBridge: boolean, listenUrl: string | null | undefined): string | null {
  const servedByEngine = !hasBridge && (location.protocol === 'http:' || location.protocol === 'https:');
  if (servedByEngine) return location.origin;
  return listenUrl ? listenUrl.replace(/\/+$/, '') : null;
}

/** The WS-FLV address of a ticketed media path (`/media/<source>.flv?ticket=…`). */
export function wsFlvUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/^http/, 'ws')}${path}`;
}

/** The HTTP address of a ticketed media path (`/media/snapshot/<id>.jpg?ticket=…`), for <img>, <video> and links. */
export function httpMediaUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${path}`;
}

/** The same address with `t=<ms>` added: a new URL, so the browser fetches a fresh copy (snapshots). */
export function withCacheBuster(url: string, now = Date.now()): string {
  return `${url}${url.includes('?') ? '&' : '?'}t=${now}`;
}

/** Tickets are renewed this long before they expire, so an address handed out is still good when used. */
export const TICKET_RENEW_MARGIN_MS = 5 * 60_000;

/** Whether a ticket that expires at `expiresAt` (ISO) can still be handed out. */
export function ticketUsable(expiresAt: string, now = Date.now()): boolean {
  const expires = Date.parse(expiresAt);
  return Number.isFinite(expires) && expires - now > TICKET_RENEW_MARGIN_MS;
}
