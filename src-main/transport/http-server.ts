import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ApiError, toErrorBody, type ApiErrorBody } from '../api/errors';
import type { ApiDispatcher } from '../api/router';
import type { Logger } from '../logging/logger';
import type { Service } from '../app/service';
import { bearerToken, tokenMatches } from '../app/api-token';
import { serveStatic } from './static-files';
import { buildContentSecurityPolicy } from './content-security-policy';
import { WsGateway } from './ws-gateway';
import { WS_PATH } from './ws-protocol';

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** Sent as a header too, for browsers (the renderer's meta tag declares the same). */
export const CONTENT_SECURITY_POLICY = buildContentSecurityPolicy(['ws:', 'wss:']);

export interface HttpServerOptions {
  host: string;
  port: number;
  token: string;
  api: ApiDispatcher;
  logger: Logger;
  /** The built renderer; null serves no UI. */
  rendererDir: string | null;
  maxBodyBytes?: number;
  /** Extra fields for `GET /healthz` (never secrets: it needs no token). */
  health?: () => Record<string, unknown>;
  /** The engine's identity, sent to WebSocket clients once they are authenticated. */
  identity: () => { version: string; nodeId: string };
  /** Live media under /media/ (authorised by tickets, not the API token). */
  media?: MediaRoutes;
}

export interface MediaRoutes {
  handleRequest(req: IncomingMessage, res: ServerResponse): void;
  handleUpgrade(req: IncomingMessage, socket: Socket, head: Buffer): void;
  close(): void;
}

const MEDIA_PREFIX = '/media/';

/**
 * HTTP and WebSocket transport of the API: `POST /api/<procedure>` with a bearer token,
 * `GET /healthz`, the WebSocket at /ws, and the operator UI at `/`.
 */
export class HttpServer implements Service {
  readonly name = 'http';
  private readonly server: http.Server;
  private readonly ws: WsGateway;
  private readonly maxBodyBytes: number;
  private closing: Promise<void> | null = null;

  private constructor(private readonly options: HttpServerOptions) {
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.headersTimeout = 10_000;
    this.server.requestTimeout = 30_000;
    this.ws = new WsGateway({
      api: options.api,
      token: options.token,
      logger: options.logger.child('ws'),
      maxPayloadBytes: Math.max(this.maxBodyBytes, options.api.largestBodyBytes?.() ?? 0),
      identity: options.identity,
    });
    this.server.on('upgrade', (req, socket, head) => {
      const pathname = new URL(req.url ?? '/', 'http://x').pathname;
      if (pathname === WS_PATH) this.ws.handleUpgrade(req, socket as Socket, head);
      else if (pathname.startsWith(MEDIA_PREFIX) && options.media) options.media.handleUpgrade(req, socket as Socket, head);
      else socket.destroy();
    });
  }

  static async listen(options: HttpServerOptions): Promise<HttpServer> {
    const instance = new HttpServer(options);
    await new Promise<void>((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException) => {
        reject(
          err.code === 'EADDRINUSE'
            ? new Error(`Port ${options.port} on ${options.host} is already in use; choose another with --port`)
            : err,
        );
      };
      instance.server.once('error', onError);
      instance.server.listen(options.port, options.host, () => {
        instance.server.off('error', onError);
        resolve();
      });
    });
    return instance;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    const host = this.options.host.includes(':') ? `[${this.options.host}]` : this.options.host;
    return `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${this.port}`;
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      this.ws.close();
      this.options.media?.close();
      await new Promise<void>((resolve) => {
        this.server.close(() => resolve());
        this.server.closeAllConnections();
      });
    })();
    return this.closing;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setSecurityHeaders(res);
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    try {
      if (pathname === '/healthz') {
        if (req.method !== 'GET' && req.method !== 'HEAD') throw new ApiError('method_not_allowed', 'Use GET /healthz');
        return sendJson(res, 200, { status: 'ok', ...this.options.health?.() });
      }
      if (pathname === '/api' || pathname.startsWith('/api/')) return await this.handleApi(req, res, pathname);
      if (pathname.startsWith(MEDIA_PREFIX) && this.options.media && req.method === 'GET') return this.options.media.handleRequest(req, res);
      if (req.method !== 'GET' && req.method !== 'HEAD') throw new ApiError('method_not_allowed', `${req.method} is not allowed here`);
      if (!this.options.rendererDir) throw new ApiError('not_found', 'This engine serves no UI');
      await serveStatic(this.options.rendererDir, pathname, res);
    } catch (err) {
      this.sendError(res, err, req);
    }
  }

  private async handleApi(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    if (!tokenMatches(this.options.token, bearerToken(req.headers.authorization))) {
      throw new ApiError('unauthorized', 'Missing or wrong API token: send Authorization: Bearer <token>');
    }
    if (req.method !== 'POST') throw new ApiError('method_not_allowed', 'API procedures are called with POST');
    const procedure = decodeURIComponent(pathname.slice('/api/'.length));
    const body = await readJsonBody(req, this.options.api.maxBodyBytes?.(procedure) ?? this.maxBodyBytes);
    const result = await this.options.api.call(procedure, body, {
      transport: 'http',
      remoteAddress: req.socket.remoteAddress,
    });
    sendJson(res, 200, result ?? null);
  }

  private sendError(res: ServerResponse, err: unknown, req: IncomingMessage): void {
    const body: ApiErrorBody = toErrorBody(err);
    const status = err instanceof ApiError ? err.status : 500;
    if (status === 500) this.options.logger.error(`Unhandled error in ${req.method} ${req.url}`, { error: err, stack: (err as Error)?.stack });
    if (res.headersSent) {
      res.destroy();
      return;
    }
    // A client still sending a body we refused gets its connection closed rather than drained.
    if (status === 413) res.setHeader('Connection', 'close');
    sendJson(res, status, { error: body });
  }
}

function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}

/** Reads at most `limit` bytes; an empty body is `{}`. */
async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const tooLarge = () => new ApiError('payload_too_large', `Request body is larger than ${limit} bytes`);
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge();
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  const type = req.headers['content-type'];
  if (type && !/^application\/json\b/i.test(type)) throw new ApiError('invalid_input', 'Content-Type must be application/json');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ApiError('invalid_json', `Malformed JSON body: ${(err as Error).message}`);
  }
}
