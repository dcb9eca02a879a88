import { useEffect, useState } from 'react';
import { errorMessage } from '../../api/api-client-error';
import { useApiClient } from '../../hooks/api-context';
import { useMediaBase } from '../../hooks/media-base-context';
import { useIsConnected } from '../../hooks/use-connection-state';
import { httpMediaUrl, withCacheBuster } from '../../media/media-url';

export interface SceneStill {
  /** An address of a JPEG that has finished loading (no flicker between refreshes), or null. */
  url: string | null;
  problem: string | null;
  /** When the shown JPEG was asked for (ms since epoch). */
  at: number | null;
}

/** How often a monitor asks for a new still of its scene. */
export const STILL_REFRESH_MS = 1_000;

/**
 * A still of a scene as it looks now (`compositor.scenes.preview`), asked for again every
 * second while `enabled`. The next JPEG is loaded off screen and shown only once it decoded, so
 * the monitor never blanks between refreshes.
 */
export function useSceneStill(sceneId: string | null, width: number, enabled: boolean): SceneStill {
  const client = useApiClient();
  const baseUrl = useMediaBase().url;
  const connected = useIsConnected();
  const [state, setState] = useState<SceneStill>({ url: null, problem: null, at: null });

  useEffect(() => {
    setState({ url: null, problem: null, at: null });
    if (!sceneId || !enabled || !connected) return;
    if (!baseUrl) {
      setState({ url: null, problem: 'The engine did not say where it serves media.', at: null });
      return;
    }
    let current = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const next = () => {
      if (current) timer = setTimeout(refresh, STILL_REFRESH_MS);
    };
    const refresh = async () => {
      const askedAt = Date.now();
      try {
        const { path } = await client.call('compositor.scenes.preview', { sceneId, width });
        const url = withCacheBuster(httpMediaUrl(baseUrl, path), askedAt);
        const image = new Image();
        image.src = url;
        await image.decode();
        if (current) setState({ url, problem: null, at: askedAt });
      } catch (error) {
        if (current) setState((s) => ({ ...s, problem: error instanceof Error && error.name === 'EncodingError' ? 'The engine sent no picture.' : errorMessage(error) }));
      }
      next();
    };
    void refresh();
    return () => {
      current = false;
      if (timer) clearTimeout(timer);
    };
  }, [client, baseUrl, connected, sceneId, width, enabled]);

  return state;
}
