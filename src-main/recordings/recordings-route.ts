import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MediaRouteHandler } from '../media/media-routes';
import { sendFile } from './file-response';
import { isCameraDirName, isRecordingName, resolveRecordingPath } from './recording-files';

/** The ticket scope of one recording: a ticket opens that file and no other. */
export function recordingScope(cameraId: string, name: string): string {
  return `recordings:${cameraId}/${name}`;
}

/** `<cameraId>/<file>` when both parts have the generated shapes, else null. */
export function parseRecordingPath(rest: string): { cameraId: string; name: string } | null {
  const parts = rest.split('/');
  if (parts.length !== 2) return null;
  const [cameraId, name] = parts as [string, string];
  return isCameraDirName(cameraId) && isRecordingName(name) ? { cameraId, name } : null;
}

/**
 * `/media/recordings/<cameraId>/<file>`: one recorded segment, with Range support for seeking
 * in a <video>, and `?download=1` to save it. Only generated names inside the recordings folder
 * are served (no `..`, no symlinks out); anything else is a 404.
 */
export class RecordingsRoute implements MediaRouteHandler {
  constructor(private readonly root: string) {}

  scope(rest: string): string | null {
    const parsed = parseRecordingPath(rest);
    return parsed ? recordingScope(parsed.cameraId, parsed.name) : null;
  }

  async request(rest: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const parsed = parseRecordingPath(rest);
    const file = parsed ? await resolveRecordingPath(this.root, parsed.cameraId, parsed.name) : null;
    if (!parsed || !file) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    const download = new URL(req.url ?? '/', 'http://x').searchParams.get('download') === '1';
    try {
      await sendFile(req, res, file, {
        contentType: 'video/mp4',
        cacheControl: 'private, no-cache',
        attachmentName: download ? `${parsed.cameraId}-${parsed.name}` : null,
      });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      // Deleted by retention between the check and the open.
      if (!res.headersSent) res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
    }
  }
}
