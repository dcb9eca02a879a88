import type {
  ProcedureInput,
  ProcedureName,
  ProcedureOutput,
  TopicData,
  TopicName,
  TopicParams,
} from '../../src-main/api/contract';
import type { ApiClientError } from './api-client-error';
import type { ReadonlyObservable } from './observable';

/**
 * - connecting: first attempt in progress
 * - connected: calls and subscriptions flow
 * - reconnecting: the link dropped (or never came up); retrying with backoff
 * - unauthorized: no access token, or the engine rejected it; waiting for `signIn`
 */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'unauthorized';

export type TopicEventKind = 'snapshot' | 'change';

export type Unsubscribe = () => void;

export interface TopicHandlers<T extends TopicName> {
  /** First a snapshot, then every change; both carry the whole new value. */
  onData(data: TopicData<T>, kind: TopicEventKind): void;
  /** The engine refused the subscription (e.g. bad params). It is not retried. */
  onError?(error: ApiClientError): void;
}

/** The one way the renderer talks to the engine, whatever carries it (Electron IPC or WebSocket). */
export interface ApiClient {
  readonly transport: 'ipc' | 'ws';
  readonly connection: ReadonlyObservable<ConnectionState>;
  /** Rejects with an ApiClientError. */
  call<P extends ProcedureName>(name: P, input: ProcedureInput<P>): Promise<ProcedureOutput<P>>;
  /** Live subscriptions survive reconnects: each reconnect delivers a fresh snapshot. */
  subscribe<T extends TopicName>(topic: T, params: TopicParams<T>, handlers: TopicHandlers<T>): Unsubscribe;
  /** Uses a new access token (no-op where the transport needs none). */
  signIn(token: string): void;
  close(): void;
}

export const CALL_TIMEOUT_MS = 15_000;
