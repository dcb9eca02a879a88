import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src-main/app/engine';
import type { SelfTestResult, Settings, SupervisedProcessInfo, SystemStats } from '../../../src-main/api/contract';
import type { ServerMessage } from '../../../src-main/transport/ws-protocol';
import { apiCaller } from '../../fixtures/api-caller';

/** The whole engine in this process, through its real HTTP and WebSocket transports. */
let engine: Engine;
let dataDir: string;
const TOKEN = 'engine-test-token-0123456789';

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-engine-'));
  engine = await createEngine({ dataDir, shell: 'headless', host: '127.0.0.1', port: 0, token: TOKEN, consoleLog: false });
});
afterAll(async () => {
  await engine.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const { ok: call } = apiCaller(() => engine.url, TOKEN);

function subscribe(topic: string) {
  const ws = new WebSocket(`${engine.url.replace('http', 'ws')}/ws`, { headers: { authorization: `Bearer ${TOKEN}` } });
  const events: Array<Extract<ServerMessage, { type: 'event' }>> = [];
  let notify = () => {};
  ws.on('message', (raw) => {
    const msg = JSON.parse(raw.toString()) as ServerMessage;
    if (msg.type === 'ready') ws.send(JSON.stringify({ type: 'subscribe', id: 1, topic }));
    if (msg.type === 'event') events.push(msg);
    notify();
  });
  const waitFor = async (predicate: (e: (typeof events)[number]) => boolean) => {
    for (;;) {
      const found = events.find(predicate);
      if (found) return found;
      await new Promise<void>((r) => (notify = r));
    }
  };
  return { ws, events, waitFor };
}

describe('engine', () => {
  it('settings topic: snapshot, then the change made over HTTP', async () => {
    const sub = subscribe('settings');
    const snapshot = await sub.waitFor((e) => e.kind === 'snapshot');
    expect((snapshot.data as Settings).ui.theme).toBe('dark');
    await call('settings.update', { ui: { theme: 'light' } });
    const change = await sub.waitFor((e) => e.kind === 'change');
    expect((change.data as Settings).ui.theme).toBe('light');
    sub.ws.close();
  });

  it('system.stats topic streams live figures', async () => {
    const sub = subscribe('system.stats');
    await sub.waitFor((e) => e.kind === 'snapshot');
    const change = await sub.waitFor((e) => e.kind === 'change');
    expect((change.data as SystemStats).engine.rssBytes).toBeGreaterThan(0);
    sub.ws.close();
  });

  it('media.selfTest encodes with real FFmpeg and the processes topic shows it', async () => {
    const sub = subscribe('media.processes');
    await sub.waitFor((e) => e.kind === 'snapshot');
    const result = await call<SelfTestResult>('media.selfTest', { seconds: 2 });
    expect(result).toMatchObject({ ok: true, encoder: 'libx264', error: null });
    expect(result.frames).toBeGreaterThanOrEqual(50);
    const running = await sub.waitFor((e) => (e.data as SupervisedProcessInfo[]).some((p) => p.state === 'running'));
    expect((running.data as SupervisedProcessInfo[])[0]?.name).toBe('FFmpeg self-test');
    expect(await call<SupervisedProcessInfo[]>('media.processes')).toEqual([]);
    sub.ws.close();
  });

  it('media.selfTest rejects out-of-range input naming the field', async () => {
    await expect(call('media.selfTest', { seconds: 600 })).rejects.toThrow(/seconds/);
  });

  it('reports its status for the tray', () => {
    expect(engine.status()).toMatchObject({ state: 'running', childProcesses: 0 });
  });
});
