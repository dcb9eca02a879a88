/**
 * Where the desktop shell finds its parts, relative to the bundled main script (dist/main/):
 * dist/preload/preload.cjs, dist/renderer/index.html, and the icons — in resources/ next to
 * dist/ when run from the project, in process.resourcesPath (extraResources) when packaged.
 */
import path from 'node:path';

export interface AppPaths {
  preload: string;
  rendererDir: string;
  rendererIndex: string;
  resourcesDir: string;
  trayIcon: string;
  windowIcon: string;
}

export function resolveAppPaths(mainDir: string, isPackaged: boolean, resourcesPath: string | undefined): AppPaths {
  const distDir = path.resolve(mainDir, '..');
  const rendererDir = path.join(distDir, 'renderer');
  const resourcesDir = isPackaged && resourcesPath ? resourcesPath : path.resolve(distDir, '..', 'resources');
  return {
    preload: path.join(distDir, 'preload', 'preload.cjs'),
    rendererDir,
    rendererIndex: path.join(rendererDir, 'index.html'),
    resourcesDir,
    trayIcon: path.join(resourcesDir, 'tray.png'),
    windowIcon: path.join(resourcesDir, 'icon.png'),
  };
}
