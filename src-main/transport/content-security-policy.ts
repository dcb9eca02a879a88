/**
 * The operator UI's Content-Security-Policy, one definition for the web server and the desktop
 * window: no 'unsafe-inline', no 'unsafe-eval'. Only where the UI may connect differs: a page
 * served over HTTP reaches its own origin; the desktop's file:// page reaches the local engine,
 * for the API and for media (snapshots, recordings).
 */
export function buildContentSecurityPolicy(connectSources: string[], mediaSources: string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src ${["'self'", 'data:', 'blob:', ...mediaSources].join(' ')}`,
    `media-src ${["'self'", 'blob:', ...mediaSources].join(' ')}`,
    `connect-src ${["'self'", ...connectSources].join(' ')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}
