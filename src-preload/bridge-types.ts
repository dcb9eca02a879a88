/**
 * What the preload exposes to the renderer as `window.controlRoom`, and the IPC channel names.
 * Imported as types by the renderer, and as values by the preload and the Electron main process.
 */
export interface BridgeError {
  code: string;
  message: string;
}

export type BridgeCallResult = { ok: true; result: unknown } | { ok: false; error: BridgeError };

export type BridgeTopicMessage =
  | { kind: 'snapshot' | 'change'; data: unknown }
  | { kind: 'error'; error: BridgeError };

export interface ControlRoomBridge {
  readonly shell: 'desktop';
  call(method: string, input?: unknown): Promise<BridgeCallResult>;
  /** Returns a function that ends the subscription. */
  subscribe(topic: string, params: unknown, listener: (message: BridgeTopicMessage) => void): () => void;
}

export const IPC_CHANNELS = {
  call: 'control-room:call',
  subscribe: 'control-room:subscribe',
  unsubscribe: 'control-room:unsubscribe',
  topicMessage: 'control-room:topic-message',
} as const;

/** Sent on IPC_CHANNELS.topicMessage: which subscription the message belongs to. */
export interface IpcTopicEnvelope {
  subscriptionId: number;
  message: BridgeTopicMessage;
}
