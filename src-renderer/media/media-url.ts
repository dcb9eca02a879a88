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
