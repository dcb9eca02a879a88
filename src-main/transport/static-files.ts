import fs from 'node:fs/promises';
import path from 'node:path';
import type { ServerResponse } from 'node:http';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/**
 * Serves the built renderer. Paths are resolved inside `root` and anything that would leave it
 * is refused; unknown paths fall back to index.html (the UI routes in the fragment anyway).
 */
export async function serveStatic(root: string, urlPath: string, res: ServerResponse): Promise<void> {
  let relative: string;
  try {
    relative = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    return sendText(res, 400, 'Bad path');
  }
  if (relative.includes('\0')) return sendText(res, 400, 'Bad path');
  const resolvedRoot = path.resolve(root);
  let file = path.resolve(resolvedRoot, `.${path.posix.normalize(`/${relative}`)}`);
  if (file !== resolvedRoot && !file.startsWith(resolvedRoot + path.sep)) return sendText(res, 403, 'Forbidden');

  let stat = await fs.stat(file).catch(() => null);
  if (!stat || stat.isDirectory()) {
    file = path.join(resolvedRoot, 'index.html');
    stat = await fs.stat(file).catch(() => null);
    if (!stat) {
      return sendText(res, 503, 'The operator UI is not built. Run `npm run build`, then reload.');
    }
  }
  const ext = path.extname(file).toLowerCase();
  const isIndex = path.basename(file) === 'index.html';
  res.writeHead(200, {
    'Content-Type': CONTENT_TYPES[ext] ?? 'application/octet-stream',
    'Content-Length': stat.size,
    // Vite fingerprints asset names, so they can be cached forever; index.html never.
    'Cache-Control': isIndex ? 'no-cache' : 'public, max-age=31536000, immutable',
  });
  res.end(await fs.readFile(file));
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}
