/**
 * The desktop window's security policy as pure functions: no `electron` import at runtime
 * (types only), so it is unit-tested without the Electron binary. window.ts applies it.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WebPreferences } from 'electron';
import { buildContentSecurityPolicy } from '../transport/content-security-policy';

/**
 * Applied to every response the app's session receives (webRequest.onHeadersReceived), on top
 * of the `<meta>` policy in the renderer's index.html (file:// responses carry no headers).
 * No 'unsafe-inline', no 'unsafe-eval'; the renderer reaches only itself and the local engine.
 */
export const CONTENT_SECURITY_POLICY = buildContentSecurityPolicy(['http://127.0.0.1:*', 'ws://127.0.0.1:*'], ['http://127.0.0.1:*']);

export function contentSecurityPolicy(): string {
  return CONTENT_SECURITY_POLICY;
}

/** Every window: sandboxed, isolated, no Node; the preload is the only bridge. */
export function buildWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
  };
}

/**
 * Response headers with our policy: any policy the response brought (under any letter case)
 * is replaced, so a local HTTP response cannot loosen it.
 */
export function withContentSecurityPolicy(headers: Record<string, string | string[]> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === 'content-security-policy') continue;
    out[name] = Array.isArray(value) ? value : [value];
  }
  out['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
  return out;
}

export type AppUrlMatcher = (url: string | null | undefined) => boolean;

/**
 * Whether a URL is our renderer's document: `file://` and exactly the built index.html (query
 * and fragment ignored). Used to trust IPC senders, navigation targets and permission requests.
 */
export function createAppUrlMatcher(rendererIndexPath: string, platform: NodeJS.Platform = process.platform): AppUrlMatcher {
  const normalize = (p: string) => {
    const resolved = path.resolve(p);
    return platform === 'win32' ? resolved.toLowerCase() : resolved;
  };
  const expected = normalize(rendererIndexPath);
  return (url) => {
    if (typeof url !== 'string' || url === '') return false;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return false;
    }
    if (parsed.protocol !== 'file:' || (parsed.host !== '' && parsed.host !== 'localhost')) return false;
    parsed.search = '';
    parsed.hash = '';
    let filePath: string;
    try {
      filePath = fileURLToPath(parsed);
    } catch {
      return false;
    }
    return normalize(filePath) === expected;
  };
}

/**
 * Permissions the app's own document may have; every other permission, and every request from
 * anything else, is denied. `media` is for local camera/microphone contribution; the loopback
 * ones let the renderer reach the engine on 127.0.0.1 under Chromium's local-network rules.
 */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set([
  'media',
  'fullscreen',
  'clipboard-sanitized-write',
  'loopback-network',
  'local-network-access',
]);

export function isPermissionAllowed(permission: string, requestingUrl: string | null | undefined, isAppUrl: AppUrlMatcher): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && isAppUrl(requestingUrl);
}

/** A navigation is allowed only to the app's own document (a reload). */
export function isNavigationAllowed(url: string, isAppUrl: AppUrlMatcher): boolean {
  return isAppUrl(url);
}

/**
 * window.open / target=_blank never opens an Electron window. An https link may go to the
 * system browser instead; nothing else leaves the app.
 */
export function shouldOpenExternally(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}
