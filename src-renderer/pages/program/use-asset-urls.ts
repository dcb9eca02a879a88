import { useEffect, useRef, useState } from 'react';
import type { AssetView } from '../../../src-main/compositor/compositor-schema';
import { useApiClient } from '../../hooks/api-context';
import { useMediaBase } from '../../hooks/media-base-context';
import { httpMediaUrl, ticketUsable } from '../../media/media-url';

/**
 * The address of every uploaded image (`compositor.assets.url`), asked for once per asset and
 * again only when its ticket (valid an hour) nears its end. Keyed by asset id.
 */
export function useAssetUrls(assets: readonly AssetView[] | undefined): ReadonlyMap<string, string> {
  const client = useApiClient();
  const baseUrl = useMediaBase().url;
  const tickets = useRef(new Map<string, { url: string; expiresAt: string }>());
  const [urls, setUrls] = useState<ReadonlyMap<string, string>>(new Map());
  const ids = (assets ?? []).map((a) => a.id).join(',');

  useEffect(() => {
    if (!baseUrl) return;
    let current = true;
    const wanted = ids ? ids.split(',') : [];
    const publish = () => {
      if (!current) return;
      const next = new Map<string, string>();
      for (const id of wanted) {
        const ticket = tickets.current.get(id);
        if (ticket) next.set(id, ticket.url);
      }
      setUrls(next);
    };
    const renew = () => {
      const stale = wanted.filter((id) => {
        const ticket = tickets.current.get(id);
        return !ticket || !ticketUsable(ticket.expiresAt);
      });
      if (stale.length === 0) return publish();
      void Promise.allSettled(
        stale.map(async (id) => {
          const { path, expiresAt } = await client.call('compositor.assets.url', { id });
          tickets.current.set(id, { url: httpMediaUrl(baseUrl, path), expiresAt });
        }),
      ).then(publish);
    };
    renew();
    const timer = setInterval(renew, 60_000);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [client, baseUrl, ids]);

  return urls;
}
