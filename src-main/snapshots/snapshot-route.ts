import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../api/errors';
import type { MediaRouteHandler } from '../media/media-routes';
import { MAX_SNAPSHOT_WIDTH, type SnapshotService } from './snapshot-service';

/** A hub source id: a camera (`cam_…`) or a published stream (`rtmp_<name>`); whether it exists is the engine's call. */
const SNAPSHOT_FILE = /^((?:rtmp_)?[A-Za-z0-9_-]{1,64})\.jpg$/;

export function snapshotScope(sourceId: string): string {
  return `snapshot:${sourceId}`;
}

/** `/media/snapshot/<sourceId>.jpg[?width=N]`: the latest frame of a camera or published stream as JPEG. */
export class SnapshotRoute implements MediaRouteHandler {
  constructor(
    private readonly snapshots: SnapshotService,
    private readonly exists: (sourceId: string) => boolean,
  ) {}

  scope(rest: string): string | null {
    const cameraId = SNAPSHOT_FILE.exec(rest)?.[1];
    return cameraId && this.exists(cameraId) ? snapshotScope(cameraId) : null;
  }

  async request(rest: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const cameraId = SNAPSHOT_FILE.exec(rest)![1]!;
    const widthParam = new URL(req.url ?? '/', 'http://x').searchParams.get('width');
    const width = widthParam === null ? undefined : Number(widthParam);
    if (width !== undefined && !(Number.isInteger(width) && width >= 16 && width <= MAX_SNAPSHOT_WIDTH)) {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`width must be a whole number from 16 to ${MAX_SNAPSHOT_WIDTH}`);
      return;
    }
    try {
      const { jpeg, at } = await this.snapshots.jpeg(cameraId, width);
      res.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': jpeg.length, 'Cache-Control': 'no-store', 'Last-Modified': at.toUTCString() });
      res.end(jpeg);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      res.writeHead(err.status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(err.message.replace(/^id: /, ''));
    }
  }
}
