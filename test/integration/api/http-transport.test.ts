import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import WebSocket from 'ws';
import { ApiRouter } from '../../../src-main/api/router';
import { procedure, topic } from '../../../src-main/api/define';
import { HttpServer } from '../../../src-main/transport/http-server';
import { silentLogger } from '../../../src-main/logging/logger';
import { WS_CLOSE, type ServerMessage } from '../../../src-main/transport/ws-protocol';

/** The transport against a small contract of its own, so failures (500) can be provoked. */
const TOKEN = 'transport-test-token-0123456789';
const procedures = {
  'echo.text': procedure<{ text: string }>()(z.strictObject({ text: z.string().max(10) }), 'Echo'),
  'fail.hard': procedure<never>()(z.strictObject({}), 'Throws an unexpected error'),
  'upload.blob': procedure<{ bytes: number }>()(z.strictObject({ data: z.string() }), 'Takes a body over the default limit', { maxBodyBytes: 8192 }),
  'slow.wait': procedure<string>()(z.strictObject({}), 'Resolves only when released'),
};
const topics = { ticks: topic<number>()(z.strictObject({}), 'Ticks') };

let server: HttpServer;
let base: string;
let tick: (n: number) => void = () => {};
let releaseSlow: () => void = () => {};

beforeAll(async () => {
  const router = new ApiRouter(procedures, topics);
  router.implement('echo.text', ({ text }) => ({ text }));
  router.implement('upload.blob', ({ data }) => ({ bytes: data.length }));
  router.implement('fail.hard', () => {
    throw new Error('secret internal detail at /home/x/file.ts:12');
  });
  router.implement('slow.wait', () => new Promise<string>((resolve) => (releaseSlow = () => resolve('done'))));
  let n = 0;
  router.provide('ticks', {
    snapshot: () => n,
    subscribe: (_p, onChange) => {
      tick = (v) => onChange((n = v));
      return () => (tick = () => {});
    },
  });
  server = await HttpServer.listen({
    host: '127.0.0.1',
    port: 0,
    token: TOKEN,
    api: router,
    logger: silentLogger(),
    rendererDir: null,
    maxBodyBytes: 1024,
    identity: () => ({ version: '9.9.9', nodeId: 'node-1' }),
  });
  base = server.url;
});
afterAll(() => server.close());

async function post(path: string, body: string | undefined, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) {
  const res = await fetch(`${base}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  return { status: res.status, json: (await res.json()) as { error?: { code: string; message: string } } & Record<string, unknown> };
}

describe('HTTP API', () => {
  it('GET /healthz needs no token', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
  });

  it('calls a procedure with a bearer token', async () => {
    expect(await post('/api/echo.text', JSON.stringify({ text: 'hi' }))).toEqual({ status: 200, json: { text: 'hi' } });
  });

  it('401 for a missing or wrong token, before anything else is looked at', async () => {
    for (const headers of [{}, { authorization: 'Bearer wrong-token-wrong-token' }, { authorization: TOKEN }] as Array<Record<string, string>>) {
      const { status, json } = await post('/api/no.such', '{', headers);
      expect(status).toBe(401);
      expect(json.error?.code).toBe('unauthorized');
    }
  });

  it('400 for malformed JSON, wrong types and unknown fields, naming the field', async () => {
    const malformed = await post('/api/echo.text', '{"text": ');
    expect(malformed.status).toBe(400);
    expect(malformed.json.error?.code).toBe('invalid_json');
    const wrongType = await post('/api/echo.text', JSON.stringify({ text: 5 }));
    expect(wrongType.status).toBe(400);
    expect(wrongType.json.error).toMatchObject({ code: 'invalid_input' });
    expect(wrongType.json.error?.message).toMatch(/^text: /);
    const unknown = await post('/api/echo.text', JSON.stringify({ text: 'a', extra: 1 }));
    expect(unknown.json.error?.message).toContain('extra: unknown field');
  });

  it('404 for an unknown procedure', async () => {
    const { status, json } = await post('/api/echo.nothing', '{}');
    expect(status).toBe(404);
    expect(json.error?.code).toBe('not_found');
  });

  it('413 for a body over the limit', async () => {
    const { status, json } = await post('/api/echo.text', JSON.stringify({ text: 'x'.repeat(5000) }));
    expect(status).toBe(413);
    expect(json.error?.code).toBe('payload_too_large');
  });

  it('lets a procedure that declares a larger body take one, and only that procedure', async () => {
    const big = JSON.stringify({ data: 'x'.repeat(5000) });
    expect(await post('/api/upload.blob', big)).toMatchObject({ status: 200, json: { bytes: 5000 } });
    expect((await post('/api/upload.blob', JSON.stringify({ data: 'x'.repeat(9000) }))).status).toBe(413);
    expect((await post('/api/echo.text', big)).status).toBe(413);
  });

  it('500 without a stack trace or internal detail in the body', async () => {
    const { status, json } = await post('/api/fail.hard', '{}');
    expect(status).toBe(500);
    expect(json).toEqual({ error: { code: 'internal', message: 'Internal error' } });
  });

  it('405 for GET on a procedure; the server keeps serving after every error', async () => {
    const res = await fetch(`${base}/api/echo.text`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(405);
    expect((await post('/api/echo.text', JSON.stringify({ text: 'ok' }))).status).toBe(200);
  });

  it('sends security headers', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

function openWs(headers?: Record<string, string>) {
  const ws = new WebSocket(`${base.replace('http', 'ws')}/ws`, { headers });
  const messages: ServerMessage[] = [];
  const waiters: Array<() => void> = [];
  ws.on('message', (d) => {
    messages.push(JSON.parse(d.toString()) as ServerMessage);
    waiters.splice(0).forEach((w) => w());
  });
  const next = async (predicate: (m: ServerMessage) => boolean): Promise<ServerMessage> => {
    for (;;) {
      const found = messages.find(predicate);
      if (found) {
        messages.splice(messages.indexOf(found), 1);
        return found;
      }
      await new Promise<void>((r) => waiters.push(r));
    }
  };
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  const opened = new Promise<void>((resolve) => ws.on('open', () => resolve()));
  return { ws, next, closed, opened, messages, send: (m: unknown) => ws.send(JSON.stringify(m)) };
}

describe('WebSocket API', () => {
  it('authenticates with the first message, then answers calls', async () => {
    const c = openWs();
    await c.opened;
    c.send({ type: 'auth', token: TOKEN });
    expect(await c.next((m) => m.type === 'ready')).toMatchObject({ version: '9.9.9', nodeId: 'node-1' });
    c.send({ type: 'call', id: 1, method: 'echo.text', input: { text: 'yo' } });
    expect(await c.next((m) => m.type === 'result')).toEqual({ type: 'result', id: 1, result: { text: 'yo' } });
    c.send({ type: 'call', id: 2, method: 'echo.text', input: { text: 1 } });
    expect(await c.next((m) => m.type === 'error')).toMatchObject({ id: 2, error: { code: 'invalid_input' } });
    c.send({ type: 'call', id: 3, method: 'fail.hard' });
    expect(await c.next((m) => m.type === 'error')).toEqual({ type: 'error', id: 3, error: { code: 'internal', message: 'Internal error' } });
    c.ws.close();
  });

  it('accepts the Authorization header on the upgrade', async () => {
    const c = openWs({ authorization: `Bearer ${TOKEN}` });
    await c.next((m) => m.type === 'ready');
    c.ws.close();
  });

  it('closes with 4401 on a wrong token or a call before auth', async () => {
    const wrong = openWs();
    await wrong.opened;
    wrong.send({ type: 'auth', token: 'nope' });
    expect(await wrong.closed).toBe(WS_CLOSE.unauthorized);
    const early = openWs();
    await early.opened;
    early.send({ type: 'call', id: 1, method: 'echo.text', input: { text: 'x' } });
    expect(await early.closed).toBe(WS_CLOSE.unauthorized);
  });

  it('answers malformed messages with an error and keeps the connection', async () => {
    const c = openWs({ authorization: `Bearer ${TOKEN}` });
    await c.next((m) => m.type === 'ready');
    c.ws.send('{not json');
    expect(await c.next((m) => m.type === 'error')).toMatchObject({ error: { code: 'invalid_json' } });
    c.send({ type: 'launch', id: 1 });
    expect(await c.next((m) => m.type === 'error')).toMatchObject({ error: { code: 'invalid_input' } });
    c.send({ type: 'call', id: 9, method: 'echo.text', input: { text: 'still' } });
    expect(await c.next((m) => m.type === 'result')).toMatchObject({ id: 9 });
    c.ws.close();
  });

  it('subscriptions send a snapshot first, then changes, until unsubscribed', async () => {
    const c = openWs({ authorization: `Bearer ${TOKEN}` });
    await c.next((m) => m.type === 'ready');
    c.send({ type: 'subscribe', id: 5, topic: 'ticks' });
    expect(await c.next((m) => m.type === 'event')).toMatchObject({ id: 5, topic: 'ticks', kind: 'snapshot', data: 0 });
    tick(1);
    expect(await c.next((m) => m.type === 'event')).toMatchObject({ id: 5, kind: 'change', data: 1 });
    c.send({ type: 'subscribe', id: 6, topic: 'nope' });
    expect(await c.next((m) => m.type === 'error')).toMatchObject({ id: 6, error: { code: 'not_found' } });
    c.send({ type: 'unsubscribe', id: 5 });
    c.send({ type: 'call', id: 7, method: 'echo.text', input: { text: 'sync' } });
    await c.next((m) => m.type === 'result');
    tick(2);
    c.send({ type: 'call', id: 8, method: 'echo.text', input: { text: 'sync' } });
    await c.next((m) => m.type === 'result');
    expect(c.messages.filter((m) => m.type === 'event')).toEqual([]);
    c.ws.close();
  });

  it('a cancelled call sends no answer', async () => {
    const c = openWs({ authorization: `Bearer ${TOKEN}` });
    await c.next((m) => m.type === 'ready');
    c.send({ type: 'call', id: 1, method: 'slow.wait' });
    c.send({ type: 'cancel', id: 1 });
    c.send({ type: 'call', id: 2, method: 'echo.text', input: { text: 'after' } });
    await c.next((m) => m.type === 'result' && m.id === 2);
    releaseSlow();
    c.send({ type: 'call', id: 3, method: 'echo.text', input: { text: 'last' } });
    const last = await c.next((m) => m.type === 'result' || m.type === 'error');
    expect(last).toMatchObject({ id: 3 });
    c.ws.close();
  });
});
