/**
 * The tray icon: show/hide the window, the engine's status, open the web UI, quit.
 * Linux tray hosts (AppIndicator / StatusNotifier) only pick up a menu when it is set again,
 * so the menu is rebuilt on every change rather than mutated.
 */
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import type { Engine, EngineStatus } from '../app/engine';
import type { Logger } from '../logging/logger';
import { formatStatusLine, formatTooltip } from './tray-status';

export interface AppTrayOptions {
  iconPath: string;
  productName: string;
  engine: Engine;
  isWindowVisible(): boolean;
  showWindow(): void;
  hideWindow(): void;
  openInBrowser(): void;
  /** Asks for confirmation, then quits. */
  requestQuit(): void;
  logger: Logger;
}

export interface AppTray {
  /** Rebuilds the menu (after the window was shown or hidden). */
  refresh(): void;
  dispose(): void;
}

export function createAppTray(options: AppTrayOptions): AppTray {
  const { engine, logger } = options;
  const image = nativeImage.createFromPath(options.iconPath);
  if (image.isEmpty()) logger.warn('Tray icon missing or unreadable', { path: options.iconPath });
  const tray = new Tray(image);
  let status: EngineStatus = engine.status();
  let disposed = false;

  const toggle = () => (options.isWindowVisible() ? options.hideWindow() : options.showWindow());

  const render = () => {
    if (disposed) return;
    const template: MenuItemConstructorOptions[] = [
      { label: options.isWindowVisible() ? 'Hide Window' : 'Show Window', click: toggle },
      { type: 'separator' },
      { label: formatStatusLine(status), enabled: false },
      { label: 'Open in Browser', enabled: status.state === 'running', click: () => options.openInBrowser() },
      { type: 'separator' },
      { label: 'Quit…', click: () => options.requestQuit() },
    ];
    tray.setContextMenu(Menu.buildFromTemplate(template));
    tray.setToolTip(formatTooltip(options.productName, status));
  };

  const onStatus = (next: EngineStatus) => {
    status = next;
    render();
  };
  engine.on('status', onStatus);
  // Windows and most Linux hosts report a click; AppIndicator only opens the menu.
  tray.on('click', toggle);
  render();

  return {
    refresh: render,
    dispose() {
      if (disposed) return;
      disposed = true;
      engine.off('status', onStatus);
      tray.destroy();
    },
  };
}
