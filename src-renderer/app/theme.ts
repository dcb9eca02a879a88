import { useEffect } from 'react';
import type { Settings } from '../../src-main/api/contract';
import { useSettings } from '../hooks/settings-context';

export type Theme = Settings['ui']['theme'];

const STORAGE_KEY = 'control-room.theme';

/** Applies a theme to the page; `styles.css` keys its colours on `html[data-theme]`. */
export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
}

/** The theme last used on this machine, so the first paint does not flash before settings load. */
export function applyRememberedTheme(): void {
  try {
    const remembered = localStorage.getItem(STORAGE_KEY);
    if (remembered === 'dark' || remembered === 'light') applyTheme(remembered);
  } catch {
    // Storage disabled: the default theme stays until settings arrive.
  }
}

/** Follows the `ui.theme` setting live. */
export function useThemeFromSettings(): void {
  const theme = useSettings().data?.ui.theme;
  useEffect(() => {
    if (!theme) return;
    applyTheme(theme);
    try {
      localStorage.setItem(STORAGE_KEY, theme);
    } catch {
      // Only a first-paint nicety.
    }
  }, [theme]);
}
