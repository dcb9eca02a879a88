/**
 * The engine's access token in the browser: taken once from the URL fragment `#token=…` (the
 * link `npm run serve` prints), then kept in localStorage so reloads and bookmarks work.
 */
const STORAGE_KEY = 'control-room.access-token';
const FRAGMENT_PREFIX = '#token=';

/** Reads `#token=…` and removes it from the address bar so it does not linger in history. */
export function takeTokenFromUrl(location: Location, history: History): string | null {
  if (!location.hash.startsWith(FRAGMENT_PREFIX)) return null;
  const raw = location.hash.slice(FRAGMENT_PREFIX.length).split('&')[0] ?? '';
  history.replaceState(history.state, '', `${location.pathname}${location.search}`);
  const token = safeDecode(raw).trim();
  return token === '' ? null : token;
}

export const tokenStorage = {
  load(): string | null {
    try {
      return localStorage.getItem(STORAGE_KEY);
    } catch {
      return null;
    }
  },
  save(token: string): void {
    try {
      localStorage.setItem(STORAGE_KEY, token);
    } catch {
      // Storage can be disabled; the token then lasts for this page only.
    }
  },
  clear(): void {
    try {
      localStorage.removeItem(STORAGE_KEY);
    } catch {
      // Nothing stored.
    }
  },
};

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
