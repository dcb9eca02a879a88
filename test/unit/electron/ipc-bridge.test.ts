/**
 * The IPC bridge with a FAKE ipcMain and FAKE WebContents (the Electron shell cannot run here;
 * see fakes.ts) in front of a REAL ApiRouter.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { procedure, topic } from '../../../src-main/api/define';
import { ApiError } from '../../../src-main/api/errors';
import { ApiRouter, type ApiDispatcher, type CallContext } from '../../../src-main/api/router';
import { createIpcBridge, MAX_METHOD_LENGTH, UNSUBSCRIBE_ALL_ID } from '../../../src-main/electron/ipc-bridge';
import { createAppUrlMatcher } from '../../../src-main/electron/window-security';
import { IPC_CHANNELS, type BridgeCallResult, type IpcTopicEnvelope } from '../../../src-preload/bridge-types';
import { FakeIpcMain, FakeWebContents, fakeEvent, recordingLogger } from './fakes';

const rendererIndex = path.resolve('/opt/control-room/dist/renderer/index.html');
const APP_URL = pathToFileURL(rendererIndex).href;

const procedures = {
  'math.add': procedure<number>()(z.strictObject({ a: z.number(), b: z.number() }), 'Adds'),
  'boom.internal': procedure<null>()(z.strictObject({}), 'Throws a plain Error'),
  'boom.api': procedure<null>()(z.strictObject({}), 'Throws an ApiError'),
  'ctx.echo': procedure<CallContext>()(z.strictObject({}), 'Returns the call context'),
};
const topics = {
  counter: topic<number>()(z.strictObject({ start: z.number().int().default(0) }), 'Counts'),
};

function setup(options: { snapshotGate?: Promise<void> } = {}) {
  const router = new ApiRouter(procedures, topics);
  router.implement('math.add', ({ a, b }) => a + b);
  router.implement('boom.internal', () => {
    throw new Error('secret detail at /home/operator/.config');
  });
  router.implement('boom.api', () => {
    throw new ApiError('conflict', 'Camera already exists');
  });
  router.implement('ctx.echo', (_input, ctx) => ctx);
  const changeListeners = new Set<(n: number) => void>();
  router.provide('counter', {
    snapshot: async ({ start }) => {
      await options.snapshotGate;
      return start;
    },
    subscribe: (_p, onChange) => {
      changeListeners.add(onChange);
      return () => changeListeners.delete(onChange);
    },
  });
  const ipcMain = new FakeIpcMain();
  const logger = recordingLogger();
  const bridge = createIpcBridge({ ipcMain, api: router, isTrustedSender: createAppUrlMatcher(rendererIndex), logger });
  const contents = new FakeWebContents();
  const appEvent = fakeEvent(contents, APP_URL);
  const call = (method: unknown, input?: unknown) => ipcMain.invoke(IPC_CHANNELS.call, appEvent, method, input) as Promise<BridgeCallResult>;
  const change = (n: number) => {
    for (const l of changeListeners) l(n);
  };
  return { router, ipcMain, logger, bridge, contents, appEvent, call, change, changeListeners };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('ipc-bridge: calls', () => {
  it('returns the result in an ok envelope, with transport ipc', async () => {
    const { call } = setup();
    await expect(call('math.add', { a: 2, b: 3 })).resolves.toEqual({ ok: true, result: 5 });
    await expect(call('ctx.echo', {})).resolves.toEqual({ ok: true, result: { transport: 'ipc' } });
  });

  it('maps an ApiError to its code and message', async () => {
    const { call } = setup();
    await expect(call('boom.api', {})).resolves.toEqual({ ok: false, error: { code: 'conflict', message: 'Camera already exists' } });
    await expect(call('nope', {})).resolves.toMatchObject({ ok: false, error: { code: 'not_found' } });
    await expect(call('math.add', { a: 'x' })).resolves.toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('turns an unexpected error into internal with no stack or detail, and logs it', async () => {
    const { call, logger } = setup();
    const reply = await call('boom.internal', {});
    expect(reply).toEqual({ ok: false, error: { code: 'internal', message: 'Internal error' } });
    const serialized = JSON.stringify(reply);
    expect(serialized).not.toContain('secret detail');
    expect(serialized).not.toMatch(/\bat .*\.ts:\d+/);
    expect(serialized).not.toContain('stack');
    const logged = logger.records.find((r) => r.level === 'error');
    expect(String(logged?.context?.error)).toContain('secret detail');
  });

  it('maps calls after the engine closed to unavailable', async () => {
    const { call, router } = setup();
    router.close();
    await expect(call('math.add', { a: 1, b: 1 })).resolves.toEqual({ ok: false, error: { code: 'unavailable', message: 'The engine is shutting down' } });
  });

  it('rejects a method that is not a string of at most 100 characters', async () => {
    const { call } = setup();
    for (const method of [42, null, undefined, '', 'x'.repeat(MAX_METHOD_LENGTH + 1), { toString: () => 'math.add' }]) {
      await expect(call(method, {})).resolves.toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
  });

  it('refuses senders that are not our renderer document', async () => {
    const { ipcMain, contents, logger } = setup();
    const others = [
      'https://evil.example/index.html',
      'http://127.0.0.1:7800/',
      pathToFileURL(path.resolve('/tmp/index.html')).href,
      pathToFileURL(path.resolve('/opt/control-room/dist/renderer/other.html')).href,
      'devtools://devtools/bundled/index.html',
      null, // frame navigated away or destroyed
    ];
    for (const url of others) {
      const reply = await ipcMain.invoke(IPC_CHANNELS.call, fakeEvent(contents, url), 'math.add', { a: 1, b: 2 });
      expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(logger.records.filter((r) => r.level === 'warn' && r.message.includes('untrusted'))).toHaveLength(others.length);
    // Our own document, with a fragment (client-side route), is trusted.
    await expect(ipcMain.invoke(IPC_CHANNELS.call, fakeEvent(contents, `${APP_URL}#/cameras`), 'math.add', { a: 1, b: 2 })).resolves.toEqual({
      ok: true,
      result: 3,
    });
  });

  it('dispose removes the handlers', () => {
    const { ipcMain, bridge } = setup();
    expect(ipcMain.handlers.has(IPC_CHANNELS.call)).toBe(true);
    bridge.dispose();
    bridge.dispose();
    expect(ipcMain.handlers.size).toBe(0);
    expect(ipcMain.listenerCount(IPC_CHANNELS.subscribe)).toBe(0);
    expect(ipcMain.listenerCount(IPC_CHANNELS.unsubscribe)).toBe(0);
  });
});

describe('ipc-bridge: subscriptions', () => {
  it('forwards the snapshot then changes as topic-message envelopes', async () => {
    const { ipcMain, contents, appEvent, change, bridge } = setup();
    ipcMain.emit(IPC_CHANNELS.subscribe, appEvent, 1, 'counter', { start: 5 });
    await settle();
    change(6);
    change(7);
    expect(contents.sent.every((s) => s.channel === IPC_CHANNELS.topicMessage)).toBe(true);
    expect(contents.messages()).toEqual<IpcTopicEnvelope[]>([
      { subscriptionId: 1, message: { kind: 'snapshot', data: 5 } },
      { subscriptionId: 1, message: { kind: 'change', data: 6 } },
      { subscriptionId: 1, message: { kind: 'change', data: 7 } },
    ]);
    expect(bridge.subscriptionCount()).toBe(1);
  });

  it('stops forwarding after unsubscribe and releases the source', async () => {
    const { ipcMain, contents, appEvent, change, changeListeners, bridge } = setup();
    ipcMain.emit(IPC_CHANNELS.subscribe, appEvent, 1, 'counter', {});
    await settle();
    ipcMain.emit(IPC_CHANNELS.unsubscribe, appEvent, 1);
    change(1);
    expect(contents.messages()).toHaveLength(1);
    expect(changeListeners.size).toBe(0);
    expect(bridge.subscriptionCount()).toBe(0);
  });

  it('cleans up every subscription of a webContents when it is destroyed', async () => {
    const { ipcMain, contents, appEvent, change, changeListeners, bridge } = setup();
    ipcMain.emit(IPC_CHANNELS.subscribe, appEvent, 1, 'counter', {});
    ipcMain.emit(IPC_CHANNELS.subscribe, appEvent, 2, 'counter', {});
    const other = new FakeWebContents();
    ipcMain.emit(IPC_CHANNELS.subscribe, fakeEvent(other, APP_URL), 1, 'counter', {});
    await settle();
    expect(changeListeners.size).toBe(3);
    contents.destroy();
    expect(changeListeners.size).toBe(1);
    expect(bridge.subscriptionCount()).toBe(1);
    change(9);
    expect(other.messages().at(-1)).toEqual({ subscriptionId: 1, message: { kind: 'change', data: 9 } });
  });

  it('cleans up when the renderer process is gone, and on the reset a reloaded preload sends', async () => {
    const { ipcMain, contents, appEvent, changeListeners } = setup();
    ipcMain.emit(IPC_CHANNELS.subscribe, appEvent, 1, 'counter', {});
    await settle();
    contents.emit('render-process-gone');
    expect(changeListeners.size).toBe(0);
    ipcMain.emit(IPC_CHANNELS.subscribe, appEvent, 1, 'counter', {});
    ipcMain.emit(IPC_CHANNELS.subscribe, appEvent, 2, 'counter', {});
    await settle();
    ipcMain.emit(IPC_CHANNELS.unsubscribe, appEvent, UNSUBSCRIBE_ALL_ID);
    expect(changeListeners.size).toBe(0);
  });

  it('releases a subscription ended before the engine finished setting it up', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const { ipcMain, contents, appEvent, changeListeners, bridge } = setup({ snapshotGate: gate });
    ipcMain.emit(IPC_CHANNELS.subscribe, appEvent, 1, 'counter', {});
    contents.destroy();
    open();
    await settle();
    expect(changeListeners.size).toBe(0);
    expect(contents.sent).toHaveLength(0);
    expect(bridge.subscriptionCount()).toBe(0);
  });

  it('replaces a subscription whose id is reused', async () => {
    const { ipcMain, appEvent, changeListeners, bridge } = setup();
    ipcMain.emit(IPC_CHANNELS.subscribe, appEvent, 1, 'counter', {});
    ipcMain.emit(IPC_CHANNELS.subscribe, appEvent, 1, 'counter', {});
    await settle();
    expect(changeListeners.size).toBe(1);
    expect(bridge.subscriptionCount()).toBe(1);
  });

  it('sends an error message for an unknown topic or bad params, without a stack', async () => {
    const { ipcMain, contents, appEvent, bridge } = setup();
    ipcMain.emit(IPC_CHANNELS.subscribe, appEvent, 1, 'nope', {});
    ipcMain.emit(IPC_CHANNELS.subscribe, appEvent, 2, 'counter', { start: 'x' });
    ipcMain.emit(IPC_CHANNELS.subscribe, appEvent, 3, 'x'.repeat(101), {});
    await settle();
    const byId = new Map((contents.messages() as IpcTopicEnvelope[]).map((m) => [m.subscriptionId, m.message]));
    expect(byId.get(1)).toMatchObject({ kind: 'error', error: { code: 'not_found' } });
    expect(byId.get(2)).toMatchObject({ kind: 'error', error: { code: 'invalid_input' } });
    expect(byId.get(3)).toMatchObject({ kind: 'error', error: { code: 'invalid_input' } });
    expect(JSON.stringify(contents.messages())).not.toContain('stack');
    expect(bridge.subscriptionCount()).toBe(0);
  });

  it('ignores subscriptions from untrusted senders and invalid ids', async () => {
    const { ipcMain, contents, changeListeners } = setup();
    ipcMain.emit(IPC_CHANNELS.subscribe, fakeEvent(contents, 'https://evil.example/'), 1, 'counter', {});
    for (const id of [0, -1, 1.5, '1', null]) ipcMain.emit(IPC_CHANNELS.subscribe, fakeEvent(contents, APP_URL), id, 'counter', {});
    await settle();
    expect(changeListeners.size).toBe(0);
    expect(contents.sent).toHaveLength(0);
  });

  it('does not send to a destroyed webContents', async () => {
    const stale: ApiDispatcher = {
      call: async () => null,
      // A source that keeps sending after the page is gone.
      subscribe: async (_name, _params, listener) => {
        setTimeout(() => listener('change', 1), 0);
        return () => undefined;
      },
    };
    const ipcMain = new FakeIpcMain();
    createIpcBridge({ ipcMain, api: stale, isTrustedSender: createAppUrlMatcher(rendererIndex), logger: recordingLogger() });
    const contents = new FakeWebContents();
    ipcMain.emit(IPC_CHANNELS.subscribe, fakeEvent(contents, APP_URL), 1, 'counter', {});
    await Promise.resolve();
    contents.destroy();
    await settle();
    expect(contents.sent).toHaveLength(0);
  });

  it('dispose ends every subscription', async () => {
    const { ipcMain, appEvent, changeListeners, bridge } = setup();
    ipcMain.emit(IPC_CHANNELS.subscribe, appEvent, 1, 'counter', {});
    ipcMain.emit(IPC_CHANNELS.subscribe, appEvent, 2, 'counter', {});
    await settle();
    bridge.dispose();
    expect(changeListeners.size).toBe(0);
  });
});
