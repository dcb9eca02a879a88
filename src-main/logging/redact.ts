/**
 * Secrets never reach a log line or an API response in clear. These helpers are the one place
 * that knows what a secret looks like.
 */
const SECRET_KEY = /pass(word)?|secret|token|authorization|credential|streamkey|^key$/i;
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/@]+)@/gi;
const BEARER = /\b(Bearer\s+)[A-Za-z0-9._~+/=-]+/g;
const QUERY_SECRET = /([?&](?:token|key|pass(?:word)?|secret|sign)=)[^&\s]+/gi;

export const REDACTED = '***';

/** Secrets with no recognisable shape (a stream key as a URL's last path segment): redacted wherever they appear. */
const knownSecrets = new Set<string>();
/** Shorter strings would redact ordinary words. */
const MIN_KNOWN_SECRET_LENGTH = 4;

export function registerSecret(secret: string): void {
  if (secret.length >= MIN_KNOWN_SECRET_LENGTH) knownSecrets.add(secret);
}

export function forgetSecret(secret: string): void {
  knownSecrets.delete(secret);
}

/** `rtsp://user:pass@host/x?token=abc` → `rtsp://***@host/x?token=***`. */
export function redactText(text: string): string {
  for (const secret of knownSecrets) if (text.includes(secret)) text = text.split(secret).join(REDACTED);
  return text
    .replace(URL_USERINFO, `$1${REDACTED}@`)
    .replace(BEARER, `$1${REDACTED}`)
    .replace(QUERY_SECRET, `$1${REDACTED}`);
}

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** A copy of a log context with secret-looking keys masked and strings scrubbed. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (depth > 5) return '[…]';
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  if (value instanceof Error) return { name: value.name, message: redactText(value.message) };
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = isSecretKey(k) && v != null && v !== '' ? REDACTED : redactValue(v, depth + 1);
    }
    return out;
  }
  return value;
}
