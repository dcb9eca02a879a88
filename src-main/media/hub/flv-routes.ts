import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../../logging/logger';
import type { HubReader, MediaHub } from './media-hub';
import type { MediaTickets } from './media-tickets';

const FLV_PATH = /^\/media\/([A-Za-z0-9_~:-]{1,100})\.flv$/;

/**
 * Live FLV out of the hub: `GET /media/<source>.flv?ticket=…` as HTTP-FLV (players, FFmpeg)
 * or as WS-FLV on the same path (mpegts.js in the UI). Each connection is one hub reader.
 */
export class FlvRoutes {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 1024 });

  constructor(
    private readonly hub: MediaHub,
    private readonly tickets: MediaTickets,
    private readonly logger: Logger,
  ) {}

  /** null when the path is not a media path; otherwise the source id, or an error status. */
  private resolve(req: IncomingMessage): { sourceId: string } | { status: number; message: string } {
    const url = new URL(req.url ?? '/', 'http://x');
    const match = FLV_PATH.exec(url.pathname);
    if (!match) return { status: 404, message: 'No such media path' };
    const sourceId = match[1]!;
    if (!this.tickets.verify(sourceId, url.searchParams.get('ticket'))) return { status: 401, message: 'Missing, wrong or expired ticket' };
    if (!this.hub.find(sourceId)) return { status: 404, message: 'No such source' };
    return { sourceId };
  }

  handleRequest(req: IncomingMessage, res: ServerResponse): void {
    const target = this.resolve(req);
    if ('status' in target) {
      res.writeHead(target.status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(target.message);
      return;
    }
    res.writeHead(200, { 'Content-Type': 'video/x-flv', 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' });
    const reader: HubReader = {
      write: (chunk) => void res.write(chunk),
      backlogBytes: () => res.writableLength,
      close: () => res.end(),
    };
    const detach = this.hub.source(target.sourceId).attach(reader);
    res.on('close', detach);
    this.logger.debug('HTTP-FLV reader attached', { source: target.sourceId });
  }

  handleUpgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    const target = this.resolve(req);
    if ('status' in target) {
      socket.end(`HTTP/1.1 ${target.status} ${target.message}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      const reader: HubReader = {
        write: (chunk) => ws.send(chunk, { binary: true }),
        backlogBytes: () => ws.bufferedAmount,
        close: (reason) => ws.close(1001, reason.slice(0, 120)),
      };
      const detach = this.hub.source(target.sourceId).attach(reader);
      ws.on('close', detach);
      ws.on('error', detach);
      this.logger.debug('WS-FLV reader attached', { source: target.sourceId });
    });
  }

  close(): void {
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
  }
}
