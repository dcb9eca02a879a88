/** The application menu. "Quit…" goes through the confirmation like the tray's. */
import { Menu, type MenuItemConstructorOptions } from 'electron';

export interface AppMenuOptions {
  isPackaged: boolean;
  openInBrowser(): void;
  hideWindow(): void;
  requestQuit(): void;
}

export function installAppMenu(options: AppMenuOptions): void {
  const view: MenuItemConstructorOptions[] = [
    ...(options.isPackaged ? [] : ([{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as MenuItemConstructorOptions[])),
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  const template: MenuItemConstructorOptions[] = [
    {
      label: '&File',
      submenu: [
        { label: 'Open in Browser', click: () => options.openInBrowser() },
        { type: 'separator' },
        { label: 'Hide to Tray', click: () => options.hideWindow() },
        { label: 'Quit…', accelerator: 'CmdOrCtrl+Q', click: () => options.requestQuit() },
      ],
    },
    { role: 'editMenu' },
    { label: '&View', submenu: view },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
