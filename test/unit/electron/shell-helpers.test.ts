/** Small pure parts of the desktop shell: its command line, its paths, the tray's status line. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAppPaths } from '../../../src-main/electron/app-paths';
import { DESKTOP_DEFAULT_PORT, DesktopArgsError, parseDesktopArgs } from '../../../src-main/electron/desktop-args';
import { formatStatusLine, formatTooltip } from '../../../src-main/electron/tray-status';

describe('parseDesktopArgs', () => {
  it('defaults to port 7800 and no data dir', () => {
    expect(parseDesktopArgs([])).toEqual({ port: DESKTOP_DEFAULT_PORT });
    expect(DESKTOP_DEFAULT_PORT).toBe(7800);
  });

  it('reads --data-dir, --port and --log-level in both forms, ignoring Electron and Chromium switches', () => {
    expect(parseDesktopArgs(['/opt/app', '--no-sandbox', '--data-dir', '/tmp/cr', '--port=7900', '--ozone-platform=wayland', '--log-level', 'debug'])).toEqual({
      dataDir: '/tmp/cr',
      port: 7900,
      logLevel: 'debug',
    });
    expect(parseDesktopArgs(['--data-dir=/x y'])).toMatchObject({ dataDir: '/x y' });
  });

  it('names the flag when a value is wrong', () => {
    expect(() => parseDesktopArgs(['--port', 'abc'])).toThrow(DesktopArgsError);
    expect(() => parseDesktopArgs(['--port', '70000'])).toThrow(/--port/);
    expect(() => parseDesktopArgs(['--data-dir'])).toThrow(/--data-dir needs a value/);
    expect(() => parseDesktopArgs(['--data-dir', '--port', '1'])).toThrow(/--data-dir needs a value/);
    expect(() => parseDesktopArgs(['--data-dir='])).toThrow(/--data-dir/);
    expect(() => parseDesktopArgs(['--log-level', 'loud'])).toThrow(/--log-level/);
  });
});

describe('resolveAppPaths', () => {
  const mainDir = path.resolve('/opt/cr/dist/main');

  it('finds the preload, renderer and icons next to the bundle in a checkout', () => {
    const p = resolveAppPaths(mainDir, false, undefined);
    expect(p.preload).toBe(path.resolve('/opt/cr/dist/preload/preload.cjs'));
    expect(p.rendererIndex).toBe(path.resolve('/opt/cr/dist/renderer/index.html'));
    expect(p.trayIcon).toBe(path.resolve('/opt/cr/resources/tray.png'));
    expect(p.windowIcon).toBe(path.resolve('/opt/cr/resources/icon.png'));
  });

  it('takes the icons from process.resourcesPath when packaged', () => {
    const p = resolveAppPaths(path.resolve('/opt/Control Room/resources/app.asar/dist/main'), true, path.resolve('/opt/Control Room/resources'));
    expect(p.trayIcon).toBe(path.resolve('/opt/Control Room/resources/tray.png'));
    expect(p.preload).toBe(path.resolve('/opt/Control Room/resources/app.asar/dist/preload/preload.cjs'));
  });
});

describe('tray status line', () => {
  it('shows the state and the number of child processes', () => {
    expect(formatStatusLine({ state: 'running', childProcesses: 2, message: 'running · 2 processes' })).toBe('Engine: running · 2 processes');
    expect(formatStatusLine({ state: 'running', childProcesses: 1 })).toBe('Engine: running · 1 process');
    expect(formatStatusLine({ state: 'running', childProcesses: 0 })).toBe('Engine: running · 0 processes');
    expect(formatStatusLine({ state: 'stopping', childProcesses: 3 })).toBe('Engine: stopping');
    expect(formatTooltip('Control Room', { state: 'stopped', childProcesses: 0 })).toBe('Control Room — Engine: stopped');
  });
});
