/**
 * The window's security policy (pure functions; the Electron shell cannot run here, so what
 * window.ts hands to BrowserWindow and the session is checked as data).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  buildWebPreferences,
  CONTENT_SECURITY_POLICY,
  contentSecurityPolicy,
  createAppUrlMatcher,
  isNavigationAllowed,
  isPermissionAllowed,
  shouldOpenExternally,
  withContentSecurityPolicy,
} from '../../../src-main/electron/window-security';

const rendererIndex = path.resolve('/opt/control-room/dist/renderer/index.html');
const APP_URL = pathToFileURL(rendererIndex).href;
const isAppUrl = createAppUrlMatcher(rendererIndex);

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name as string, values]),
  );
}

describe('webPreferences', () => {
  it('is sandboxed, context-isolated, without Node, with web security and our preload', () => {
    const prefs = buildWebPreferences('/app/dist/preload/preload.cjs');
    expect(prefs).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/dist/preload/preload.cjs',
    });
  });
});

describe('content security policy', () => {
  const csp = directives(CONTENT_SECURITY_POLICY);

  it('allows no inline code and no eval anywhere', () => {
    expect(CONTENT_SECURITY_POLICY).not.toContain("'unsafe-inline'");
    expect(CONTENT_SECURITY_POLICY).not.toContain("'unsafe-eval'");
    // No wildcard host source (a port wildcard on 127.0.0.1 is fine), no data: scripts.
    for (const values of directives(CONTENT_SECURITY_POLICY).values()) expect(values).not.toContain('*');
    expect(directives(CONTENT_SECURITY_POLICY).get('script-src')).not.toContain('data:');
    expect(contentSecurityPolicy()).toBe(CONTENT_SECURITY_POLICY);
  });

  it("runs only the app's own scripts and reaches only itself and the local engine", () => {
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'", 'http://127.0.0.1:*', 'ws://127.0.0.1:*']);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
  });

  it('replaces any policy a response brought, whatever its letter case', () => {
    const headers = withContentSecurityPolicy({ 'content-security-policy': ["script-src 'unsafe-inline'"], 'Content-Type': ['text/html'], 'X-One': 'a' });
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(headers['content-security-policy']).toBeUndefined();
    expect(headers['Content-Type']).toEqual(['text/html']);
    expect(headers['X-One']).toEqual(['a']);
    expect(withContentSecurityPolicy(undefined)).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });
});

describe('app URL matcher', () => {
  it("accepts only our renderer's index.html over file://", () => {
    expect(isAppUrl(APP_URL)).toBe(true);
    expect(isAppUrl(`${APP_URL}#/program`)).toBe(true);
    expect(isAppUrl(`${APP_URL}?x=1`)).toBe(true);
    expect(isAppUrl(pathToFileURL(path.resolve('/opt/control-room/dist/renderer/evil.html')).href)).toBe(false);
    expect(isAppUrl(pathToFileURL(path.resolve('/opt/control-room/dist/renderer/../renderer2/index.html')).href)).toBe(false);
    expect(isAppUrl('https://example.com/index.html')).toBe(false);
    expect(isAppUrl('http://127.0.0.1:7800/')).toBe(false);
    expect(isAppUrl('file://remote-host/opt/control-room/dist/renderer/index.html')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
    expect(isAppUrl('')).toBe(false);
    expect(isAppUrl(null)).toBe(false);
  });

  it('compares Windows paths without regard to letter case', () => {
    const win = createAppUrlMatcher('C:\\Program Files\\Control Room\\resources\\app.asar\\dist\\renderer\\index.html', 'win32');
    // On a POSIX test machine the Windows path is resolved as a relative one; only exercise the
    // case-folding when running on Windows.
    if (process.platform === 'win32') {
      expect(win('file:///c:/program%20files/control%20room/resources/app.asar/dist/renderer/index.html')).toBe(true);
    } else {
      expect(win('https://example.com/')).toBe(false);
    }
  });
});

describe('permissions, navigation and new windows', () => {
  it('grants media and the loopback permissions to the app only, and nothing else', () => {
    expect(isPermissionAllowed('media', APP_URL, isAppUrl)).toBe(true);
    expect(isPermissionAllowed('loopback-network', APP_URL, isAppUrl)).toBe(true);
    expect(isPermissionAllowed('media', 'https://evil.example/', isAppUrl)).toBe(false);
    expect(isPermissionAllowed('media', undefined, isAppUrl)).toBe(false);
    for (const p of ['geolocation', 'notifications', 'openExternal', 'display-capture', 'usb', 'hid', 'serial', 'clipboard-read', 'unknown']) {
      expect(isPermissionAllowed(p, APP_URL, isAppUrl)).toBe(false);
    }
  });

  it('allows navigation only to the app itself', () => {
    expect(isNavigationAllowed(APP_URL, isAppUrl)).toBe(true);
    expect(isNavigationAllowed('https://example.com/', isAppUrl)).toBe(false);
    expect(isNavigationAllowed('file:///etc/passwd', isAppUrl)).toBe(false);
    expect(isNavigationAllowed('http://127.0.0.1:7800/', isAppUrl)).toBe(false);
  });

  it('sends only https links to the system browser', () => {
    expect(shouldOpenExternally('https://docs.example.com/')).toBe(true);
    expect(shouldOpenExternally('http://example.com/')).toBe(false);
    expect(shouldOpenExternally('file:///etc/passwd')).toBe(false);
    expect(shouldOpenExternally('smb://host/share')).toBe(false);
    expect(shouldOpenExternally('javascript:alert(1)')).toBe(false);
    expect(shouldOpenExternally('garbage')).toBe(false);
  });
});
