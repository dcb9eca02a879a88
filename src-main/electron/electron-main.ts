/**
 * The desktop shell's entry (bundled to dist/main/electron-main.js, ESM, `electron` external).
 * One instance per user: a second launch focuses the first window and exits. The engine runs
 * in this process; the window talks to it over the IPC bridge. Closing the window hides it to
 * the tray; quitting asks first, then closes the engine before the app exits.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, ipcMain, session, shell, type BrowserWindow, type MessageBoxOptions } from 'electron';
import { createEngine, PRODUCT_NAME, type Engine } from '../app/engine';
import { defaultDataDir } from '../app/data-dir';
import { SHUTDOWN_DEADLINE_MS } from '../app/serve';
import { LogManager, type Logger } from '../logging/logger';
import { resolveAppPaths } from './app-paths';
import { installAppMenu } from './app-menu';
import { DESKTOP_HOST, parseDesktopArgs, type DesktopArgs } from './desktop-args';
import { createIpcBridge, type IpcBridge } from './ipc-bridge';
import { QuitController } from './quit-controller';
import { createAppTray, type AppTray } from './tray';
import { createMainWindow, installAppSecurity, revealWindow } from './window';
import { createAppUrlMatcher } from './window-security';

const APP_ID = 'io.controlroom.app';

const paths = resolveAppPaths(path.dirname(fileURLToPath(import.meta.url)), app.isPackaged, process.resourcesPath);
const isAppUrl = createAppUrlMatcher(paths.rendererIndex);
/** Until the engine (and its log file) exists, the shell logs to the console. */
const shellLogs = new LogManager({ level: 'info' });

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function main(): void {
  if (!app.requestSingleInstanceLock()) {
    // The first instance gets 'second-instance' and shows its window.
    app.quit();
    return;
  }

  let args: DesktopArgs;
  try {
    args = parseDesktopArgs(process.argv.slice(1));
  } catch (err) {
    dialog.showErrorBox(`${PRODUCT_NAME}: invalid arguments`, errorMessage(err));
    app.exit(2);
    return;
  }
  const dataDir = args.dataDir ?? defaultDataDir();
  app.setAppUserModelId(APP_ID);

  let log: Logger = shellLogs.get('desktop');
  let engine: Engine | null = null;
  let win: BrowserWindow | null = null;
  let tray: AppTray | null = null;
  let bridge: IpcBridge | null = null;

  // Started before `ready`: it needs no window, and the window can open sooner.
  const enginePromise = createEngine({
    dataDir,
    shell: 'desktop',
    host: DESKTOP_HOST,
    port: args.port,
    logLevel: args.logLevel,
    rendererDir: paths.rendererDir,
    electronVersion: process.versions.electron,
  });
  enginePromise.catch(() => undefined); // handled below, after `ready`

  const confirmQuit = async (): Promise<boolean> => {
    const children = engine?.status().childProcesses ?? 0;
    const options: MessageBoxOptions = {
      type: 'question',
      buttons: ['Quit', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      noLink: true,
      title: `Quit ${PRODUCT_NAME}`,
      message: `Quit ${PRODUCT_NAME}?`,
      detail:
        'The engine stops: previews, outputs, recordings and links to remote nodes end.' +
        (children > 0 ? ` ${children} media process${children === 1 ? '' : 'es'} will be stopped.` : ''),
    };
    const parent = win && !win.isDestroyed() && win.isVisible() ? win : null;
    const { response } = parent ? await dialog.showMessageBox(parent, options) : await dialog.showMessageBox(options);
    return response === 0;
  };

  const quit = new QuitController({
    confirm: confirmQuit,
    quit: () => app.quit(),
    exit: (code) => app.exit(code),
    shutdownTimeoutMs: SHUTDOWN_DEADLINE_MS + 2_000,
    logger: log,
    async shutdown() {
      tray?.dispose();
      tray = null;
      bridge?.dispose();
      bridge = null;
      const running = await enginePromise.catch(() => null);
      await running?.close();
      shellLogs.close();
    },
  });
  const requestQuit = () => void quit.requestQuit();

  app.on('before-quit', (event) => quit.onBeforeQuit(event));
  app.on('second-instance', () => revealWindow(win));
  app.on('activate', () => revealWindow(win));
  // The app lives in the tray: no window is not a reason to quit.
  app.on('window-all-closed', () => undefined);

  void app.whenReady().then(async () => {
    installAppSecurity(app, session.defaultSession, isAppUrl, log.child('security'));

    try {
      engine = await enginePromise;
    } catch (err) {
      log.error('Engine failed to start', { error: errorMessage(err) });
      dialog.showErrorBox(`${PRODUCT_NAME} could not start`, errorMessage(err));
      shellLogs.close();
      app.exit(1);
      return;
    }
    if (quit.quitting) return; // a quit (e.g. SIGTERM) arrived while the engine was starting
    const running = engine;
    log = running.logger.child('desktop');
    log.info('Desktop shell starting', { electron: process.versions.electron, url: running.url });

    const openInBrowser = () => {
      // The address only: the browser UI asks for the token itself.
      void shell.openExternal(running.url).catch((err: unknown) => log.warn('Could not open the browser', { error: errorMessage(err) }));
    };
    const hideWindow = () => win?.hide();
    const showWindow = () => revealWindow(win);

    bridge = createIpcBridge({ ipcMain, api: running.api, isTrustedSender: isAppUrl, logger: running.logger.child('ipc') });

    const window = createMainWindow({
      preloadPath: paths.preload,
      rendererIndexPath: paths.rendererIndex,
      iconPath: paths.windowIcon,
      logger: log.child('window'),
    });
    win = window;
    window.on('close', (event) => {
      if (quit.quitting) return;
      event.preventDefault(); // close to tray
      window.hide();
    });
    window.on('show', () => tray?.refresh());
    window.on('hide', () => tray?.refresh());
    window.on('closed', () => {
      win = null;
    });

    tray = createAppTray({
      iconPath: paths.trayIcon,
      productName: PRODUCT_NAME,
      engine: running,
      isWindowVisible: () => Boolean(win && !win.isDestroyed() && win.isVisible()),
      showWindow,
      hideWindow,
      openInBrowser,
      requestQuit,
      logger: log.child('tray'),
    });
    installAppMenu({ isPackaged: app.isPackaged, openInBrowser, hideWindow, requestQuit });
  });
}

main();
