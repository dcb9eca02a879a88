import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src-main/app/engine';
import type { CreatedStreamKey, RecordingInfo, RtmpServerStatus, RtmpStreamView, StreamRecordingView } from '../../../src-main/api/contract';
import { apiCaller } from '../../fixtures/api-caller';
import { waitFor } from '../../fixtures/wait-for';
import { freePort } from '../../fixtures/engine-process';

/**
 * Published streams as sources (snapshots, recordings) and RTMPS, against real FFmpeg publishers
 * and a self-signed certificate made by openssl.
 */
const TOKEN = 'rtmp-sources-token-0123456789';
let engine: Engine;
let dataDir: string;
let port = 0;
let tlsPort = 0;
let certPath = '';
let keyPath = '';
let key: CreatedStreamKey;
const publishers = new Set<ChildProcess>();
const { call, ok } = apiCaller(() => engine.url, TOKEN);

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-rtmp-src-'));
  port = await freePort();
  tlsPort = await freePort();
  certPath = path.join(dataDir, 'c.pem');
  keyPath = path.join(dataDir, 'k.pem');
  await promisify(execFile)('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-days', '1', '-keyout', keyPath, '-out', certPath]);
  fs.writeFileSync(
    path.join(dataDir, 'state.json'),
    JSON.stringify({
      version: 1,
      nodeId: randomUUID(),
      createdAt: new Date().toISOString(),
      settings: { rtmp: { port, tls: { enabled: true, port: tlsPort, certPath, keyPath } } },
    }),
  );
  engine = await createEngine({ dataDir, shell: 'headless', host: '127.0.0.1', port: 0, token: TOKEN, consoleLog: false });
  key = await ok<CreatedStreamKey>('rtmp.keys.create', { name: 'sources' });
}, 30_000);
afterAll(async () => {
  for (const p of publishers) p.kill('SIGKILL');
  await engine?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

interface Publisher {
  process: ChildProcess;
  exited: Promise<number | null>;
}

function publish(url: string, seconds = 60): Publisher {
  const child = spawn(
    'ffmpeg',
    [
      '-hide_banner', '-loglevel', 'error', '-re',
      '-f', 'lavfi', '-i', `testsrc2=size=320x240:rate=25:duration=${seconds}`,
      '-f', 'lavfi', '-i', `sine=duration=${seconds}`,
      '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-c:a', 'aac',
      '-f', 'flv', url,
    ],
    { stdio: ['ignore', 'ignore', 'ignore'] },
  );
  publishers.add(child);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => { publishers.delete(child); resolve(code); }));
  return { process: child, exited };
}

const rtmpUrl = (name: string) => `rtmp://127.0.0.1:${port}/live/${name}?key=${key.key}`;

async function stop(pub: Publisher): Promise<void> {
  pub.process.kill('SIGTERM');
  await pub.exited;
}

const stream = (name: string) => async () => (await ok<RtmpStreamView[]>('rtmp.streams')).find((s) => s.name === name);
const streamState = (name: string, state: string) => async () => (await stream(name)())?.status.state === state;

describe('published streams are snapshottable', () => {
  it('serves the latest frame of a live stream as JPEG, at a chosen width', async () => {
    const pub = publish(rtmpUrl('snap'));
    await waitFor('stream live', streamState('snap', 'live'));
    const snapshot = await ok<{ path: string }>('rtmp.snapshot', { name: 'snap', width: 160 });
    expect(snapshot.path).toMatch(/^\/media\/snapshot\/rtmp_snap\.jpg\?ticket=.+&width=160$/);
    const res = await fetch(`${engine.url}${snapshot.path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    const jpeg = Buffer.from(await res.arrayBuffer());
    expect(jpeg.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    await stop(pub);
  });

  it('answers 409 for a stream that is not live with nothing cached, 404 for an unknown one', async () => {
    const pub = publish(rtmpUrl('snapoff'));
    await waitFor('stream live', streamState('snapoff', 'live'));
    await stop(pub);
    await waitFor('stream offline', streamState('snapoff', 'offline'));
    const snapshot = await ok<{ path: string }>('rtmp.snapshot', { name: 'snapoff' });
    const res = await fetch(`${engine.url}${snapshot.path}`);
    expect(res.status).toBe(409);
    expect(await res.text()).toMatch(/offline/);
    expect((await call('rtmp.snapshot', { name: 'never-published' })).status).toBe(404);
    expect((await call('rtmp.snapshot', { name: '../x' })).status).toBe(400);
    // A ticket for one source opens no other.
    const other = snapshot.path.replace('rtmp_snapoff', 'rtmp_snap');
    expect((await fetch(`${engine.url}${other}`)).status).not.toBe(200);
  });
});

describe('published streams are recordable', () => {
  it('stores a per-stream policy by name, with defaults', async () => {
    const set = await ok<StreamRecordingView>('rtmp.recording.set', { name: 'rec', enabled: true, segmentSeconds: 2 });
    expect(set).toMatchObject({ name: 'rec', sourceId: 'rtmp_rec', recording: { enabled: true, segmentSeconds: 2, retainHours: 72, maxSizeMb: 20_000 } });
    expect(set.recorder.state).toBe('off'); // not published yet
    const state = JSON.parse(fs.readFileSync(path.join(dataDir, 'state.json'), 'utf8'));
    expect(state.rtmpRecording.rec).toEqual({ enabled: true, segmentSeconds: 2, retainHours: 72, maxSizeMb: 20_000 });
    const bad = await call<{ error: { message: string } }>('rtmp.recording.set', { name: 'rec', enabled: true, segmentSeconds: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/segmentSeconds/);
  });

  it('records the stream while it is published, listed and served like a camera recording', async () => {
    const pub = publish(rtmpUrl('rec'));
    await waitFor('recorder recording', async () => {
      const view = (await ok<StreamRecordingView[]>('rtmp.recording.list')).find((v) => v.name === 'rec');
      return view?.recorder.state === 'recording';
    });
    const finished = await waitFor(
      'a finished segment',
      async () => (await ok<RecordingInfo[]>('recordings.list', { cameraId: 'rtmp_rec' })).find((r) => !r.inProgress),
      30_000,
    );
    expect(finished.cameraId).toBe('rtmp_rec');
    expect(fs.existsSync(path.join(dataDir, 'recordings', 'rtmp_rec', finished.id))).toBe(true);
    const url = await ok<{ path: string }>('recordings.url', { cameraId: 'rtmp_rec', id: finished.id });
    const res = await fetch(`${engine.url}${url.path}`, { headers: { range: 'bytes=0-99' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-type')).toBe('video/mp4');
    const { stdout } = await promisify(execFile)('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name', '-of', 'csv=p=0', path.join(dataDir, 'recordings', 'rtmp_rec', finished.id)]);
    expect(stdout).toContain('h264');

    // The publisher leaves: the recorder stops and closes its segment.
    await stop(pub);
    await waitFor('recorder off', async () => (await ok<StreamRecordingView[]>('rtmp.recording.list')).find((v) => v.name === 'rec')?.recorder.state === 'off');
    const after = await ok<RecordingInfo[]>('recordings.list', { cameraId: 'rtmp_rec' });
    expect(after.every((r) => !r.inProgress)).toBe(true);
  });

  it('does not record a stream whose policy is off', async () => {
    await ok('rtmp.recording.set', { name: 'rec', enabled: false });
    const before = (await ok<RecordingInfo[]>('recordings.list', { cameraId: 'rtmp_rec' })).length;
    const pub = publish(rtmpUrl('rec'));
    await waitFor('stream live', streamState('rec', 'live'));
    await new Promise((r) => setTimeout(r, 3000));
    expect((await ok<StreamRecordingView[]>('rtmp.recording.list')).find((v) => v.name === 'rec')?.recorder.state).toBe('off');
    expect((await ok<RecordingInfo[]>('recordings.list', { cameraId: 'rtmp_rec' })).length).toBe(before);
    await stop(pub);
  });
});

describe('retention of published streams', () => {
  it("applies the stream's retainHours to its folder, as for a camera", async () => {
    const dir = path.join(dataDir, 'recordings', 'rtmp_old');
    fs.mkdirSync(dir, { recursive: true });
    const old = path.join(dir, '20200101-000000.mp4');
    fs.writeFileSync(old, Buffer.alloc(1024));
    const unmanaged = path.join(dataDir, 'recordings', 'rtmp_nopolicy', '20200101-000000.mp4');
    fs.mkdirSync(path.dirname(unmanaged), { recursive: true });
    fs.writeFileSync(unmanaged, Buffer.alloc(1024));
    await ok('rtmp.recording.set', { name: 'old', enabled: false, retainHours: 1 });
    await waitFor('old segment removed by retention', async () => !fs.existsSync(old));
    expect(fs.existsSync(unmanaged)).toBe(true); // no policy: only the overall limit applies
  });
});

describe('RTMPS', () => {
  it('listens with the configured certificate and takes a publisher over TLS', async () => {
    const status = await ok<RtmpServerStatus>('rtmp.status');
    expect(status.state).toBe('listening');
    expect(status.tls).toMatchObject({ state: 'listening', port: tlsPort, url: `rtmps://127.0.0.1:${tlsPort}/live` });
    const pub = publish(`rtmps://127.0.0.1:${tlsPort}/live/secure?key=${key.key}`);
    const live = await waitFor('stream live over RTMPS', async () => {
      const s = await stream('secure')();
      return s?.status.state === 'live' ? s : null;
    });
    expect(live.status.video).toMatchObject({ codec: 'h264', width: 320, height: 240 });
    await stop(pub);
  });

  it('reports a missing or unusable certificate as an error with the reason; plain RTMP keeps listening', async () => {
    await ok('settings.update', { rtmp: { tls: { certPath: path.join(dataDir, 'missing.pem') } } });
    const missing = await waitFor('tls error', async () => {
      const s = await ok<RtmpServerStatus>('rtmp.status');
      return s.tls.state === 'error' ? s : null;
    });
    expect(missing.tls.reason).toMatch(/rtmp\.tls\.certPath: .*missing\.pem does not exist/);
    expect(missing.state).toBe('listening');

    const garbage = path.join(dataDir, 'garbage.pem');
    fs.writeFileSync(garbage, '-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----\n');
    await ok('settings.update', { rtmp: { tls: { certPath: garbage } } });
    const unusable = await waitFor('tls error for a bad certificate', async () => {
      const s = await ok<RtmpServerStatus>('rtmp.status');
      return s.tls.state === 'error' && /not usable/.test(s.tls.reason ?? '') ? s : null;
    });
    expect(unusable.state).toBe('listening');
    const pub = publish(rtmpUrl('plain'), 10);
    await waitFor('plain stream live', streamState('plain', 'live'));
    await stop(pub);

    await ok('settings.update', { rtmp: { tls: { certPath } } });
    await waitFor('tls listening again', async () => (await ok<RtmpServerStatus>('rtmp.status')).tls.state === 'listening');
  });
});
