import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../api/api-client-error';
import { useApiClient } from '../../hooks/api-context';
import { useMediaBase } from '../../hooks/media-base-context';
import { httpMediaUrl, ticketUsable, withCacheBuster } from '../../media/media-url';

export interface SnapshotUrl {
  /** The full address of the newest JPEG (with a cache-buster), or null before one was made. */
  url: string | null;
  /** Why there is no address: the engine refused, or it did not say where it serves media. */
  problem: string | null;
  /** When the address was made (ms since epoch): the JPEG is at most a few seconds older. */
  madeAt: number | null;
}

interface SnapshotUrlOptions {
  /** Pixels wide (the frame's own width when absent). */
  width?: number;
  /** Nothing is asked for while false. */
  enabled: boolean;
  /** A new address (so a fresh JPEG) every time this changes. */
  refreshKey: string | number;
}

/**
 * A camera's snapshot address for an <img>, made again whenever `refreshKey` changes. The ticket
 * (valid an hour) is reused until it nears its end; the cache-buster makes the browser fetch the
 * engine's newest JPEG instead of the one it has.
 */
export function useSnapshotUrl(cameraId: string, { width, enabled, refreshKey }: SnapshotUrlOptions): SnapshotUrl {
  const client = useApiClient();
  const baseUrl = useMediaBase().url;
  const ticket = useRef<{ key: string; path: string; expiresAt: string } | null>(null);
  const [state, setState] = useState<SnapshotUrl>({ url: null, problem: null, madeAt: null });

  useEffect(() => {
    if (!enabled) return;
    if (!baseUrl) {
      setState({ url: null, problem: 'The engine did not say where it serves media.', madeAt: null });
      return;
    }
    let current = true;
    const key = `${cameraId}|${width ?? ''}`;
    const cached = ticket.current;
    const path =
      cached && cached.key === key && ticketUsable(cached.expiresAt)
        ? Promise.resolve(cached.path)
        : client.call('cameras.snapshot', width === undefined ? { id: cameraId } : { id: cameraId, width }).then((answer) => {
            ticket.current = { key, path: answer.path, expiresAt: answer.expiresAt };
            return answer.path;
          });
    path.then(
      (p) => {
        if (!current) return;
        const now = Date.now();
        setState({ url: withCacheBuster(httpMediaUrl(baseUrl, p), now), problem: null, madeAt: now });
      },
      (error: unknown) => current && setState({ url: null, problem: `No snapshot address: ${errorMessage(error)}`, madeAt: null }),
    );
    return () => {
      current = false;
    };
  }, [client, baseUrl, cameraId, width, enabled, refreshKey]);

  return enabled ? state : { url: null, problem: null, madeAt: null };
}
