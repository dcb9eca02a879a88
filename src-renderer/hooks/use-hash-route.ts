import { useSyncExternalStore } from 'react';
import { DEFAULT_ROUTE, findRoute, type RouteId } from '../app/routes';

/** Hash routing (`#/settings`): works from file:// under Electron and over HTTP alike. */
export function useHashRoute(): RouteId {
  const hash = useSyncExternalStore(subscribeToHash, () => window.location.hash);
  return findRoute(hash.replace(/^#\/?/, ''))?.id ?? DEFAULT_ROUTE;
}

export function hrefFor(route: RouteId): string {
  return `#/${route}`;
}

function subscribeToHash(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}
