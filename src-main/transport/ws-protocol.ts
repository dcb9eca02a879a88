import type { ApiErrorBody } from '../api/errors';
import type { TopicMessageKind } from '../api/router';

/**
 * The WebSocket envelope, shared by the engine and every client (renderer, automation,
 * remote stations). A browser cannot set headers on a WebSocket, so the first message
 * authenticates unless the upgrade request carried `Authorization: Bearer`.
 */
export type ClientMessage =
  | { type: 'auth'; token: string }
  | { type: 'call'; id: number; method: string; input?: unknown }
  | { type: 'cancel'; id: number }
  | { type: 'subscribe'; id: number; topic: string; params?: unknown }
  | { type: 'unsubscribe'; id: number };

export type ServerMessage =
  | { type: 'ready'; version: string; nodeId: string }
  | { type: 'result'; id: number; result: unknown }
  | { type: 'error'; id?: number; error: ApiErrorBody }
  | { type: 'event'; id: number; topic: string; kind: TopicMessageKind; data: unknown };

/** Close codes in the application range (4000–4999). */
export const WS_CLOSE = {
  unauthorized: 4401,
  authTimeout: 4408,
  shuttingDown: 4503,
} as const;

export const WS_PATH = '/ws';
export const WS_AUTH_TIMEOUT_MS = 5_000;
