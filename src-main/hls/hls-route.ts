import fs from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MediaRouteHandler } from '../media/media-routes';
import { sendFile } from '../recordings/file-response';
import { isCameraDirName, resolveInside } from '../recordings/recording-files';
import { HLS_PLAYLIST, HLS_SEGMENT, withTicket } from './hls-args';
import { hlsScope, type HlsService } from './hls-service';

/** `<cameraId>/index.m3u8` or `<cameraId>/seg<N>.ts`, else null. */
export function parseHlsPath(rest: string): { cameraId: string; file: string } | null {
  const parts = rest.split('/');
  if (parts.length !== 2) return null;
  const [cameraId, file] = parts as [string, string];
  if (!isCameraDirName(cameraId)) return null;
  return file === HLS_PLAYLIST || HLS_SEGMENT.test(file) ? { cameraId, file } : null;
}

/**
 * `/media/hls/<cameraId>/index.m3u8` and its segments. The playlist is rewritten so each segment
 * URI carries the ticket the playlist was fetched with. Every request keeps the writer alive.
 */
export class HlsRoute implements MediaRouteHandler {
  constructor(private readonly hls: HlsService) {}

  scope(rest: string): string | null {
    const parsed = parseHlsPath(rest);
    return parsed ? hlsScope(parsed.cameraId) : null;
  }

  async request(rest: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const parsed = parseHlsPath(rest);
    const file = parsed && this.hls.touch(parsed.cameraId) ? await resolveInside(this.hls.root, parsed.cameraId, parsed.file) : null;
    if (!parsed || !file) return notFound(res);
    try {
      if (parsed.file === HLS_PLAYLIST) {
        const ticket = new URL(req.url ?? '/', 'http://x').searchParams.get('ticket');
        const body = withTicket(await fs.readFile(file, 'utf8'), ticket);
        res.writeHead(200, {
          'Content-Type': 'application/vnd.apple.mpegurl',
          'Cache-Control': 'no-store',
          'Content-Length': Buffer.byteLength(body),
        });
        res.end(body);
        return;
      }
      // Names are reused when a writer starts again: never cache a segment for long.
      await sendFile(req, res, file, { contentType: 'video/mp2t', cacheControl: 'private, no-cache' });
    } catch (err) {
      // FFmpeg deleted the segment (it left the playlist) between the check and the read.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      if (!res.headersSent) notFound(res);
    }
  }
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
}
