import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { ApiError } from '../api/errors';
import { CAMERA_URL_SCHEMES, TEST_PATTERNS, type StoredCredentials } from './camera-schema';

export interface CheckedUrl {
  /** The URL without credentials, as stored and shown. */
  url: string;
  /** Credentials that were embedded in the URL, moved out of it. */
  credentials: StoredCredentials | null;
}

/**
 * Characters a shell would act on. We never use a shell, but a URL carrying them is a mistake
 * or an attack either way. `&` is allowed only inside the query, where cameras use it
 * (`?channel=1&subtype=0`).
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const SHELL_CHARACTERS = /[;|$`<>'"\\\s\u0000-\u001f\u007f]/;

function invalid(field: string, message: string): ApiError {
  return new ApiError('invalid_input', `${field}: ${message}`);
}

/**
 * Checks a camera source and splits credentials off it. `fileRoots` are the folders local
 * files may come from; anything outside them (after resolving links) is refused.
 */
export function checkCameraUrl(raw: string, field: string, fileRoots: readonly string[]): CheckedUrl {
  const text = raw.trim();
  if (SHELL_CHARACTERS.test(text)) throw invalid(field, 'contains characters that are not allowed in a source URL (; | $ ` < > quotes, backslash, spaces or control characters)');
  const queryStart = text.indexOf('?');
  if (text.slice(0, queryStart === -1 ? undefined : queryStart).includes('&')) {
    throw invalid(field, "'&' is only allowed in the query part of a URL");
  }
  if (path.isAbsolute(text) && !/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return checkFile(pathToFileURL(text), field, fileRoots);

  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid(field, 'is not a valid URL (expected e.g. rtsp://camera.local:554/stream1)');
  }
  if (!(CAMERA_URL_SCHEMES as readonly string[]).includes(url.protocol)) {
    throw invalid(field, `scheme ${url.protocol.replace(/:$/, '')} is not supported (use ${CAMERA_URL_SCHEMES.map((s) => s.replace(':', '')).join(', ')})`);
  }
  if (url.protocol === 'file:') return checkFile(url, field, fileRoots);
  if (url.protocol === 'test:') return checkTestPattern(url, field);
  if (!url.hostname) throw invalid(field, 'needs a host');

  const credentials = url.username || url.password ? { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) } : null;
  url.username = '';
  url.password = '';
  return { url: url.toString(), credentials };
}

function checkTestPattern(url: URL, field: string): CheckedUrl {
  const pattern = url.hostname || url.pathname.replace(/^\/+/, '');
  if (!(TEST_PATTERNS as readonly string[]).includes(pattern)) {
    throw invalid(field, `unknown test pattern "${pattern}" (use test://${TEST_PATTERNS.join(', test://')})`);
  }
  const size = url.searchParams.get('size');
  if (size !== null && !/^\d{2,4}x\d{2,4}$/.test(size)) throw invalid(field, 'size must look like 1280x720');
  const fps = url.searchParams.get('fps');
  if (fps !== null && !(Number.isInteger(Number(fps)) && Number(fps) >= 1 && Number(fps) <= 60)) throw invalid(field, 'fps must be 1 to 60');
  return { url: `test://${pattern}${url.search}`, credentials: null };
}

function checkFile(url: URL, field: string, fileRoots: readonly string[]): CheckedUrl {
  let file: string;
  try {
    file = fs.realpathSync(fileURLToPath(url));
  } catch {
    throw invalid(field, `file ${fileURLToPath(url)} does not exist`);
  }
  const inside = fileRoots.some((root) => {
    const realRoot = safeRealpath(root);
    return realRoot !== null && (file === realRoot || file.startsWith(realRoot + path.sep));
  });
  if (!inside) throw invalid(field, `local files must be inside ${fileRoots.join(' or ')}`);
  if (!fs.statSync(file).isFile()) throw invalid(field, `${file} is not a file`);
  return { url: pathToFileURL(file).toString(), credentials: null };
}

function safeRealpath(p: string): string | null {
  try {
    return fs.realpathSync(p);
  } catch {
    return null;
  }
}

/** The URL with credentials put back, for FFmpeg only: never stored, logged or returned. */
export function withCredentials(url: string, credentials: StoredCredentials | null): string {
  if (!credentials || !/^(rtsps?|rtmps?|https?):/.test(url)) return url;
  const u = new URL(url);
  u.username = encodeURIComponent(credentials.username);
  u.password = encodeURIComponent(credentials.password);
  return u.toString();
}
