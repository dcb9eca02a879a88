/**
 * The preload, loaded with `electron` replaced by FAKE contextBridge / ipcRenderer objects
 * (vi.mock: the real package cannot load here; Electron's binary is not installed).
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC_CHANNELS, type BridgeTopicMessage, type ControlRoomBridge } from '../../../src-preload/bridge-types';

const fake = vi.hoisted(() => {
  type Handler = (event: unknown, ...args: unknown[]) => void;
  const exposed = new Map<string, unknown>();
  const sent: { channel: string; args: unknown[] }[] = [];
  const onHandlers = new Map<string, Handler[]>();
  const invoke = vi.fn(async (channel: string, method: unknown, input: unknown): Promise<unknown> => ({ ok: true, result: { channel, method, input } }));
  return {
    exposed,
    sent,
    onHandlers,
    invoke,
    contextBridge: {
      exposeInMainWorld: (key: string, api: unknown) => {
        if (exposed.has(key)) throw new Error(`Cannot bind an API on top of an existing property: ${key}`);
        exposed.set(key, api);
      },
    },
    ipcRenderer: {
      invoke,
      send: (channel: string, ...args: unknown[]) => {
        // Like the real one: structured clone fails on functions.
        if (args.some((a) => typeof a === 'function')) throw new Error('An object could not be cloned.');
        sent.push({ channel, args });
      },
      on: (channel: string, handler: Handler) => {
        onHandlers.set(channel, [...(onHandlers.get(channel) ?? []), handler]);
      },
    },
    /** Delivers a message from the main process. */
    deliver(channel: string, ...args: unknown[]) {
      for (const h of onHandlers.get(channel) ?? []) h({ sender: 'ipc-renderer-event' }, ...args);
    },
  };
});

vi.mock('electron', () => ({ contextBridge: fake.contextBridge, ipcRenderer: fake.ipcRenderer }));

let bridge: ControlRoomBridge;

beforeAll(async () => {
  await import('../../../src-preload/preload');
  bridge = fake.exposed.get('controlRoom') as ControlRoomBridge;
});

describe('preload', () => {
  it('exposes exactly one object, controlRoom, and never ipcRenderer', () => {
    expect([...fake.exposed.keys()]).toEqual(['controlRoom']);
    expect(bridge.shell).toBe('desktop');
    expect(Object.keys(bridge).sort()).toEqual(['call', 'shell', 'subscribe']);
    expect(Object.isFrozen(bridge)).toBe(true);
    for (const value of Object.values(bridge)) expect(value).not.toBe(fake.ipcRenderer);
  });

  it('registers one topic-message dispatcher and resets the previous page’s subscriptions on load', () => {
    expect(fake.onHandlers.get(IPC_CHANNELS.topicMessage)).toHaveLength(1);
    expect([...fake.onHandlers.keys()]).toEqual([IPC_CHANNELS.topicMessage]);
    expect(fake.sent[0]).toEqual({ channel: IPC_CHANNELS.unsubscribe, args: [0] });
  });

  it('call goes through ipcRenderer.invoke on the call channel', async () => {
    await expect(bridge.call('system.info', { a: 1 })).resolves.toEqual({
      ok: true,
      result: { channel: IPC_CHANNELS.call, method: 'system.info', input: { a: 1 } },
    });
  });

  it('call turns a failed invoke into an unavailable error envelope', async () => {
    fake.invoke.mockRejectedValueOnce(new Error("No handler registered for 'control-room:call'"));
    await expect(bridge.call('x')).resolves.toMatchObject({ ok: false, error: { code: 'unavailable' } });
    fake.invoke.mockResolvedValueOnce('garbage');
    await expect(bridge.call('x')).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('subscribe uses incrementing ids, dispatches by id, and unsubscribes once', () => {
    const before = fake.sent.length;
    const a: BridgeTopicMessage[] = [];
    const b: BridgeTopicMessage[] = [];
    const offA = bridge.subscribe('system.status', { x: 1 }, (m) => a.push(m));
    const offB = bridge.subscribe('settings', undefined, (m) => b.push(m));
    const subs = fake.sent.slice(before);
    expect(subs).toEqual([
      { channel: IPC_CHANNELS.subscribe, args: [1, 'system.status', { x: 1 }] },
      { channel: IPC_CHANNELS.subscribe, args: [2, 'settings', undefined] },
    ]);

    fake.deliver(IPC_CHANNELS.topicMessage, { subscriptionId: 1, message: { kind: 'snapshot', data: 'A' } });
    fake.deliver(IPC_CHANNELS.topicMessage, { subscriptionId: 2, message: { kind: 'snapshot', data: 'B' } });
    fake.deliver(IPC_CHANNELS.topicMessage, { subscriptionId: 99, message: { kind: 'change', data: 'nobody' } });
    fake.deliver(IPC_CHANNELS.topicMessage, 'malformed');
    expect(a).toEqual([{ kind: 'snapshot', data: 'A' }]);
    expect(b).toEqual([{ kind: 'snapshot', data: 'B' }]);

    offA();
    offA();
    expect(fake.sent.slice(before + 2)).toEqual([{ channel: IPC_CHANNELS.unsubscribe, args: [1] }]);
    fake.deliver(IPC_CHANNELS.topicMessage, { subscriptionId: 1, message: { kind: 'change', data: 'late' } });
    expect(a).toHaveLength(1);
    offB();
  });

  it('a throwing listener does not break the dispatcher', () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const got: unknown[] = [];
    const off1 = bridge.subscribe('t', {}, () => {
      throw new Error('listener bug');
    });
    const off2 = bridge.subscribe('t', {}, (m) => got.push(m));
    const ids = fake.sent.filter((s) => s.channel === IPC_CHANNELS.subscribe).slice(-2).map((s) => s.args[0] as number);
    for (const id of ids) fake.deliver(IPC_CHANNELS.topicMessage, { subscriptionId: id, message: { kind: 'change', data: 1 } });
    expect(got).toHaveLength(1);
    expect(errors).toHaveBeenCalledOnce();
    off1();
    off2();
    errors.mockRestore();
  });

  it('params that cannot be cloned throw and leave nothing subscribed', () => {
    expect(() => bridge.subscribe('t', () => 1, () => undefined)).toThrow(/cloned/);
  });
});
