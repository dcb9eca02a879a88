import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { mediaBaseUrl } from '../media/media-url';
import { useProcedure } from './use-procedure';

export interface MediaBase {
  /** http(s)://host:port of the engine's media, or null when it cannot be known. */
  url: string | null;
  /** Still waiting for `system.info` (desktop only). */
  loading: boolean;
}

const MediaBaseContext = createContext<MediaBase | null>(null);

/**
 * Where every preview in the UI fetches its media: this page's origin in a browser,
 * `system.info`'s listenUrl in the desktop window (a file:// page). Asked once for the app.
 */
export function MediaBaseProvider({ children }: { children: ReactNode }) {
  const info = useProcedure('system.info', {});
  const url = mediaBaseUrl(window.location, 'controlRoom' in window, info.data?.listenUrl);
  const loading = url === null && info.data === undefined && info.error === undefined;
  const value = useMemo(() => ({ url, loading }), [url, loading]);
  return <MediaBaseContext.Provider value={value}>{children}</MediaBaseContext.Provider>;
}

export function useMediaBase(): MediaBase {
  const base = useContext(MediaBaseContext);
  if (!base) throw new Error('useMediaBase needs a <MediaBaseProvider> above it');
  return base;
}
