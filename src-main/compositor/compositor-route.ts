import fs from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MediaRouteHandler } from '../media/media-routes';

const ASSET_PATH = /^asset\/([A-Za-z0-9_-]{1,64})$/;
const SCENE_PATH = /^scene\/([A-Za-z0-9_-]{1,64})\/(\d{2,4})\.jpg$/;
const CONTENT_TYPES = { png: 'image/png', jpeg: 'image/jpeg', svg: 'image/svg+xml' } as const;

export function assetScope(assetId: string): string {
  return `compositor:asset/${assetId}`;
}

export function scenePreviewScope(sceneId: string): string {
  return `compositor:scene/${sceneId}`;
}

export interface CompositorRouteSource {
  asset(id: string): { file: string; format: keyof typeof CONTENT_TYPES } | null;
  sceneExists(id: string): boolean;
  scenePreviewJpeg(sceneId: string, width: number): Promise<Buffer>;
}

/**
 * `/media/compositor/asset/<id>` (an uploaded image) and `/media/compositor/scene/<id>/<width>.jpg`
 * (a scene as it would look now). Only generated ids are served.
 */
export class CompositorRoute implements MediaRouteHandler {
  constructor(private readonly source: CompositorRouteSource) {}

  scope(rest: string): string | null {
    const asset = ASSET_PATH.exec(rest);
    if (asset) return this.source.asset(asset[1]!) ? assetScope(asset[1]!) : null;
    const scene = SCENE_PATH.exec(rest);
    if (scene) return this.source.sceneExists(scene[1]!) ? scenePreviewScope(scene[1]!) : null;
    return null;
  }

  async request(rest: string, _req: IncomingMessage, res: ServerResponse): Promise<void> {
    const asset = ASSET_PATH.exec(rest);
    if (asset) {
      const found = this.source.asset(asset[1]!);
      const bytes = found ? await fs.readFile(found.file).catch(() => null) : null;
      if (!found || !bytes) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
        return;
      }
      // An SVG is shown as an image only: no scripts even if one slipped through.
      res.writeHead(200, {
        'Content-Type': CONTENT_TYPES[found.format],
        'Content-Length': bytes.length,
        'Cache-Control': 'private, max-age=3600',
        'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
        'X-Content-Type-Options': 'nosniff',
      });
      res.end(bytes);
      return;
    }
    const scene = SCENE_PATH.exec(rest)!;
    const width = Math.min(1920, Math.max(64, Number(scene[2])));
    const jpeg = await this.source.scenePreviewJpeg(scene[1]!, width);
    res.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': jpeg.length, 'Cache-Control': 'no-store' });
    res.end(jpeg);
  }
}
