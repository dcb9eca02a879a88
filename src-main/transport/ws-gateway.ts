import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { WebSocketServer, type WebSocket, type RawData } from 'ws';
import { z } from 'zod';
import { ApiError, toErrorBody } from '../api/errors';
import type { ApiDispatcher } from '../api/router';
import { describeZodError } from '../api/validation';
import type { Logger } from '../logging/logger';
import { bearerToken, tokenMatches } from '../app/api-token';
import { WS_AUTH_TIMEOUT_MS, WS_CLOSE, type ServerMessage } from './ws-protocol';

const id = z.number().int().nonnegative();
const clientMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('auth'), token: z.string().max(512) }),
  z.strictObject({ type: z.literal('call'), id, method: z.string().max(100), input: z.unknown().optional() }),
  z.strictObject({ type: z.literal('cancel'), id }),
  z.strictObject({ type: z.literal('subscribe'), id, topic: z.string().max(100), params: z.unknown().optional() }),
  z.strictObject({ type: z.literal('unsubscribe'), id }),
]);

/** Sending more than this to a slow client drops its live changes rather than growing memory. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

export interface WsGatewayOptions {
  api: ApiDispatcher;
  token: string;
  logger: Logger;
  maxPayloadBytes: number;
  identity: () => { version: string; nodeId: string };
}

/** The API over WebSocket: calls, cancellation, and subscriptions (snapshot first, then changes). */
export class WsGateway {
  private readonly wss: WebSocketServer;
  private readonly connections = new Set<WsConnection>();

  constructor(private readonly options: WsGatewayOptions) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayloadBytes });
  }

  handleUpgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const preAuthorized = tokenMatches(this.options.token, bearerToken(req.headers.authorization));
      const connection = new WsConnection(ws, this.options, preAuthorized, req.socket.remoteAddress);
      this.connections.add(connection);
      ws.on('close', () => {
        connection.dispose();
        this.connections.delete(connection);
      });
    });
  }

  close(): void {
    for (const connection of this.connections) connection.close(WS_CLOSE.shuttingDown, 'Engine shutting down');
    this.connections.clear();
    this.wss.close();
  }
}

class WsConnection {
  private authorized: boolean;
  private readonly authTimer: NodeJS.Timeout | null = null;
  private readonly calls = new Map<number, AbortController>();
  private readonly subscriptions = new Map<number, Promise<(() => void) | null>>();

  constructor(
    private readonly ws: WebSocket,
    private readonly options: WsGatewayOptions,
    preAuthorized: boolean,
    private readonly remoteAddress: string | undefined,
  ) {
    this.authorized = preAuthorized;
    if (preAuthorized) this.sendReady();
    else {
      this.authTimer = setTimeout(() => this.close(WS_CLOSE.authTimeout, 'Authentication timed out'), WS_AUTH_TIMEOUT_MS);
    }
    ws.on('message', (data, isBinary) => void this.onMessage(data, isBinary));
    ws.on('error', (err) => options.logger.debug('WebSocket error', { error: err }));
  }

  close(code: number, reason: string): void {
    this.dispose();
    this.ws.close(code, reason);
  }

  dispose(): void {
    if (this.authTimer) clearTimeout(this.authTimer);
    for (const controller of this.calls.values()) controller.abort();
    this.calls.clear();
    for (const pending of this.subscriptions.values()) void pending.then((unsubscribe) => unsubscribe?.());
    this.subscriptions.clear();
  }

  private async onMessage(data: RawData, isBinary: boolean): Promise<void> {
    let message: z.output<typeof clientMessageSchema>;
    try {
      if (isBinary) throw new ApiError('invalid_input', 'Binary messages are not supported');
      const parsed = clientMessageSchema.safeParse(JSON.parse(data.toString()));
      if (!parsed.success) throw new ApiError('invalid_input', describeZodError(parsed.error));
      message = parsed.data;
    } catch (err) {
      const body = err instanceof SyntaxError ? { code: 'invalid_json' as const, message: `Malformed JSON: ${err.message}` } : toErrorBody(err);
      this.send({ type: 'error', error: body });
      return;
    }

    if (message.type === 'auth') return this.authenticate(message.token);
    if (!this.authorized) {
      this.send({ type: 'error', error: { code: 'unauthorized', message: 'Authenticate first: {"type":"auth","token":"..."}' } });
      this.close(WS_CLOSE.unauthorized, 'Unauthorized');
      return;
    }
    switch (message.type) {
      case 'call':
        return this.call(message.id, message.method, message.input);
      case 'cancel':
        this.calls.get(message.id)?.abort();
        return;
      case 'subscribe':
        return this.subscribe(message.id, message.topic, message.params);
      case 'unsubscribe': {
        const pending = this.subscriptions.get(message.id);
        this.subscriptions.delete(message.id);
        await pending?.then((unsubscribe) => unsubscribe?.());
        return;
      }
    }
  }

  private authenticate(token: string): void {
    if (this.authorized) return this.sendReady();
    if (!tokenMatches(this.options.token, token)) {
      this.options.logger.warn('WebSocket authentication failed', { remoteAddress: this.remoteAddress });
      this.send({ type: 'error', error: { code: 'unauthorized', message: 'Wrong API token' } });
      this.close(WS_CLOSE.unauthorized, 'Unauthorized');
      return;
    }
    this.authorized = true;
    if (this.authTimer) clearTimeout(this.authTimer);
    this.sendReady();
  }

  private async call(id: number, method: string, input: unknown): Promise<void> {
    if (this.calls.has(id)) {
      this.send({ type: 'error', id, error: { code: 'invalid_input', message: `Call id ${id} is already in use` } });
      return;
    }
    const controller = new AbortController();
    this.calls.set(id, controller);
    try {
      const result = await this.options.api.call(method, input, { transport: 'ws', remoteAddress: this.remoteAddress, signal: controller.signal });
      if (!controller.signal.aborted) this.send({ type: 'result', id, result: result ?? null });
    } catch (err) {
      if (!(err instanceof ApiError)) this.options.logger.error(`Unhandled error in ${method}`, { error: err, stack: (err as Error)?.stack });
      if (!controller.signal.aborted) this.send({ type: 'error', id, error: toErrorBody(err) });
    } finally {
      this.calls.delete(id);
    }
  }

  private subscribe(id: number, topic: string, params: unknown): void {
    if (this.subscriptions.has(id)) {
      this.send({ type: 'error', id, error: { code: 'invalid_input', message: `Subscription id ${id} is already in use` } });
      return;
    }
    const pending = this.options.api
      .subscribe(topic, params, (kind, data) => {
        if (kind === 'change' && this.ws.bufferedAmount > MAX_BUFFERED_BYTES) return;
        this.send({ type: 'event', id, topic, kind, data });
      })
      .catch((err: unknown) => {
        this.subscriptions.delete(id);
        this.send({ type: 'error', id, error: toErrorBody(err) });
        return null;
      });
    this.subscriptions.set(id, pending);
  }

  private sendReady(): void {
    this.send({ type: 'ready', ...this.options.identity() });
  }

  private send(message: ServerMessage): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(message));
  }
}
