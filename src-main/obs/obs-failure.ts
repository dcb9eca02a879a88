import type { ObsFailureKind } from './obs-types';

/** obs-websocket's close codes (WebSocketCloseCode in the protocol). */
const CLOSE_AUTHENTICATION_FAILED = 4009;
const CLOSE_UNSUPPORTED_RPC_VERSION = 4010;
const CLOSE_SESSION_INVALIDATED = 4011;
const CLOSE_GOING_AWAY = 1001;

export interface ClassifiedFailure {
  kind: ObsFailureKind;
  message: string;
}

interface FailureInput {
  /** obs-websocket-js's OBSWebSocketError code (a close code, or -1 for socket errors). */
  code?: number | undefined;
  message?: string | undefined;
  /** True when the link was up (identified) before it failed. */
  wasConnected?: boolean;
  /** Whether a password was configured. */
  hadPassword?: boolean;
}

/** Turns what obs-websocket-js or the socket reported into a reason an operator understands. */
export function classifyObsFailure(input: FailureInput): ClassifiedFailure {
  const text = input.message ?? '';
  if (input.code === CLOSE_AUTHENTICATION_FAILED) {
    return input.hadPassword
      ? { kind: 'wrong_password', message: 'wrong password (OBS refused the authentication)' }
      : { kind: 'password_required', message: 'OBS requires a password' };
  }
  if (input.code === CLOSE_UNSUPPORTED_RPC_VERSION) return { kind: 'incompatible', message: 'this OBS speaks an unsupported obs-websocket version' };
  if (input.code === CLOSE_SESSION_INVALIDATED) return { kind: 'kicked', message: 'OBS ended the session (kicked from OBS)' };
  if (/ECONNREFUSED/.test(text)) return { kind: 'refused', message: 'connection refused: OBS is not running or its WebSocket server is off' };
  if (/ENOTFOUND|EAI_AGAIN/.test(text)) return { kind: 'host_not_found', message: 'host not found' };
  if (/EHOSTUNREACH|ENETUNREACH|EADDRNOTAVAIL/.test(text)) return { kind: 'unreachable', message: 'host unreachable' };
  if (/ETIMEDOUT|timed out/i.test(text)) return { kind: 'timeout', message: text && /timed out/i.test(text) ? text : 'timed out' };
  if (/subprotocol|Unexpected server response|Invalid WebSocket frame|Parse Error/i.test(text)) {
    return { kind: 'not_obs', message: 'something answered, but not obs-websocket 5' };
  }
  if (input.code === CLOSE_GOING_AWAY) return { kind: 'obs_exited', message: 'OBS closed the connection (OBS is shutting down)' };
  if (input.wasConnected) return { kind: 'connection_lost', message: 'connection lost' };
  if (/ECONNRESET|socket hang up/i.test(text)) return { kind: 'connection_lost', message: 'connection reset before OBS answered' };
  return { kind: 'error', message: text ? text.slice(0, 200) : `closed${input.code !== undefined && input.code > 0 ? ` (code ${input.code})` : ''}` };
}

/** A connect attempt that got no answer in time. */
export function connectTimeout(ms: number): ClassifiedFailure {
  return { kind: 'timeout', message: `timed out: no answer from OBS within ${Math.round(ms / 1000)} s` };
}

/** `ws://host:port`, with IPv6 literals bracketed. */
export function websocketUrl(host: string, port: number): string {
  const bare = host.replace(/^\[|\]$/g, '');
  return `ws://${bare.includes(':') ? `[${bare}]` : bare}:${port}`;
}
