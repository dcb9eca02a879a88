import type {
  ProcedureInput,
  ProcedureName,
  ProcedureOutput,
  TopicName,
  TopicParams,
} from '../../src-main/api/contract';
import type { ApiErrorBody } from '../../src-main/api/errors';
import type { ClientMessage, ServerMessage } from '../../src-main/transport/ws-protocol';
import { CALL_TIMEOUT_MS, type ApiClient, type ConnectionState, type TopicHandlers, type Unsubscribe } from './api-client';
import { ApiClientError, type ApiClientErrorCode } from './api-client-error';
import { Backoff } from './backoff';
import { ObservableValue } from './observable';

/** Mirrors WS_CLOSE in ws-protocol.ts (a value import would pull engine code into the renderer). */
const CLOSE_UNAUTHORIZED = 4401;
/** A socket that has not become ready in this time is dropped and retried. */
const CONNECT_TIMEOUT_MS = 10_000;

export interface WsApiClientOptions {
  url: string;
  token: string | null;
  callTimeoutMs?: number;
  /** The engine accepted the token: worth keeping. */
  onTokenAccepted?(token: string): void;
  /** The engine rejected the token: forget it. */
  onTokenRejected?(token: string): void;
  createSocket?(url: string): WebSocket;
}

interface PendingCall {
  method: string;
  message: ClientMessage;
  sent: boolean;
  timer: ReturnType<typeof setTimeout>;
  resolve(result: unknown): void;
  reject(error: ApiClientError): void;
}

interface LiveSubscription {
  topic: string;
  params: unknown;
  handlers: TopicHandlers<TopicName>;
}

/**
 * The API over the engine's WebSocket (`/ws`). Authenticates with the first message, reconnects
 * by itself with backoff, re-subscribes live subscriptions after each reconnect and gives every
 * call a timeout. Calls made while the link is down wait for it (within their timeout); calls
 * in flight when it drops are rejected with `disconnected`.
 */
export class WsApiClient implements ApiClient {
  readonly transport = 'ws';
  readonly connection: ObservableValue<ConnectionState>;

  private token: string | null;
  private socket: WebSocket | null = null;
  private ready = false;
  private tokenRejected = false;
  private closed = false;
  private nextId = 1;
  private readonly pending = new Map<number, PendingCall>();
  private readonly subscriptions = new Map<number, LiveSubscription>();
  private readonly backoff = new Backoff();
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private connectTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly callTimeoutMs: number;

  constructor(private readonly options: WsApiClientOptions) {
    this.token = options.token;
    this.callTimeoutMs = options.callTimeoutMs ?? CALL_TIMEOUT_MS;
    this.connection = new ObservableValue<ConnectionState>(this.token ? 'connecting' : 'unauthorized');
    if (this.token) this.connect();
  }

  call<P extends ProcedureName>(name: P, input: ProcedureInput<P>): Promise<ProcedureOutput<P>> {
    if (this.closed) return Promise.reject(new ApiClientError('closed', 'The API client is closed', name));
    if (this.connection.get() === 'unauthorized') {
      return Promise.reject(new ApiClientError('unauthorized', 'Sign in with the access token first', name));
    }
    const id = this.nextId++;
    return new Promise<ProcedureOutput<P>>((resolve, reject) => {
      const timer = setTimeout(() => this.timeOut(id), this.callTimeoutMs);
      const message: ClientMessage = { type: 'call', id, method: name, input };
      const call: PendingCall = {
        method: name,
        message,
        sent: false,
        timer,
        resolve: (result) => resolve(result as ProcedureOutput<P>),
        reject,
      };
      this.pending.set(id, call);
      if (this.ready) this.sendCall(id, call);
    });
  }

  subscribe<T extends TopicName>(topic: T, params: TopicParams<T>, handlers: TopicHandlers<T>): Unsubscribe {
    const id = this.nextId++;
    this.subscriptions.set(id, { topic, params, handlers: handlers as unknown as TopicHandlers<TopicName> });
    if (this.ready) this.send({ type: 'subscribe', id, topic, params });
    return () => {
      if (!this.subscriptions.delete(id)) return;
      if (this.ready) this.send({ type: 'unsubscribe', id });
    };
  }

  signIn(token: string): void {
    if (this.closed) return;
    this.token = token;
    this.tokenRejected = false;
    this.backoff.reset();
    this.dropSocket();
    this.connection.set('connecting');
    this.connect();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.dropSocket();
    this.rejectAll('closed', () => 'The API client was closed');
    this.subscriptions.clear();
  }

  private connect(): void {
    this.clearRetry();
    if (this.closed || !this.token) return;
    const token = this.token;
    const socket = this.options.createSocket ? this.options.createSocket(this.options.url) : new WebSocket(this.options.url);
    this.socket = socket;
    this.connectTimer = setTimeout(() => {
      if (this.socket === socket && !this.ready) socket.close();
    }, CONNECT_TIMEOUT_MS);
    socket.onopen = () => {
      if (this.socket === socket) this.send({ type: 'auth', token });
    };
    socket.onmessage = (event) => {
      if (this.socket === socket) this.receive(event.data, token);
    };
    socket.onclose = (event) => {
      if (this.socket === socket) this.lost(event.code, token);
    };
  }

  private receive(raw: unknown, token: string): void {
    const message = parseServerMessage(raw);
    if (!message) return;
    switch (message.type) {
      case 'ready':
        this.becameReady(token);
        return;
      case 'result':
        this.settle(message.id, (call) => call.resolve(message.result));
        return;
      case 'error':
        this.receiveError(message.id, message.error);
        return;
      case 'event': {
        const subscription = this.subscriptions.get(message.id);
        subscription?.handlers.onData(message.data as never, message.kind);
        return;
      }
    }
  }

  private becameReady(token: string): void {
    this.clearConnectTimer();
    this.ready = true;
    this.backoff.reset();
    this.options.onTokenAccepted?.(token);
    for (const [id, sub] of this.subscriptions) this.send({ type: 'subscribe', id, topic: sub.topic, params: sub.params });
    for (const [id, call] of this.pending) if (!call.sent) this.sendCall(id, call);
    this.connection.set('connected');
  }

  private receiveError(id: number | undefined, body: ApiErrorBody): void {
    if (id === undefined) {
      if (body.code === 'unauthorized') this.tokenRejected = true;
      return;
    }
    if (this.pending.has(id)) {
      this.settle(id, (call) => call.reject(new ApiClientError(body.code, body.message, call.method)));
      return;
    }
    const subscription = this.subscriptions.get(id);
    if (subscription) {
      this.subscriptions.delete(id);
      subscription.handlers.onError?.(new ApiClientError(body.code, body.message, subscription.topic));
    }
  }

  /** The socket closed: fail what was in flight, then retry unless the token was refused. */
  private lost(closeCode: number, token: string): void {
    this.socket = null;
    this.ready = false;
    this.clearConnectTimer();
    this.failCallsInFlight();
    if (closeCode === CLOSE_UNAUTHORIZED || this.tokenRejected) {
      this.tokenRejected = true;
      this.token = null;
      this.options.onTokenRejected?.(token);
      this.rejectAll('unauthorized', () => 'The engine rejected the access token');
      this.connection.set('unauthorized');
      return;
    }
    this.connection.set('reconnecting');
    this.retryTimer = setTimeout(() => this.connect(), this.backoff.next());
  }

  /** Calls already sent can never be answered on a new socket. */
  private failCallsInFlight(): void {
    for (const [id, call] of this.pending) {
      if (!call.sent) continue;
      this.settle(id, (c) =>
        c.reject(new ApiClientError('disconnected', `Lost the connection to the engine before "${c.method}" answered`, c.method)),
      );
    }
  }

  private sendCall(id: number, call: PendingCall): void {
    call.sent = true;
    this.send(call.message);
  }

  private timeOut(id: number): void {
    const call = this.pending.get(id);
    if (!call) return;
    this.pending.delete(id);
    if (call.sent && this.ready) this.send({ type: 'cancel', id });
    const seconds = Math.round(this.callTimeoutMs / 1000);
    call.reject(new ApiClientError('timeout', `The engine did not answer "${call.method}" within ${seconds} s`, call.method));
  }

  private settle(id: number, finish: (call: PendingCall) => void): void {
    const call = this.pending.get(id);
    if (!call) return;
    this.pending.delete(id);
    clearTimeout(call.timer);
    finish(call);
  }

  private rejectAll(code: ApiClientErrorCode, message: () => string): void {
    for (const id of [...this.pending.keys()]) {
      this.settle(id, (call) => call.reject(new ApiClientError(code, message(), call.method)));
    }
  }

  private send(message: ClientMessage): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  private dropSocket(): void {
    this.clearRetry();
    this.clearConnectTimer();
    const socket = this.socket;
    this.socket = null;
    this.ready = false;
    if (socket) {
      socket.onopen = socket.onmessage = socket.onclose = null;
      socket.close();
    }
    this.failCallsInFlight();
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private clearConnectTimer(): void {
    if (this.connectTimer !== null) clearTimeout(this.connectTimer);
    this.connectTimer = null;
  }
}

function parseServerMessage(raw: unknown): ServerMessage | null {
  if (typeof raw !== 'string') return null;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string') {
      return value as ServerMessage;
    }
  } catch {
    // Not JSON: ignored, the engine never sends that.
  }
  return null;
}
