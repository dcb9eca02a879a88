/**
 * The Electron IPC adapter of the API: the preload's `controlRoom.call` / `subscribe` arrive
 * here and go to the engine's dispatcher with `transport: 'ipc'`.
 *
 * It takes its Electron dependencies as parameters (structural types below, which the real
 * `ipcMain` and `WebContents` satisfy), so it is unit-tested with fakes and never imports
 * `electron` at runtime.
 *
 * Trust: only our own renderer document (see window-security `createAppUrlMatcher`) may call.
 * Anything else is refused and logged. Errors cross as `{ code, message }`, never a stack.
 */
import { ApiError, ClosedError, toErrorBody } from '../api/errors';
import type { ApiDispatcher, TopicMessageKind } from '../api/router';
import type { Logger } from '../logging/logger';
import {
  IPC_CHANNELS,
  type BridgeCallResult,
  type BridgeError,
  type BridgeTopicMessage,
  type IpcTopicEnvelope,
} from '../../src-preload/bridge-types';

export const MAX_METHOD_LENGTH = 100;
export const MAX_TOPIC_LENGTH = 100;
/**
 * `unsubscribe` with this id ends every subscription of the sending page. The preload sends it
 * once when it loads, so a reloaded page starts clean (its ids restart at 1), in order with the
 * page's own messages.
 */
export const UNSUBSCRIBE_ALL_ID = 0;

export interface BridgeFrame {
  readonly url: string;
}

export interface BridgeWebContents {
  readonly id: number;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): unknown;
  on(event: 'render-process-gone', listener: () => void): unknown;
}

export interface BridgeEvent {
  readonly sender: BridgeWebContents;
  /** Null when the frame navigated or was destroyed since it sent the message. */
  readonly senderFrame: BridgeFrame | null;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- mirrors Electron's own listener types */
export interface BridgeIpcMain {
  handle(channel: string, listener: (event: BridgeEvent, ...args: any[]) => unknown): void;
  removeHandler(channel: string): void;
  on(channel: string, listener: (event: BridgeEvent, ...args: any[]) => void): unknown;
  removeListener(channel: string, listener: (event: BridgeEvent, ...args: any[]) => void): unknown;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

export interface IpcBridgeOptions {
  ipcMain: BridgeIpcMain;
  api: ApiDispatcher;
  /** Whether a frame URL is our renderer's document. */
  isTrustedSender(url: string): boolean;
  logger: Logger;
}

export interface IpcBridge {
  /** Live subscriptions, for tests and diagnostics. */
  subscriptionCount(): number;
  /** Removes the handlers and ends every subscription; idempotent. */
  dispose(): void;
}

interface Subscription {
  ended: boolean;
  unsubscribe: (() => void) | null;
}

interface ContentsEntry {
  contents: BridgeWebContents;
  subscriptions: Map<number, Subscription>;
}

const FORBIDDEN: BridgeError = { code: 'forbidden', message: 'IPC refused: the sender is not the Control Room window' };

export function createIpcBridge(options: IpcBridgeOptions): IpcBridge {
  const { ipcMain, api, logger } = options;
  const tracked = new Map<number, ContentsEntry>();
  let disposed = false;

  const senderUrl = (event: BridgeEvent): string | null => event.senderFrame?.url ?? null;

  const isTrusted = (event: BridgeEvent, channel: string): boolean => {
    const url = senderUrl(event);
    if (url !== null && options.isTrustedSender(url)) return true;
    logger.warn('Refused IPC from an untrusted sender', { channel, url: url ?? '(frame gone)', webContentsId: event.sender.id });
    return false;
  };

  const errorBody = (err: unknown, what: Record<string, unknown>): BridgeError => {
    if (err instanceof ClosedError) return { code: 'unavailable', message: 'The engine is shutting down' };
    if (!(err instanceof ApiError)) {
      logger.error('Unexpected error behind IPC', { ...what, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    }
    return toErrorBody(err);
  };

  const send = (contents: BridgeWebContents, subscriptionId: number, message: BridgeTopicMessage) => {
    if (contents.isDestroyed()) return;
    const envelope: IpcTopicEnvelope = { subscriptionId, message };
    try {
      contents.send(IPC_CHANNELS.topicMessage, envelope);
    } catch (err) {
      logger.warn('Could not forward a topic message', { subscriptionId, error: err instanceof Error ? err.message : String(err) });
    }
  };

  const end = (sub: Subscription) => {
    if (sub.ended) return;
    sub.ended = true;
    const unsubscribe = sub.unsubscribe;
    sub.unsubscribe = null;
    if (!unsubscribe) return;
    try {
      unsubscribe();
    } catch (err) {
      logger.warn('Unsubscribe failed', { error: err instanceof Error ? err.message : String(err) });
    }
  };

  const endAll = (entry: ContentsEntry) => {
    for (const sub of entry.subscriptions.values()) end(sub);
    entry.subscriptions.clear();
  };

  const track = (contents: BridgeWebContents): ContentsEntry => {
    let entry = tracked.get(contents.id);
    if (entry) return entry;
    const created: ContentsEntry = { contents, subscriptions: new Map() };
    tracked.set(contents.id, created);
    contents.once('destroyed', () => {
      endAll(created);
      tracked.delete(contents.id);
    });
    contents.on('render-process-gone', () => endAll(created));
    entry = created;
    return entry;
  };

  const onCall = async (event: BridgeEvent, method: unknown, input: unknown): Promise<BridgeCallResult> => {
    if (!isTrusted(event, IPC_CHANNELS.call)) return { ok: false, error: FORBIDDEN };
    if (typeof method !== 'string' || method.length === 0 || method.length > MAX_METHOD_LENGTH) {
      return { ok: false, error: { code: 'invalid_input', message: `method must be a non-empty string of at most ${MAX_METHOD_LENGTH} characters` } };
    }
    try {
      const result = await api.call(method, input, { transport: 'ipc' });
      return { ok: true, result };
    } catch (err) {
      return { ok: false, error: errorBody(err, { method }) };
    }
  };

  const onSubscribe = (event: BridgeEvent, id: unknown, topic: unknown, params: unknown): void => {
    if (!isTrusted(event, IPC_CHANNELS.subscribe)) return;
    if (!isSubscriptionId(id)) {
      logger.warn('Refused a subscription with an invalid id', { id: String(id) });
      return;
    }
    const entry = track(event.sender);
    const { contents } = entry;
    if (typeof topic !== 'string' || topic.length === 0 || topic.length > MAX_TOPIC_LENGTH) {
      send(contents, id, { kind: 'error', error: { code: 'invalid_input', message: `topic must be a non-empty string of at most ${MAX_TOPIC_LENGTH} characters` } });
      return;
    }
    const previous = entry.subscriptions.get(id);
    if (previous) {
      logger.warn('Subscription id reused: replacing the old subscription', { id, topic });
      end(previous);
    }
    const sub: Subscription = { ended: false, unsubscribe: null };
    entry.subscriptions.set(id, sub);
    const listener = (kind: TopicMessageKind, data: unknown) => {
      if (!sub.ended) send(contents, id, { kind, data });
    };
    api.subscribe(topic, params, listener).then(
      (unsubscribe) => {
        if (sub.ended) unsubscribe();
        else sub.unsubscribe = unsubscribe;
      },
      (err: unknown) => {
        if (sub.ended) return;
        sub.ended = true;
        if (entry.subscriptions.get(id) === sub) entry.subscriptions.delete(id);
        send(contents, id, { kind: 'error', error: errorBody(err, { topic }) });
      },
    );
  };

  const onUnsubscribe = (event: BridgeEvent, id: unknown): void => {
    if (!isTrusted(event, IPC_CHANNELS.unsubscribe)) return;
    const entry = tracked.get(event.sender.id);
    if (!entry) return;
    if (id === UNSUBSCRIBE_ALL_ID) {
      endAll(entry);
      return;
    }
    if (!isSubscriptionId(id)) return;
    const sub = entry.subscriptions.get(id);
    if (!sub) return;
    end(sub);
    entry.subscriptions.delete(id);
  };

  ipcMain.handle(IPC_CHANNELS.call, onCall);
  ipcMain.on(IPC_CHANNELS.subscribe, onSubscribe);
  ipcMain.on(IPC_CHANNELS.unsubscribe, onUnsubscribe);

  return {
    subscriptionCount() {
      let n = 0;
      for (const entry of tracked.values()) n += entry.subscriptions.size;
      return n;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      ipcMain.removeHandler(IPC_CHANNELS.call);
      ipcMain.removeListener(IPC_CHANNELS.subscribe, onSubscribe);
      ipcMain.removeListener(IPC_CHANNELS.unsubscribe, onUnsubscribe);
      for (const entry of tracked.values()) endAll(entry);
      tracked.clear();
    },
  };
}

function isSubscriptionId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}
