import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src-main/app/engine';
import type { CreatedStreamKey, RtmpRejection, RtmpServerStatus, RtmpSessionView, RtmpStreamView } from '../../../src-main/api/contract';
import type { AddressBlock } from '../../../src-main/rtmp/failure-limiter';
import { apiCaller } from '../../fixtures/api-caller';
import { waitFor } from '../../fixtures/wait-for';
import { freePort } from '../../fixtures/engine-process';
import { publishRawMetadata } from '../../fixtures/raw-rtmp-publisher';

/** The embedded RTMP server against real FFmpeg publishers. */
const TOKEN = 'rtmp-test-token-0123456789';
let engine: Engine;
let dataDir: string;
let port = 0;
const publishers = new Set<ChildProcess>();
const { call, ok } = apiCaller(() => engine.url, TOKEN);

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-rtmp-'));
  port = await freePort();
  fs.writeFileSync(
    path.join(dataDir, 'state.json'),
    JSON.stringify({ version: 1, nodeId: randomUUID(), createdAt: new Date().toISOString(), settings: { rtmp: { port } } }),
  );
  engine = await createEngine({ dataDir, shell: 'headless', host: '127.0.0.1', port: 0, token: TOKEN, consoleLog: false });
});
afterAll(async () => {
  for (const p of publishers) p.kill('SIGKILL');
  await engine?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

interface Publisher {
  process: ChildProcess;
  exited: Promise<number | null>;
}

function publish(streamPath: string, extraArgs: string[] = [], seconds = 60): Publisher {
  const child = spawn(
    'ffmpeg',
    [
      '-hide_banner', '-loglevel', 'error', '-re',
      '-f', 'lavfi', '-i', `testsrc2=size=320x240:rate=25:duration=${seconds}`,
      '-f', 'lavfi', '-i', `sine=duration=${seconds}`,
      '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-c:a', 'aac',
      ...extraArgs,
      '-f', 'flv', `rtmp://127.0.0.1:${port}/live/${streamPath}`,
    ],
    { stdio: ['ignore', 'ignore', 'ignore'] },
  );
  publishers.add(child);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => { publishers.delete(child); resolve(code); }));
  return { process: child, exited };
}

async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms); });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const stream = (name: string) => async () => (await ok<RtmpStreamView[]>('rtmp.streams')).find((s) => s.name === name);

describe('embedded RTMP server', () => {
  let key: CreatedStreamKey;

  it('listens on the configured loopback port', async () => {
    const status = await ok<RtmpServerStatus>('rtmp.status');
    expect(status).toMatchObject({ state: 'listening', host: '127.0.0.1', port, url: `rtmp://127.0.0.1:${port}/live` });
  });

  it('creates a key shown once, stored hashed, with the OBS server URL', async () => {
    key = await ok<CreatedStreamKey>('rtmp.keys.create', { name: 'OBS stage-left' });
    expect(key.key).toMatch(/^[0-9a-f]{12}\.[A-Za-z0-9_-]+$/);
    expect(key.obs.server).toBe(`rtmp://127.0.0.1:${port}/live`);
    expect(key.obs.streamKey).toContain(`?key=${key.key}`);
    const listed = await ok<Array<Record<string, unknown>>>('rtmp.keys.list');
    expect(listed).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(key.key.split('.')[1]);
    const state = fs.readFileSync(path.join(dataDir, 'state.json'), 'utf8');
    expect(state).not.toContain(key.key.split('.')[1]);
    expect(JSON.parse(state).rtmpKeys[0]).toMatchObject({ id: key.id, name: 'OBS stage-left' });
  });

  it('rejects bad key names, naming the field', async () => {
    const bad = await call<{ error: { code: string; message: string } }>('rtmp.keys.create', { name: 'a/b;rm' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/name/);
  });

  it('accepts a publisher with the right key: session listed, a live hub source with an H.264 preview', async () => {
    const pub = publish(`stage?key=${key.key}`);
    const live = await waitFor('stream live', async () => {
      const s = await stream('stage')();
      return s?.status.state === 'live' ? s : null;
    });
    expect(live.sourceId).toBe('rtmp_stage');
    expect(live.status.video).toMatchObject({ codec: 'h264', width: 320, height: 240 });
    expect(live.status.audio).toEqual({ codec: 'aac' });
    const sessions = await ok<RtmpSessionView[]>('rtmp.sessions');
    const publisher = sessions.find((s) => s.kind === 'publisher');
    expect(publisher).toMatchObject({ streamName: 'stage', remoteAddress: '127.0.0.1', keyId: key.id });
    const preview = await ok<{ path: string }>('rtmp.preview', { name: 'stage' });
    const { stdout } = await promisify(execFile)('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name', '-of', 'csv=p=0', `${engine.url}${preview.path}`], { timeout: 20_000 });
    expect(stdout.split('\n').filter(Boolean).sort()).toEqual(['aac', 'h264']);

    // Kick: the publisher is disconnected and the source goes offline.
    await ok('rtmp.kick', { id: publisher!.id });
    const code = await within(pub.exited, 15_000, 'publisher exit after kick');
    expect(code).not.toBe(0);
    await waitFor('stream offline', async () => (await stream('stage')())?.status.state === 'offline');
    expect((await ok<RtmpSessionView[]>('rtmp.sessions')).some((s) => s.id === publisher!.id)).toBe(false);
  });

  it('serves RTMP play only with a valid key', async () => {
    const pub = publish(`play-test?key=${key.key}`);
    await waitFor('stream live', async () => (await stream('play-test')())?.status.state === 'live');
    const url = `rtmp://127.0.0.1:${port}/live/play-test`;
    const probe = (u: string) => promisify(execFile)('ffprobe', ['-v', 'error', '-rw_timeout', '5000000', '-show_entries', 'stream=codec_name', '-of', 'csv=p=0', u], { timeout: 20_000 });
    await expect(probe(url)).rejects.toThrow();
    const { stdout } = await probe(`${url}?key=${key.key}`);
    expect(stdout).toContain('h264');
    pub.process.kill('SIGTERM');
    await pub.exited;
    await ok('rtmp.unblock', { address: '127.0.0.1' });
  });

  it('refuses wrong, missing, revoked and expired keys and escaping names at connect, and records them', async () => {
    const expiring = await ok<CreatedStreamKey>('rtmp.keys.create', { name: 'short', expiresAt: new Date(Date.now() + 1500).toISOString() });
    const revoked = await ok<CreatedStreamKey>('rtmp.keys.create', { name: 'gone' });
    await ok('rtmp.keys.revoke', { id: revoked.id });
    await new Promise((r) => setTimeout(r, 1600));
    const attempts: Array<[string, string]> = [
      [`wrong?key=${key.id}.${'A'.repeat(32)}`, 'wrong key'],
      ['nokey', 'missing key'],
      [`revoked?key=${revoked.key}`, 'revoked key'],
      [`expired?key=${expiring.key}`, 'expired key'],
    ];
    for (const [streamPath] of attempts) {
      const code = await within(publish(streamPath, [], 5).exited, 15_000, `refusal of ${streamPath}`);
      expect(code).not.toBe(0);
    }
    const escaping = await within(publish(`..%2F..%2Fx?key=${key.key}`, [], 5).exited, 15_000, 'refusal of an escaping name');
    expect(escaping).not.toBe(0);
    const { rejections, blocked } = await ok<{ rejections: RtmpRejection[]; blocked: AddressBlock[] }>('rtmp.rejections');
    for (const [streamPath, reason] of attempts) {
      expect(rejections).toContainEqual(expect.objectContaining({ streamName: streamPath.split('?')[0], reason, remoteAddress: '127.0.0.1', kind: 'publish' }));
    }
    expect(rejections.some((r) => /invalid stream name/.test(r.reason))).toBe(true);
    expect((await ok<RtmpStreamView[]>('rtmp.streams')).map((s) => s.name)).not.toContain('wrong');

    // Five failures within a minute: the address is blocked, even with the right key.
    expect(blocked).toContainEqual(expect.objectContaining({ address: '127.0.0.1' }));
    const refused = await within(publish(`stage?key=${key.key}`, [], 5).exited, 15_000, 'refusal while blocked');
    expect(refused).not.toBe(0);
    const after = await ok<{ rejections: RtmpRejection[] }>('rtmp.rejections');
    expect(after.rejections[0]).toMatchObject({ kind: 'connection', reason: expect.stringMatching(/blocked/) });
    await ok('rtmp.unblock', { address: '127.0.0.1' });
  });

  it('refuses a publisher that sends oversized metadata, with the reason, and keeps serving everyone else', async () => {
    const other = publish(`other?key=${key.key}`, [], 20);
    await waitFor('the other stream live', async () => (await stream('other')())?.status.state === 'live');
    // Control: ordinary metadata is taken and the connection stays up.
    expect(await publishRawMetadata(port, `small?key=${key.key}`, { width: 1280, height: 720, encoder: 'test' }, 1_500)).toEqual({ closed: false });

    const refused = await publishRawMetadata(port, `meta?key=${key.key}`, { comment: 'x'.repeat(60_000), title: 'y'.repeat(60_000) });
    expect(refused).toEqual({ closed: true });
    const { rejections } = await ok<{ rejections: RtmpRejection[] }>('rtmp.rejections');
    expect(rejections[0]).toMatchObject({ kind: 'publish', streamName: 'meta', reason: expect.stringMatching(/^metadata too large \(\d{6} bytes; the limit is 65536\)$/) });
    expect((await stream('meta')())?.status.state ?? 'offline').not.toBe('live');
    expect((await stream('other')())?.status.state).toBe('live');
    expect((await ok<RtmpServerStatus>('rtmp.status')).state).toBe('listening');
    other.process.kill('SIGTERM');
    await other.exited;
  });

  it('reports a port in use as an error with the reason, and recovers', async () => {
    const blocker = net.createServer();
    const busy = await freePort();
    await new Promise<void>((resolve) => blocker.listen(busy, '127.0.0.1', resolve));
    try {
      await ok('settings.update', { rtmp: { port: busy } });
      const status = await waitFor('error state', async () => {
        const s = await ok<RtmpServerStatus>('rtmp.status');
        return s.state === 'error' ? s : null;
      });
      expect(status.reason).toMatch(new RegExp(`${busy}.*already in use`));
      expect((await call('system.info')).status).toBe(200);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
    await ok('settings.update', { rtmp: { port } });
    await waitFor('listening again', async () => (await ok<RtmpServerStatus>('rtmp.status')).state === 'listening');
  });

  it('never writes a key to the log', async () => {
    const log = fs.readFileSync(path.join(dataDir, 'logs', 'engine.log'), 'utf8');
    expect(log).toContain('RTMP publish started');
    expect(log).not.toContain(key.key.split('.')[1]);
  });
});
