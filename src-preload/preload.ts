/**
 * The sandboxed preload (bundled to CommonJS: dist/preload/preload.cjs). It exposes exactly one
 * object, `window.controlRoom`, implementing ControlRoomBridge; ipcRenderer itself never
 * reaches the page. Imports nothing but `electron` and the bridge types.
 */
import { contextBridge, ipcRenderer } from 'electron';
import {
  IPC_CHANNELS,
  type BridgeCallResult,
  type BridgeTopicMessage,
  type ControlRoomBridge,
  type IpcTopicEnvelope,
} from './bridge-types';

/** `unsubscribe` with id 0 ends every subscription of this page (see ipc-bridge.ts). */
const UNSUBSCRIBE_ALL_ID = 0;

type Listener = (message: BridgeTopicMessage) => void;

const listeners = new Map<number, Listener>();
let nextSubscriptionId = 1;

function isEnvelope(value: unknown): value is IpcTopicEnvelope {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.subscriptionId === 'number' && typeof v.message === 'object' && v.message !== null;
}

function isCallResult(value: unknown): value is BridgeCallResult {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

// A reloaded page gets a fresh preload whose ids restart at 1: drop what the last page left.
ipcRenderer.send(IPC_CHANNELS.unsubscribe, UNSUBSCRIBE_ALL_ID);

// One dispatcher for every subscription.
ipcRenderer.on(IPC_CHANNELS.topicMessage, (_event, envelope: unknown) => {
  if (!isEnvelope(envelope)) return;
  const listener = listeners.get(envelope.subscriptionId);
  if (!listener) return;
  try {
    listener(envelope.message);
  } catch (err) {
    console.error('controlRoom: a subscription listener threw', err);
  }
});

const bridge: ControlRoomBridge = {
  shell: 'desktop',

  async call(method: string, input?: unknown): Promise<BridgeCallResult> {
    try {
      const result: unknown = await ipcRenderer.invoke(IPC_CHANNELS.call, method, input);
      if (isCallResult(result)) return result;
      return { ok: false, error: { code: 'internal', message: 'Malformed reply from the main process' } };
    } catch (err) {
      // No handler (the app is quitting) or an argument that cannot be cloned.
      const message = err instanceof Error ? err.message : String(err);
      return { ok: false, error: { code: 'unavailable', message: `IPC call failed: ${message}` } };
    }
  },

  subscribe(topic: string, params: unknown, listener: Listener): () => void {
    if (typeof listener !== 'function') throw new TypeError('subscribe needs a listener function');
    const id = nextSubscriptionId++;
    listeners.set(id, listener);
    try {
      ipcRenderer.send(IPC_CHANNELS.subscribe, id, topic, params);
    } catch (err) {
      listeners.delete(id); // params that cannot be cloned: nothing was subscribed
      throw err;
    }
    return () => {
      if (listeners.delete(id)) ipcRenderer.send(IPC_CHANNELS.unsubscribe, id);
    };
  },
};

contextBridge.exposeInMainWorld('controlRoom', Object.freeze(bridge));
