import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { bearerToken, tokenMatches } from '../app/api-token';
import type { Logger } from '../logging/logger';
import type { MediaTickets } from './hub/media-tickets';

/**
 * One kind of media under `/media/<kind>/<rest>` (live FLV, snapshots, recordings, HLS).
 * `scope` names what a ticket must have been issued for; null means "no such thing".
 */
export interface MediaRouteHandler {
  scope(rest: string): string | null;
  request?(rest: string, req: IncomingMessage, res: ServerResponse): void | Promise<void>;
  upgrade?(rest: string, req: IncomingMessage, socket: Socket, head: Buffer): void;
  close?(): void;
}

const MEDIA_PATH = /^\/media\/([a-z]+)\/(.+)$/;
/** How often connections admitted by a revocable credential are checked again. */
export const REVOCATION_CHECK_MS = 2_000;

interface Admitted {
  scope: string;
  ticket: string;
  socket: Socket;
}

/**
 * Routes `/media/…` requests to their handlers after checking access: a ticket for the
 * handler's scope (browsers: <img>, <video>, WebSockets cannot send headers) or the API token
 * as a bearer header (automation).
 */
export class MediaRoutes {
  private readonly handlers = new Map<string, MediaRouteHandler>();
  /** Open connections admitted by a long-lived credential (an OBS feed): cut when it is revoked. */
  private readonly admitted = new Set<Admitted>();
  private readonly revocationTimer: NodeJS.Timeout;

  constructor(
    readonly tickets: MediaTickets,
    private readonly token: string,
    private readonly logger: Logger,
  ) {
    this.revocationTimer = setInterval(() => this.cutRevoked(), REVOCATION_CHECK_MS);
    this.revocationTimer.unref();
  }

  register(kind: string, handler: MediaRouteHandler): void {
    if (this.handlers.has(kind)) throw new Error(`Media route ${kind} is already registered`);
    this.handlers.set(kind, handler);
  }

  handleRequest(req: IncomingMessage, res: ServerResponse): void {
    // The ticket is the credential (no cookies), so any origin may read the answer: the desktop
    // window is a file:// page and must be able to read an error's text.
    res.setHeader('Access-Control-Allow-Origin', '*');
    const target = this.authorise(req);
    if ('status' in target) {
      res.writeHead(target.status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(target.message);
      return;
    }
    if (!target.handler.request) {
      res.writeHead(405, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not available over plain HTTP');
      return;
    }
    Promise.resolve(target.handler.request(target.rest, req, res)).catch((err: unknown) => {
      this.logger.error('Media request failed', { path: req.url?.split('?')[0], error: err });
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Internal error');
      else res.destroy();
    });
  }

  handleUpgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    const target = this.authorise(req);
    if ('status' in target || !target.handler.upgrade) {
      const status = 'status' in target ? target.status : 405;
      socket.end(`HTTP/1.1 ${status} Refused\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    target.handler.upgrade(target.rest, req, socket, head);
  }

  close(): void {
    clearInterval(this.revocationTimer);
    for (const handler of this.handlers.values()) handler.close?.();
  }

  private cutRevoked(): void {
    for (const entry of this.admitted) {
      if (entry.socket.destroyed) {
        this.admitted.delete(entry);
      } else if (this.tickets.check(entry.scope, entry.ticket) === null) {
        this.admitted.delete(entry);
        this.logger.info('Media connection ended: its credential was revoked', { scope: entry.scope });
        entry.socket.destroy();
      }
    }
  }

  private authorise(req: IncomingMessage): { handler: MediaRouteHandler; rest: string } | { status: number; message: string } {
    const url = new URL(req.url ?? '/', 'http://x');
    const match = MEDIA_PATH.exec(url.pathname);
    const handler = match ? this.handlers.get(match[1]!) : undefined;
    if (!match || !handler) return { status: 404, message: 'No such media path' };
    let rest: string;
    try {
      rest = decodeURIComponent(match[2]!);
    } catch {
      return { status: 400, message: 'Bad path' };
    }
    const scope = handler.scope(rest);
    if (scope === null) return { status: 404, message: 'Not found' };
    const ticket = url.searchParams.get('ticket');
    const credential = this.tickets.check(scope, ticket);
    if (credential === null && !tokenMatches(this.token, bearerToken(req.headers.authorization))) {
      return { status: 401, message: 'Missing, wrong or expired ticket' };
    }
    if (credential === 'long-lived' && ticket) {
      const entry: Admitted = { scope, ticket, socket: req.socket };
      this.admitted.add(entry);
      req.socket.once('close', () => this.admitted.delete(entry));
    }
    return { handler, rest };
  }
}
