/**
 * The main window and the session-wide hardening (CSP header, permissions, navigation, popups).
 * The policy itself lives in window-security.ts as pure functions.
 */
import { BrowserWindow, shell, type App, type Session, type WebContents } from 'electron';
import type { Logger } from '../logging/logger';
import {
  buildWebPreferences,
  isNavigationAllowed,
  isPermissionAllowed,
  shouldOpenExternally,
  withContentSecurityPolicy,
  type AppUrlMatcher,
} from './window-security';

export { buildWebPreferences, CONTENT_SECURITY_POLICY, contentSecurityPolicy } from './window-security';

const WINDOW_BACKGROUND = '#101216';
const RELOAD_COOLDOWN_MS = 10_000;

/** Session policy and per-webContents guards, for every webContents the app ever creates. */
export function installAppSecurity(app: App, session: Session, isAppUrl: AppUrlMatcher, logger: Logger): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders) });
  });

  session.setPermissionRequestHandler((webContents, permission, callback, details) => {
    const requestingUrl = details.requestingUrl || webContents.getURL();
    const allowed = isPermissionAllowed(permission, requestingUrl, isAppUrl);
    if (!allowed) logger.warn('Permission request denied', { permission, url: requestingUrl });
    callback(allowed);
  });
  session.setPermissionCheckHandler((webContents, permission, _origin, details) =>
    isPermissionAllowed(permission, details.requestingUrl || webContents?.getURL(), isAppUrl),
  );

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, isAppUrl, logger));
}

function hardenWebContents(contents: WebContents, isAppUrl: AppUrlMatcher, logger: Logger): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (shouldOpenExternally(url)) {
      void shell.openExternal(url).catch((err: unknown) => logger.warn('Could not open link in the browser', { url, error: err }));
    } else {
      logger.warn('Blocked a new window', { url });
    }
    return { action: 'deny' };
  });
  const guard = (event: { preventDefault(): void }, url: string) => {
    if (isNavigationAllowed(url, isAppUrl)) return;
    event.preventDefault();
    logger.warn('Blocked navigation away from the app', { url });
  };
  contents.on('will-navigate', (event) => guard(event, event.url));
  contents.on('will-redirect', (event) => guard(event, event.url));
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    logger.warn('Blocked a <webview>');
  });
}

export interface MainWindowOptions {
  preloadPath: string;
  rendererIndexPath: string;
  iconPath?: string;
  logger: Logger;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const { logger } = options;
  const win = new BrowserWindow({
    title: 'Control Room',
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    backgroundColor: WINDOW_BACKGROUND,
    ...(options.iconPath ? { icon: options.iconPath } : {}),
    webPreferences: buildWebPreferences(options.preloadPath),
  });
  win.once('ready-to-show', () => win.show());

  // A crashed renderer is reloaded, but not in a loop: at most once per RELOAD_COOLDOWN_MS.
  let lastReload = 0;
  win.webContents.on('render-process-gone', (_event, details) => {
    logger.error('Renderer process gone', { reason: details.reason, exitCode: details.exitCode });
    if (details.reason === 'clean-exit' || win.isDestroyed() || Date.now() - lastReload < RELOAD_COOLDOWN_MS) return;
    lastReload = Date.now();
    void win.loadFile(options.rendererIndexPath).catch(() => undefined);
  });
  win.webContents.on('did-fail-load', (_event, errorCode, errorDescription, url, isMainFrame) => {
    if (!isMainFrame) return;
    logger.error('The window could not load the app', { url, errorCode, errorDescription });
    if (!win.isVisible()) win.show();
  });

  void win.loadFile(options.rendererIndexPath).catch((err: unknown) => {
    logger.error('Could not load the renderer (is dist/renderer built?)', { path: options.rendererIndexPath, error: err });
  });
  return win;
}

/** Shows, restores and focuses a window that may be hidden in the tray or minimized. */
export function revealWindow(win: BrowserWindow | null): void {
  if (!win || win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  if (!win.isVisible()) win.show();
  win.focus();
}
