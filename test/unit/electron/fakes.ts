/**
 * Named fakes for the Electron shell's tests. The Electron binary cannot run here, so ipcMain
 * and WebContents are stood in for by these minimal objects with the same shape; everything
 * behind them (the API router, the logger interface) is real.
 */
import { EventEmitter } from 'node:events';
import type { BridgeEvent, BridgeIpcMain, BridgeWebContents } from '../../../src-main/electron/ipc-bridge';
import type { LogContext, Logger } from '../../../src-main/logging/logger';

/* eslint-disable @typescript-eslint/no-explicit-any -- the same listener types as ipcMain */
type Listener = (event: BridgeEvent, ...args: any[]) => unknown;

/** FAKE ipcMain: records handlers and listeners; tests drive them with invoke()/emit(). */
export class FakeIpcMain implements BridgeIpcMain {
  readonly handlers = new Map<string, Listener>();
  readonly listeners = new Map<string, Set<Listener>>();

  handle(channel: string, listener: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  on(channel: string, listener: Listener): this {
    let set = this.listeners.get(channel);
    if (!set) this.listeners.set(channel, (set = new Set()));
    set.add(listener);
    return this;
  }
  removeListener(channel: string, listener: Listener): this {
    this.listeners.get(channel)?.delete(listener);
    return this;
  }

  async invoke(channel: string, event: BridgeEvent, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler(event, ...args);
  }
  emit(channel: string, event: BridgeEvent, ...args: unknown[]): void {
    for (const listener of this.listeners.get(channel) ?? []) listener(event, ...args);
  }
  listenerCount(channel: string): number {
    return this.listeners.get(channel)?.size ?? 0;
  }
}
/* eslint-enable @typescript-eslint/no-explicit-any */

let nextContentsId = 1;

/** FAKE WebContents: records what was sent to the page. */
export class FakeWebContents extends EventEmitter implements BridgeWebContents {
  readonly id = nextContentsId++;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  private destroyed = false;

  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push({ channel, args });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
    this.emit('destroyed');
  }
  /** As IPC_CHANNELS.topicMessage payloads. */
  messages(): unknown[] {
    return this.sent.map((s) => s.args[0]);
  }
}

export function fakeEvent(sender: FakeWebContents, frameUrl: string | null): BridgeEvent {
  return { sender, senderFrame: frameUrl === null ? null : { url: frameUrl } };
}

export interface RecordedLog {
  level: string;
  message: string;
  context?: LogContext;
}

/** A real Logger implementation that keeps records in memory. */
export function recordingLogger(records: RecordedLog[] = [], name = 'test'): Logger & { records: RecordedLog[] } {
  const log = (level: string) => (message: string, context?: LogContext) => {
    records.push(context === undefined ? { level, message } : { level, message, context });
  };
  return {
    name,
    records,
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: (n) => recordingLogger(records, typeof n === 'string' ? `${name}.${n}` : name),
  };
}
