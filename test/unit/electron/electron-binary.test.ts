/** Finding Electron's binary without requiring the electron package (real temp directories). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultExecutableName, findElectronBinary, noDisplayReason } from '../../../src-main/electron/electron-binary';

let root: string;
let pkgDir: string;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-electron-'));
  pkgDir = path.join(root, 'node_modules', 'electron');
  fs.mkdirSync(pkgDir, { recursive: true });
  fs.writeFileSync(path.join(pkgDir, 'package.json'), '{"name":"electron"}');
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

function install(executable: string): string {
  fs.writeFileSync(path.join(pkgDir, 'path.txt'), executable);
  const binary = path.join(pkgDir, 'dist', executable);
  fs.mkdirSync(path.dirname(binary), { recursive: true });
  fs.writeFileSync(binary, '#!/bin/sh\n', { mode: 0o755 });
  return binary;
}

describe('findElectronBinary', () => {
  it('reports missing when path.txt is missing (the binary was never downloaded)', () => {
    const found = findElectronBinary(pkgDir, {});
    expect(found).toEqual({
      missing: "Electron's binary is not installed (node_modules/electron/dist missing; it is downloaded on first run and could not be here)",
    });
  });

  it('reports missing when path.txt names a binary that is not in dist/', () => {
    fs.writeFileSync(path.join(pkgDir, 'path.txt'), 'electron');
    const found = findElectronBinary(pkgDir, {});
    expect(found).toHaveProperty('missing');
    expect('missing' in found && found.missing).toContain('node_modules/electron/dist/electron missing');
  });

  it('returns the path when the binary is installed', () => {
    const binary = install('electron');
    expect(findElectronBinary(pkgDir, {})).toEqual({ path: binary });
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH, with or without path.txt', () => {
    const custom = path.join(root, 'custom-electron');
    fs.mkdirSync(custom);
    const name = defaultExecutableName(process.platform);
    fs.mkdirSync(path.dirname(path.join(custom, name)), { recursive: true });
    fs.writeFileSync(path.join(custom, name), '');
    expect(findElectronBinary(pkgDir, { ELECTRON_OVERRIDE_DIST_PATH: custom })).toEqual({ path: path.join(custom, name) });

    install('electron'); // the override wins over dist/
    fs.writeFileSync(path.join(custom, 'electron'), '');
    expect(findElectronBinary(pkgDir, { ELECTRON_OVERRIDE_DIST_PATH: custom })).toEqual({ path: path.join(custom, 'electron') });

    const missing = findElectronBinary(pkgDir, { ELECTRON_OVERRIDE_DIST_PATH: path.join(root, 'nowhere') });
    expect(missing).toHaveProperty('missing');
    expect('missing' in missing && missing.missing).toContain('ELECTRON_OVERRIDE_DIST_PATH');
  });

  it('knows the executable name per platform', () => {
    expect(defaultExecutableName('linux')).toBe('electron');
    expect(defaultExecutableName('win32')).toBe('electron.exe');
  });

  it('says so when the real node_modules/electron has no binary (as on this machine)', () => {
    const real = path.resolve(import.meta.dirname, '../../../node_modules/electron');
    const found = findElectronBinary(real, {});
    if (fs.existsSync(path.join(real, 'path.txt'))) expect(found).toHaveProperty('path');
    else expect(found).toHaveProperty('missing');
  });
});

describe('noDisplayReason', () => {
  it('needs X11 or Wayland on Linux, nothing elsewhere', () => {
    expect(noDisplayReason({}, 'linux')).toContain('$DISPLAY');
    expect(noDisplayReason({ DISPLAY: ':99' }, 'linux')).toBeNull();
    expect(noDisplayReason({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux')).toBeNull();
    expect(noDisplayReason({}, 'win32')).toBeNull();
  });
});
