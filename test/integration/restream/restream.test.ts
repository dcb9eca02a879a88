import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src-main/app/engine';
import type { CameraView, DestinationView, SupervisedProcessInfo } from '../../../src-main/api/contract';
import { apiCaller } from '../../fixtures/api-caller';
import { freePort, processExists } from '../../fixtures/engine-process';
import { startNginxRtmp, type NginxRtmp } from '../../fixtures/nginx-rtmp';
import { waitFor } from '../../fixtures/wait-for';

/**
 * Restreaming against a real, independent RTMP server (Debian's nginx with libnginx-mod-rtmp),
 * real FFmpeg and an in-process engine with a generated test camera. What nginx receives is
 * checked by pulling it back with ffprobe / ffmpeg.
 */
const TOKEN = 'restream-test-token-0123456789ab';
const KEY_MAIN = 'sk-main-5e1f0a9c';
const KEY_DEAD = 'sk-dead-7b3d2e41';
const KEY_FALLBACK = 'sk-fallback-c0ffee77';
const run = promisify(execFile);

let engine: Engine;
let dataDir: string;
let nginx: NginxRtmp;
let cameraId: string;
const answers: string[] = [];

const { call: rawCall, ok: rawOk } = apiCaller(() => engine.url, TOKEN);
async function ok<T>(procedure: string, input: unknown = {}): Promise<T> {
  const body = await rawOk<T>(procedure, input);
  answers.push(JSON.stringify(body));
  return body;
}
async function call<T>(procedure: string, input: unknown = {}): Promise<{ status: number; body: T }> {
  const res = await rawCall<T>(procedure, input);
  answers.push(JSON.stringify(res.body));
  return res;
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-restream-'));
  nginx = await startNginxRtmp();
  engine = await createEngine({ dataDir, shell: 'headless', host: '127.0.0.1', port: 0, token: TOKEN, consoleLog: false, logLevel: 'debug' });
  const camera = await ok<CameraView>('cameras.add', { name: 'Ball', url: 'test://ball?size=320x240&fps=25' });
  cameraId = camera.id;
  await waitFor('camera live', async () => (await cameraView())?.status.state === 'live');
});
afterAll(async () => {
  await engine?.close();
  await nginx?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

async function cameraView(): Promise<CameraView | undefined> {
  return (await ok<CameraView[]>('cameras.list')).find((c) => c.id === cameraId);
}

async function destination(id: string): Promise<DestinationView | undefined> {
  return (await ok<DestinationView[]>('restream.list', {})).find((d) => d.id === id);
}

async function processes(): Promise<SupervisedProcessInfo[]> {
  return ok<SupervisedProcessInfo[]>('media.processes');
}

async function ingestPid(): Promise<number | null> {
  return (await processes()).find((p) => p.id === `ingest:${cameraId}`)?.pid ?? null;
}

async function probeCodecs(url: string): Promise<string[]> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-rw_timeout', '10000000', '-show_entries', 'stream=codec_name', '-of', 'json', url], { timeout: 20_000 });
  return (JSON.parse(stdout) as { streams: Array<{ codec_name: string }> }).streams.map((s) => s.codec_name).sort();
}

/** Pulls `seconds` of the stream from nginx and counts the video frames received. */
async function pullFrames(url: string, seconds: number): Promise<number> {
  const { stderr } = await run('ffmpeg', ['-hide_banner', '-rw_timeout', '10000000', '-i', url, '-t', String(seconds), '-map', '0:v', '-f', 'null', '-'], { timeout: 30_000 });
  const frames = [...stderr.matchAll(/frame=\s*(\d+)/g)].map((m) => Number(m[1]));
  return frames.at(-1) ?? 0;
}

describe('restreaming to nginx-rtmp', () => {
  let mainId: string;
  let deadId: string;

  it('publishes a source to a real RTMP server without re-encoding', async () => {
    const added = await ok<DestinationView>('restream.add', { sourceId: cameraId, name: 'nginx main', url: nginx.url('live', KEY_MAIN) });
    mainId = added.id;
    expect(added.hasKey).toBe(true);
    expect(added.url).toBe(`rtmp://127.0.0.1:${nginx.port}/live/••••`);
    const live = await waitFor('destination live', async () => {
      const d = await destination(mainId);
      return d?.status.state === 'live' ? d : null;
    });
    expect(live.status.pid).toBeGreaterThan(0);
    expect(await probeCodecs(nginx.url('live', KEY_MAIN))).toEqual(['aac', 'h264']);
    await waitFor('bitrate and uptime', async () => {
      const d = await destination(mainId);
      return d?.status.bitrateKbps !== null && d!.status.uptimeSeconds !== null && d!.status.uptimeSeconds >= 1;
    });
    expect(await nginx.stat()).toContain(KEY_MAIN); // nginx itself lists the stream as published
  });

  it('a destination on a dead port retries with a reason; the other stays live', async () => {
    const deadPort = await freePort();
    const livePid = (await destination(mainId))!.status.pid;
    const added = await ok<DestinationView>('restream.add', {
      sourceId: cameraId,
      name: 'dead end',
      url: `rtmp://127.0.0.1:${deadPort}/live`,
      key: KEY_DEAD,
    });
    deadId = added.id;
    const dead = await waitFor('dead destination retrying', async () => {
      const d = await destination(deadId);
      return d && (d.status.state === 'retrying' || d.status.state === 'failed') ? d : null;
    });
    expect(dead.status.reason).toMatch(/refused/);
    const main = (await destination(mainId))!;
    expect(main.status.state).toBe('live');
    expect(main.status.pid).toBe(livePid);
    expect((await cameraView())?.status.state).toBe('live');
  });

  it('recovers by itself after nginx is killed and restarted; the camera and others never stop', async () => {
    const camPid = await ingestPid();
    const before = (await destination(mainId))!;
    await nginx.kill();
    await waitFor('main destination notices', async () => {
      const d = await destination(mainId);
      return d && d.status.state !== 'live' ? d : null;
    });
    await nginx.restart();
    const after = await waitFor(
      'main destination live again',
      async () => {
        const d = await destination(mainId);
        return d?.status.state === 'live' ? d : null;
      },
      60_000,
    );
    expect(after.status.restarts).toBeGreaterThan(before.status.restarts);
    expect(await probeCodecs(nginx.url('live', KEY_MAIN))).toEqual(['aac', 'h264']);
    const cam = (await cameraView())!;
    expect(cam.status.state).toBe('live');
    expect(await ingestPid()).toBe(camPid);
    expect(camPid).not.toBeNull();
    expect(processExists(camPid!)).toBe(true);
    const dead = (await destination(deadId))!;
    expect(['retrying', 'failed', 'connecting']).toContain(dead.status.state);
  });

  it('rejects bad input naming the field, storing nothing and starting nothing', async () => {
    const countBefore = (await ok<DestinationView[]>('restream.list')).length;
    const procsBefore = (await processes()).length;
    const cases: Array<[unknown, number, RegExp]> = [
      [{ sourceId: cameraId, name: 'x', url: 'ftp://host/live/key' }, 400, /url: scheme ftp/],
      [{ sourceId: cameraId, name: 'x', url: 'rtmp://host/live/key;rm -rf /' }, 400, /url: /],
      [{ sourceId: cameraId, name: 'x', url: 'rtmp://host/live/$(reboot)' }, 400, /url: /],
      [{ sourceId: cameraId, name: 'x', url: 'rtmp://host/live', key: 'bad key!' }, 400, /key: /],
      [{ sourceId: cameraId, name: 'x', url: 'rtmp://host/live', key: '../../etc' }, 400, /key: /],
      [{ sourceId: cameraId, name: 'x', url: 'rtmp:///live/key' }, 400, /url: /],
      [{ sourceId: 'cam_nope', name: 'x', url: 'rtmp://host/live/key' }, 404, /sourceId: /],
      [{ sourceId: cameraId, name: '', url: 'rtmp://host/live/key' }, 400, /name/],
    ];
    for (const [input, status, message] of cases) {
      const res = await call<{ error: { message: string } }>('restream.add', input);
      expect(res.status, JSON.stringify(input)).toBe(status);
      expect(res.body.error.message).toMatch(message);
    }
    const bad = await call<{ error: { message: string } }>('restream.update', { id: mainId, url: 'ftp://host/x/y' });
    expect(bad.status).toBe(400);
    expect((await ok<DestinationView[]>('restream.list')).length).toBe(countBefore);
    expect((await processes()).length).toBe(procsBefore);
    expect((await destination(mainId))!.url).toBe(`rtmp://127.0.0.1:${nginx.port}/live/••••`);
  });

  it('stop and start a destination; stop leaves no process', async () => {
    const stopped = await ok<DestinationView>('restream.stop', { id: deadId });
    expect(stopped.status.state).toBe('stopped');
    expect(stopped.enabled).toBe(false);
    expect((await processes()).some((p) => p.id === `restream:${deadId}`)).toBe(false);
    await ok('restream.remove', { id: deadId });
    expect(await destination(deadId)).toBeUndefined();
  });

  it('keeps a destination with fallback connected on a slate while the source is down, then the source again', async () => {
    const added = await ok<DestinationView>('restream.add', {
      sourceId: cameraId,
      name: 'with fallback',
      url: nginx.url('live', KEY_FALLBACK),
      fallback: { enabled: true },
    });
    const live = await waitFor('fallback destination live', async () => {
      const d = await destination(added.id);
      return d?.status.state === 'live' && d.status.sending === 'source' ? d : null;
    });
    const pid = live.status.pid;
    await ok('cameras.update', { id: cameraId, enabled: false });
    await waitFor('slate', async () => (await destination(added.id))?.status.sending === 'slate');
    expect(await pullFrames(nginx.url('live', KEY_FALLBACK), 3)).toBeGreaterThan(20);
    const onSlate = (await destination(added.id))!;
    expect(onSlate.status.state).toBe('live');
    expect(onSlate.status.pid).toBe(pid);

    await ok('cameras.update', { id: cameraId, enabled: true });
    await waitFor('source again', async () => (await destination(added.id))?.status.sending === 'source');
    expect(await pullFrames(nginx.url('live', KEY_FALLBACK), 2)).toBeGreaterThan(15);
    const back = (await destination(added.id))!;
    expect(back.status.state).toBe('live');
    expect(back.status.pid).toBe(pid);
  });

  it('never shows or logs the keys', async () => {
    await engine.store.flush();
    const state = JSON.parse(fs.readFileSync(path.join(dataDir, 'state.json'), 'utf8')) as Record<string, unknown>;
    const slice = JSON.stringify(state.restreamDestinations);
    const logs = fs
      .readdirSync(path.join(dataDir, 'logs'))
      .map((f) => fs.readFileSync(path.join(dataDir, 'logs', f), 'utf8'))
      .join('\n');
    expect(logs).toContain('restream'); // the log is there and mentions restreams
    for (const key of [KEY_MAIN, KEY_DEAD, KEY_FALLBACK]) {
      expect(slice).not.toContain(key);
      expect(logs).not.toContain(key);
      for (const answer of answers) expect(answer).not.toContain(key);
    }
    expect(JSON.stringify(state.restreamSecrets)).toContain(KEY_MAIN); // stored apart
  });

  it('removing the camera stops and forgets its destinations', async () => {
    await ok('cameras.remove', { id: cameraId });
    expect(await ok<DestinationView[]>('restream.list', { sourceId: cameraId })).toEqual([]);
    const left = (await processes()).filter((p) => p.id.startsWith('restream'));
    expect(left).toEqual([]);
  });
});
