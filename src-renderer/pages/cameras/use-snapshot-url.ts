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

/** Whose latest frame: a camera (by id) or a published RTMP stream (by name). */
export type SnapshotSource = { kind: 'camera'; id: string } | { kind: 'rtmp'; name: string };

/** A camera's snapshot address; see `useSourceSnapshotUrl`. */
export function useSnapshotUrl(cameraId: string, options: SnapshotUrlOptions): SnapshotUrl {
  return useSourceSnapshotUrl({ kind: 'camera', id: cameraId }, options);
}

/**
 * A camera's (or RTMP stream's) snapshot address for an <img>, made again whenever `refreshKey` changes. The ticket
 * (valid an hour) is reused until it nears its end; the cache-buster makes the browser fetch the
 * engine's newest JPEG instead of the one it has.
 */
export function useSourceSnapshotUrl(source: SnapshotSource, { width, enabled, refreshKey }: SnapshotUrlOptions): SnapshotUrl {
  const sourceKind = source.kind;
  const sourceId = source.kind === 'camera' ? source.id : source.name;
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
    const key = `${sourceKind}:${sourceId}|${width ?? ''}`;
    const cached = ticket.current;
    const path =
      cached && cached.key === key && ticketUsable(cached.expiresAt)
        ? Promise.resolve(cached.path)
        : (sourceKind === 'camera'
            ? client.call('cameras.snapshot', width === undefined ? { id: sourceId } : { id: sourceId, width })
            : client.call('rtmp.snapshot', width === undefined ? { name: sourceId } : { name: sourceId, width })
          ).then((answer) => {
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
  }, [client, baseUrl, sourceKind, sourceId, width, enabled, refreshKey]);

  return enabled ? state : { url: null, problem: null, madeAt: null };
}
