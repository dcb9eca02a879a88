import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { MediaRouteHandler } from '../media-routes';
import type { HubReader, MediaHub } from './media-hub';

const SOURCE_FILE = /^([A-Za-z0-9_~:-]{1,100})\.flv$/;

/**
 * `/media/live/<source>.flv`: the hub's live FLV as HTTP-FLV (players, FFmpeg) or, on the
 * same path, WS-FLV (mpegts.js in the UI). Each connection is one hub reader.
 */
export class LiveFlvRoute implements MediaRouteHandler {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 1024 });

  constructor(private readonly hub: MediaHub) {}

  scope(rest: string): string | null {
    const sourceId = SOURCE_FILE.exec(rest)?.[1];
    return sourceId && this.hub.find(sourceId) ? sourceId : null;
  }

  request(rest: string, _req: IncomingMessage, res: ServerResponse): void {
    const sourceId = this.scope(rest)!;
    res.writeHead(200, { 'Content-Type': 'video/x-flv', 'Cache-Control': 'no-store' });
    res.flushHeaders(); // the player knows it is admitted before the first keyframe arrives
    const detach = this.hub.source(sourceId).attach({
      write: (chunk) => void res.write(chunk),
      backlogBytes: () => res.writableLength,
      close: () => res.end(),
    });
    res.on('close', detach);
  }

  upgrade(rest: string, req: IncomingMessage, socket: Socket, head: Buffer): void {
    const sourceId = this.scope(rest)!;
    this.wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      const reader: HubReader = {
        write: (chunk) => ws.send(chunk, { binary: true }),
        backlogBytes: () => ws.bufferedAmount,
        close: (reason) => ws.close(1001, reason.slice(0, 120)),
      };
      const detach = this.hub.source(sourceId).attach(reader);
      ws.on('close', detach);
      ws.on('error', detach);
    });
  }

  close(): void {
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
  }
}
