import fs from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';

export interface ByteRange {
  start: number;
  /** Inclusive. */
  end: number;
}

/**
 * One `Range: bytes=…` against a file of `size` bytes: the range, 'unsatisfiable' (416), or
 * null to send the whole file (no header, another unit, or several ranges, which RFC 9110 lets
 * a server ignore).
 */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  if (!header) return null;
  const m = /^bytes=\s*(\d*)\s*-\s*(\d*)\s*$/.exec(header.trim());
  if (!m) return null;
  const [, first, last] = m as unknown as [string, string, string];
  if (first === '' && last === '') return null;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (!Number.isSafeInteger(start) || start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

export interface SendFileOptions {
  contentType: string;
  cacheControl: string;
  /** Set: `Content-Disposition: attachment` with this (already safe) file name. */
  attachmentName?: string | null;
  /** Honour `Range` (seeking in a <video>). Default true. */
  ranges?: boolean;
}

/**
 * Sends one file (whole, or the byte range asked for) and closes it when the response ends,
 * however it ends. The path must already have been checked by the caller.
 */
export async function sendFile(req: IncomingMessage, res: ServerResponse, file: string, options: SendFileOptions): Promise<void> {
  const handle = await fs.open(file, 'r');
  let size: number;
  let mtime: Date;
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new Error('not a file');
    size = stat.size;
    mtime = stat.mtime;
  } catch (err) {
    await handle.close();
    throw err;
  }
  const headers: Record<string, string | number> = {
    'Content-Type': options.contentType,
    'Cache-Control': options.cacheControl,
    'Last-Modified': mtime.toUTCString(),
    'X-Content-Type-Options': 'nosniff',
  };
  if (options.ranges !== false) headers['Accept-Ranges'] = 'bytes';
  if (options.attachmentName) headers['Content-Disposition'] = `attachment; filename="${options.attachmentName}"`;
  const range = options.ranges === false ? null : parseRange(req.headers.range, size);
  if (range === 'unsatisfiable') {
    await handle.close();
    res.writeHead(416, { ...headers, 'Content-Range': `bytes */${size}`, 'Content-Length': 0 }).end();
    return;
  }
  const { start, end } = range ?? { start: 0, end: size - 1 };
  const length = size === 0 ? 0 : end - start + 1;
  if (range) headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
  res.writeHead(range ? 206 : 200, { ...headers, 'Content-Length': length });
  if (length === 0) {
    await handle.close();
    res.end();
    return;
  }
  // The stream owns the handle: it is closed at the end, on error, and when the client goes away.
  const stream = handle.createReadStream({ start, end, autoClose: true, highWaterMark: 256 * 1024 });
  pipeline(stream, res, () => undefined);
}
