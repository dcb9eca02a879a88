/**
 * Finds Electron's binary the way node_modules/electron/index.js does, but without requiring
 * the package: its index.js starts a download when the binary is missing, which cannot work on
 * our machines. Pure (filesystem reads only), for unit tests.
 */
import fs from 'node:fs';
import path from 'node:path';

export type ElectronBinary = { path: string } | { missing: string };

const NOT_DOWNLOADED = 'it is downloaded on first run and could not be here';

/** What path.txt would say on this platform, for ELECTRON_OVERRIDE_DIST_PATH without path.txt. */
export function defaultExecutableName(platform: NodeJS.Platform): string {
  switch (platform) {
    case 'win32':
      return 'electron.exe';
    case 'darwin':
      return 'Electron.app/Contents/MacOS/Electron';
    default:
      return 'electron';
  }
}

function label(pkgDir: string, ...parts: string[]): string {
  const base = path.basename(path.dirname(pkgDir)) === 'node_modules' ? 'node_modules/electron' : pkgDir;
  return [base, ...parts].join('/');
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * `pkgDir` is node_modules/electron. Honours ELECTRON_OVERRIDE_DIST_PATH (a directory holding
 * the executable) like the package does.
 */
export function findElectronBinary(
  pkgDir: string,
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
): ElectronBinary {
  let executable: string | null = null;
  try {
    executable = fs.readFileSync(path.join(pkgDir, 'path.txt'), 'utf8').trim() || null;
  } catch {
    executable = null;
  }

  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const candidate = path.join(override, executable ?? defaultExecutableName(platform));
    if (isFile(candidate)) return { path: candidate };
    return { missing: `Electron's binary is not at ELECTRON_OVERRIDE_DIST_PATH (${candidate} missing)` };
  }

  if (executable === null) {
    return { missing: `Electron's binary is not installed (${label(pkgDir, 'dist')} missing; ${NOT_DOWNLOADED})` };
  }
  const candidate = path.join(pkgDir, 'dist', executable);
  if (isFile(candidate)) return { path: candidate };
  return { missing: `Electron's binary is not installed (${label(pkgDir, 'dist', executable)} missing; ${NOT_DOWNLOADED})` };
}

/**
 * Why a desktop window cannot open even with the binary present: on Linux and the BSDs, no
 * X11 or Wayland display. Null when one may.
 */
export function noDisplayReason(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string | null {
  if (platform === 'win32' || platform === 'darwin') return null;
  if (env.DISPLAY || env.WAYLAND_DISPLAY) return null;
  return 'No display to open a window on ($DISPLAY and $WAYLAND_DISPLAY are unset)';
}
