import { ApiError } from '../api/errors';

/**
 * Restream destination URLs: `rtmp://` or `rtmps://`, a host, an application path and a
 * stream key. The key (the last path segment, or given apart) and any user:password in the URL
 * are secrets: they are split off here, stored apart, and only ever shown as `••••`.
 */
export const DESTINATION_SCHEMES = ['rtmp:', 'rtmps:'] as const;
export const MAX_DESTINATION_URL_LENGTH = 1024;
export const MAX_KEY_LENGTH = 256;
/** How a key is shown: never in clear. */
export const KEY_MASK = '••••';

/** Characters a shell or a config file would treat specially: never part of a destination. */
const SHELL_CHARACTERS = /[\s"'`$;|<>\\(){}[\]*!^#,]/;
/** A stream key: letters, digits and `. _ ~ = + - ? & %` (platforms put query-like parts in keys). */
const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._~=+\-?&%]*$/;
const PATH_SEGMENT = /^[A-Za-z0-9._~=+\-%]+$/;
const HOST_PATTERN = /^[A-Za-z0-9.-]+$/;

export interface DestinationSecret {
  /** The stream key; '' when the URL has none. */
  key: string;
  /** `user:password` from the URL, if any. */
  userinfo: string;
}

export interface ParsedDestination {
  /** The URL without credentials and without the key: safe to store and show. */
  baseUrl: string;
  secret: DestinationSecret;
}

function invalid(field: string, message: string): ApiError {
  return new ApiError('invalid_input', `${field}: ${message}`);
}

/** Checks a stream key; throws naming `field`. */
export function validateKey(key: string, field = 'key'): string {
  if (key.length === 0) throw invalid(field, 'must not be empty');
  if (key.length > MAX_KEY_LENGTH) throw invalid(field, `must be at most ${MAX_KEY_LENGTH} characters`);
  if (!KEY_PATTERN.test(key) || key.includes('..')) {
    throw invalid(field, 'may contain only letters, digits and . _ ~ = + - ? & % (and must start with a letter or digit)');
  }
  return key;
}

/**
 * Splits a destination into what is stored in clear and the secret. With `key` given, the whole
 * path of `url` is the application; otherwise a path of two or more segments ends with the key.
 */
export function parseDestination(url: string, key?: string): ParsedDestination {
  if (url.length > MAX_DESTINATION_URL_LENGTH) throw invalid('url', `must be at most ${MAX_DESTINATION_URL_LENGTH} characters`);
  if (SHELL_CHARACTERS.test(url)) throw invalid('url', 'must not contain spaces, quotes or shell characters');
  // URL() would resolve `..` away: a path that tries to climb is refused as written.
  if (/\/\.{1,2}(\/|$|\?)/.test(url)) throw invalid('url', 'must not contain . or .. path segments');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid('url', 'is not a valid URL (expected rtmp://host/app/key or rtmps://…)');
  }
  if (!(DESTINATION_SCHEMES as readonly string[]).includes(parsed.protocol)) {
    throw invalid('url', `scheme ${parsed.protocol.replace(/:$/, '')} is not supported (use rtmp or rtmps)`);
  }
  if (!parsed.hostname || !HOST_PATTERN.test(parsed.hostname)) throw invalid('url', 'must name a host');
  if (parsed.search || parsed.hash) {
    if (key !== undefined) throw invalid('url', 'must not have a query when the key is given apart');
  }
  const userinfo = parsed.username ? `${parsed.username}${parsed.password ? `:${parsed.password}` : ''}` : '';
  const rawPath = parsed.pathname.replace(/^\/+/, '').replace(/\/+$/, '');
  const segments = rawPath === '' ? [] : rawPath.split('/');
  for (const segment of segments) {
    if (segment === '.' || segment === '..' || !PATH_SEGMENT.test(segment)) throw invalid('url', `path segment "${segment}" has characters that are not allowed`);
  }
  if (segments.length === 0) throw invalid('url', 'must name an application, e.g. rtmp://host/live');
  let secretKey: string;
  if (key !== undefined) {
    secretKey = validateKey(key, 'key');
  } else if (segments.length >= 2) {
    secretKey = validateKey(segments.pop()! + parsed.search, 'url');
  } else {
    if (parsed.search) throw invalid('url', 'a query needs a stream key before it');
    secretKey = '';
  }
  const port = parsed.port ? `:${parsed.port}` : '';
  const baseUrl = `${parsed.protocol}//${parsed.hostname.toLowerCase()}${port}/${segments.join('/')}`;
  return { baseUrl, secret: { key: secretKey, userinfo } };
}

/** The URL FFmpeg publishes to: credentials and key put back. Never logged, never returned. */
export function publishUrl(baseUrl: string, secret: DestinationSecret): string {
  const withUser = secret.userinfo ? baseUrl.replace(/^(rtmps?:\/\/)/, `$1${secret.userinfo}@`) : baseUrl;
  return secret.key ? `${withUser}/${secret.key}` : withUser;
}

/** What the operator sees: `rtmp://a.rtmp.youtube.com/live2/••••` (and `••••@` for credentials). */
export function redactedUrl(baseUrl: string, secret: DestinationSecret): string {
  const withUser = secret.userinfo ? baseUrl.replace(/^(rtmps?:\/\/)/, `$1${KEY_MASK}@`) : baseUrl;
  return secret.key ? `${withUser}/${KEY_MASK}` : withUser;
}
