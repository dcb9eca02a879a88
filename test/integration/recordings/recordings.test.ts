import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src-main/app/engine';
import type { CameraView, HlsPlaylist, RecordingInfo, RecordingUrl, SupervisedProcessInfo } from '../../../src-main/api/contract';
import { recordingNameAt } from '../../../src-main/recordings/recording-files';
import { processExists } from '../../fixtures/engine-process';
import { apiCaller } from '../../fixtures/api-caller';
import { waitFor } from '../../fixtures/wait-for';

/**
 * Recording and HLS against real FFmpeg, in-process engine: a generated test camera (cheap on
 * two cores) records 2 s segments; files are checked with ffprobe and fetched through the
 * ticketed routes.
 */
const TOKEN = 'recordings-test-token-0123456789';
const HLS_IDLE_MS = 3_000;
const SEGMENT_NAME = /^\d{8}-\d{6}\.mp4$/;
const run = promisify(execFile);

let engine: Engine;
let dataDir: string;
let recordingsDir: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-recordings-'));
  // What a killed engine could have left behind: cleaned at start.
  fs.mkdirSync(path.join(dataDir, 'hls', 'cam_leftover'), { recursive: true });
  fs.writeFileSync(path.join(dataDir, 'hls', 'cam_leftover', 'seg3.ts'), 'old');
  engine = await createEngine({ dataDir, shell: 'headless', host: '127.0.0.1', port: 0, token: TOKEN, consoleLog: false, hlsIdleTimeoutMs: HLS_IDLE_MS });
  recordingsDir = fs.realpathSync(path.join(dataDir, 'recordings'));
});
afterAll(async () => {
  await engine?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

async function processes(): Promise<SupervisedProcessInfo[]> {
  return ok<SupervisedProcessInfo[]>('media.processes');
}

async function camera(id: string): Promise<CameraView | undefined> {
  return (await ok<CameraView[]>('cameras.list')).find((c) => c.id === id);
}

async function finished(cameraId: string, atLeast: number): Promise<RecordingInfo[] | null> {
  const list = await ok<RecordingInfo[]>('recordings.list', { cameraId });
  const done = list.filter((r) => !r.inProgress && r.sizeBytes > 0);
  return done.length >= atLeast ? done : null;
}

async function probe(target: string): Promise<{ codecs: string[]; duration: number }> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name:format=duration', '-of', 'json', target], { timeout: 20_000 });
  const parsed = JSON.parse(stdout) as { streams: Array<{ codec_name: string }>; format: { duration?: string } };
  return { codecs: parsed.streams.map((s) => s.codec_name).sort(), duration: Number(parsed.format.duration ?? NaN) };
}

/** Every open descriptor of this process (the engine runs in it) that points into `dir`. */
function openFilesUnder(dir: string): string[] {
  const fdDir = '/proc/self/fd';
  const open: string[] = [];
  for (const fd of fs.readdirSync(fdDir)) {
    try {
      const target = fs.readlinkSync(path.join(fdDir, fd));
      if (target.startsWith(dir)) open.push(target);
    } catch {
      // closed meanwhile
    }
  }
  return open;
}

const { call, ok } = apiCaller(() => engine.url, TOKEN);

describe('recordings and HLS', () => {
  let cameraId = '';

  it('cleaned the HLS leftovers of a previous run at start', () => {
    expect(fs.readdirSync(path.join(dataDir, 'hls'))).toEqual([]);
  });

  it('records a camera into playable 2 s MP4 segments, listed with their durations', async () => {
    const added = await ok<CameraView>('cameras.add', {
      name: 'Recorded',
      url: 'test://ball?size=320x240&fps=25',
      recording: { enabled: true, segmentSeconds: 2, retainHours: 0, maxSizeMb: 0 },
    });
    cameraId = added.id;
    const snapshots: RecordingInfo[][] = [];
    const changes: RecordingInfo[][] = [];
    const unsubscribe = await engine.dispatcher.subscribe('recordings', { cameraId }, (kind, data) => (kind === 'snapshot' ? snapshots : changes).push(data as RecordingInfo[]));
    const done = await waitFor('three finished segments', () => finished(cameraId, 3));
    for (const recording of done) {
      expect(recording.id).toMatch(SEGMENT_NAME);
      expect(recording.cameraId).toBe(cameraId);
      expect(Number.isNaN(Date.parse(recording.startedAt))).toBe(false);
      const file = path.join(recordingsDir, cameraId, recording.id);
      const probed = await probe(file);
      expect(probed.codecs).toEqual(['aac', 'h264']);
      expect(probed.duration).toBeGreaterThan(1);
      expect(recording.durationSeconds).not.toBeNull();
      expect(Math.abs(recording.durationSeconds! - probed.duration)).toBeLessThan(0.5);
      expect(recording.sizeBytes).toBe(fs.statSync(file).size);
    }
    const list = await ok<RecordingInfo[]>('recordings.list', { cameraId });
    expect(list.filter((r) => r.inProgress)).toHaveLength(1);
    expect(list[0]!.inProgress).toBe(true); // newest first
    const view = await waitFor('the recorder shown as recording', async () => {
      const c = await camera(cameraId);
      return c?.recorder.state === 'recording' ? c : null;
    });
    expect(view.recorder.bytesWritten).toBeGreaterThan(0);
    expect(view.recorder.currentFile).toMatch(SEGMENT_NAME);
    // (A 2 s segment may have begun since: list again after reading the view.)
    expect((await ok<RecordingInfo[]>('recordings.list', { cameraId })).map((r) => r.id)).toContain(view.recorder.currentFile);
    expect(view.recording.enabled).toBe(true);
    // The topic sent its snapshot, then the list again as segments came.
    expect(snapshots).toHaveLength(1);
    await waitFor('a change on the recordings topic', async () => changes.some((list) => list.filter((r) => !r.inProgress).length >= 3));
    expect(changes.flat().every((r) => r.cameraId === cameraId)).toBe(true);
    unsubscribe();
    // Every camera's recordings, when no camera is named.
    expect((await ok<RecordingInfo[]>('recordings.list', {})).map((r) => r.id)).toEqual(expect.arrayContaining(done.map((r) => r.id)));
  });

  it('serves a recording through its ticketed URL: whole, by range, as a download; ffprobe plays it', async () => {
    const [recording] = (await finished(cameraId, 1))!;
    const url = await ok<RecordingUrl>('recordings.url', { cameraId, id: recording!.id });
    expect(url.path).toMatch(new RegExp(`^/media/recordings/${cameraId}/${recording!.id}\\?ticket=`));

    const whole = await fetch(`${engine.url}${url.path}`);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('video/mp4');
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect((await whole.arrayBuffer()).byteLength).toBe(recording!.sizeBytes);

    const ranged = await fetch(`${engine.url}${url.path}`, { headers: { range: 'bytes=100-199' } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toBe(`bytes 100-199/${recording!.sizeBytes}`);
    const slice = Buffer.from(await ranged.arrayBuffer());
    expect(slice.equals(fs.readFileSync(path.join(recordingsDir, cameraId, recording!.id)).subarray(100, 200))).toBe(true);

    const beyond = await fetch(`${engine.url}${url.path}`, { headers: { range: `bytes=${recording!.sizeBytes}-` } });
    expect(beyond.status).toBe(416);
    await beyond.arrayBuffer();

    const download = await ok<RecordingUrl>('recordings.url', { cameraId, id: recording!.id, download: true });
    const saved = await fetch(`${engine.url}${download.path}`);
    expect(saved.headers.get('content-disposition')).toBe(`attachment; filename="${cameraId}-${recording!.id}"`);
    await saved.arrayBuffer();

    const probed = await probe(`${engine.url}${url.path}`);
    expect(probed.codecs).toEqual(['aac', 'h264']);
  });

  it('refuses wrong tickets, and answers 404 to traversal, absolute paths, odd names and symlinks', async () => {
    const [recording, other] = (await finished(cameraId, 2))!;
    const url = await ok<RecordingUrl>('recordings.url', { cameraId, id: recording!.id });
    const ticket = new URL(url.path, 'http://x').searchParams.get('ticket')!;
    expect((await fetch(`${engine.url}/media/recordings/${cameraId}/${recording!.id}?ticket=zzz.abc`)).status).toBe(401);
    expect((await fetch(`${engine.url}/media/recordings/${cameraId}/${other!.id}?ticket=${ticket}`)).status).toBe(401);
    expect((await fetch(`${engine.url}/media/recordings/${cameraId}/${recording!.id}`)).status).toBe(401);

    // A planted link named like a recording, pointing out of the folder.
    const planted = recordingNameAt(Date.UTC(2001, 0, 1));
    fs.symlinkSync(path.join(dataDir, 'state.json'), path.join(recordingsDir, cameraId, planted));
    const attempts = [
      `${cameraId}/..%2F..%2Fstate.json`,
      `${cameraId}%2F..%2F..%2Fstate.json`,
      `..%2F..%2Fstate.json`,
      `..%2Fstate.json`,
      `%2Fetc%2Fpasswd`,
      `${cameraId}/%2Fetc%2Fpasswd`,
      `${cameraId}/..%2F${cameraId}%2F${recording!.id}`,
      `${cameraId}/${recording!.id}.bak`,
      `${cameraId}/notes.txt`,
      `${cameraId}/20261399-999999.mp4`,
      `${cameraId}/${planted}`,
      `..%2F${cameraId}/${recording!.id}`,
      `${cameraId}/${recording!.id}%00`,
      `${cameraId}/${recording!.id}/x`,
    ];
    for (const rest of attempts) {
      // With the API token the caller is authorised: what remains is the path check.
      const res = await fetch(`${engine.url}/media/recordings/${rest}?ticket=${ticket}`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status, rest).toBe(404);
      await res.arrayBuffer();
    }
    expect((await call('recordings.url', { cameraId, id: planted })).status).toBe(404);
    expect((await call('recordings.url', { cameraId, id: '../state.json' })).status).toBe(400);
    expect((await call('recordings.list', { cameraId: '../x' })).status).toBe(400);
    fs.unlinkSync(path.join(recordingsDir, cameraId, planted));
  });

  it('enforces retention: the oldest beyond the size limit, and those older than retainHours', async () => {
    // A camera that does not record itself, with recordings from an earlier life planted on disk.
    const archive = await ok<CameraView>('cameras.add', { name: 'Archive', url: 'test://clock?size=320x240&fps=5', enabled: false, recording: { retainHours: 0, maxSizeMb: 0 } });
    const dir = path.join(recordingsDir, archive.id);
    fs.mkdirSync(dir, { recursive: true });
    const base = Date.now() - 3_600_000;
    const names = [0, 1, 2, 3].map((i) => recordingNameAt(base + i * 60_000));
    for (const name of names) fs.writeFileSync(path.join(dir, name), Buffer.alloc(400 * 1024));
    const ancient = recordingNameAt(Date.now() - 48 * 3_600_000);
    fs.writeFileSync(path.join(dir, ancient), Buffer.alloc(1024));
    expect((await ok<RecordingInfo[]>('recordings.list', { cameraId: archive.id })).map((r) => r.id)).toEqual([...names].reverse().concat(ancient));

    // 1.6 MB + 1 kB against 1 MB: the three oldest go (the ancient one first); by age alone, the ancient one.
    await ok('cameras.update', { id: archive.id, recording: { enabled: false, segmentSeconds: 60, retainHours: 0, maxSizeMb: 1 } });
    const left = await waitFor('retention by size', async () => {
      const list = await ok<RecordingInfo[]>('recordings.list', { cameraId: archive.id });
      return list.length <= 2 ? list : null;
    });
    expect(left.map((r) => r.id)).toEqual([names[3], names[2]]);

    fs.writeFileSync(path.join(dir, ancient), Buffer.alloc(1024));
    await ok('cameras.update', { id: archive.id, recording: { enabled: false, segmentSeconds: 60, retainHours: 24, maxSizeMb: 0 } });
    await waitFor('retention by age', async () => !fs.existsSync(path.join(dir, ancient)));
    expect(fs.readdirSync(dir).sort()).toEqual([names[2], names[3]]);

    // The recording camera's segment being written is never touched, whatever its limits.
    expect((await ok<RecordingInfo[]>('recordings.list', { cameraId })).some((r) => r.inProgress)).toBe(true);
    await ok('recordings.remove', { cameraId: archive.id, id: names[2] });
    expect(fs.existsSync(path.join(dir, names[2]!))).toBe(false);
    expect((await call('recordings.remove', { cameraId: archive.id, id: names[2] })).status).toBe(404);
    await ok('cameras.remove', { id: archive.id });
  });

  it('a recorder killed with SIGKILL comes back while the camera stays live', async () => {
    const before = await processes();
    const recorder = before.find((p) => p.id === `record:${cameraId}`);
    const ingest = before.find((p) => p.id === `ingest:${cameraId}`);
    expect(recorder?.pid).toBeTruthy();
    expect(ingest?.pid).toBeTruthy();
    const killedAt = Date.now();
    process.kill(recorder!.pid!, 'SIGKILL');
    const back = await waitFor('the recorder running again', async () => {
      const p = (await processes()).find((x) => x.id === `record:${cameraId}`);
      return p && p.pid !== null && p.pid !== recorder!.pid && p.state === 'running' ? p : null;
    });
    expect(back.restarts).toBeGreaterThan(recorder!.restarts);
    const view = await camera(cameraId);
    expect(view?.status.state).toBe('live');
    expect((await processes()).find((p) => p.id === `ingest:${cameraId}`)?.pid).toBe(ingest!.pid);
    // New segments after the restart.
    await waitFor('a segment finished after the restart', async () => {
      const list = await ok<RecordingInfo[]>('recordings.list', { cameraId });
      return list.some((r) => !r.inProgress && Date.parse(r.startedAt) >= killedAt - 1000);
    });
    await waitFor('the recorder shown as recording again', async () => (await camera(cameraId))?.recorder.state === 'recording');
  });

  it('follows the policy: recording off stops the recorder (segment closed), on starts it again', async () => {
    const policy = { segmentSeconds: 2, retainHours: 0, maxSizeMb: 0 };
    const pid = (await processes()).find((p) => p.id === `record:${cameraId}`)?.pid;
    expect(pid).toBeTruthy();
    const off = await ok<CameraView>('cameras.update', { id: cameraId, recording: { enabled: false, ...policy } });
    expect(off.recorder.state).toBe('off');
    expect((await processes()).some((p) => p.id === `record:${cameraId}`)).toBe(false);
    expect(processExists(pid!)).toBe(false);
    expect(off.status.state).toBe('live');
    const list = await ok<RecordingInfo[]>('recordings.list', { cameraId });
    expect(list.every((r) => !r.inProgress)).toBe(true);
    expect((await probe(path.join(recordingsDir, cameraId, list[0]!.id))).codecs).toContain('h264');

    await ok<CameraView>('cameras.update', { id: cameraId, recording: { enabled: true, ...policy } });
    await waitFor('recording again', async () => (await camera(cameraId))?.recorder.state === 'recording');
    await waitFor('a new segment', async () => (await ok<RecordingInfo[]>('recordings.list', { cameraId }))[0]!.id > list[0]!.id);
  });

  it('serves the camera as HLS with ticketed segment URIs, readable by ffprobe, and stops it when idle', async () => {
    const hls = await ok<HlsPlaylist>('cameras.hls', { id: cameraId });
    expect(hls.path).toMatch(new RegExp(`^/media/hls/${cameraId}/index\\.m3u8\\?ticket=`));
    expect(hls.ready).toBe(true);
    const ticket = new URL(hls.path, 'http://x').searchParams.get('ticket')!;
    const playlistRes = await fetch(`${engine.url}${hls.path}`);
    expect(playlistRes.status).toBe(200);
    expect(playlistRes.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    const playlist = await playlistRes.text();
    expect(playlist).toMatch(/^#EXTM3U/);
    const uris = playlist.split('\n').filter((l) => l && !l.startsWith('#'));
    expect(uris.length).toBeGreaterThan(0);
    for (const uri of uris) expect(uri).toMatch(new RegExp(`^seg\\d+\\.ts\\?ticket=${ticket.replace(/[.]/g, '\\.')}$`));
    const segment = await fetch(new URL(uris.at(-1)!, `${engine.url}${hls.path}`));
    expect(segment.status).toBe(200);
    expect(segment.headers.get('content-type')).toBe('video/mp2t');
    expect((await segment.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    expect((await fetch(`${engine.url}/media/hls/${cameraId}/index.m3u8?ticket=zzz.abc`)).status).toBe(401);
    for (const rest of [`${cameraId}/..%2F..%2Fstate.json`, `${cameraId}/index.m3u8.tmp`, `${cameraId}/seg1.ts%2F..`]) {
      const res = await fetch(`${engine.url}/media/hls/${rest}`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status, rest).toBe(404);
      await res.arrayBuffer();
    }
    const probed = await probe(`${engine.url}${hls.path}`);
    expect(probed.codecs).toEqual(['aac', 'h264']);

    // The same writer for a second viewer.
    const writer = (await processes()).find((p) => p.id === `hls:${cameraId}`);
    expect(writer?.pid).toBeTruthy();
    expect((await ok<HlsPlaylist>('cameras.hls', { id: cameraId })).ready).toBe(true);
    expect((await processes()).find((p) => p.id === `hls:${cameraId}`)?.pid).toBe(writer!.pid);

    // Nobody asks any more: the writer stops and its folder goes.
    // (The supervisor forgets a process as its stop begins; its pid and folder go once it has exited.)
    const hlsDir = path.join(dataDir, 'hls', cameraId);
    await waitFor(
      'the idle HLS writer stopped and its folder gone',
      async () => !(await processes()).some((p) => p.id === `hls:${cameraId}`) && !processExists(writer!.pid!) && !fs.existsSync(hlsDir),
      HLS_IDLE_MS + 30_000,
    );
    expect((await fetch(`${engine.url}${hls.path}`)).status).toBe(404);
    expect((await call('cameras.hls', { id: 'cam_nothere' })).status).toBe(404);
  });

  it('removing the camera stops its recorder and HLS: no process, no open file; its recordings stay', async () => {
    await ok<HlsPlaylist>('cameras.hls', { id: cameraId });
    const before = await processes();
    const recorder = before.find((p) => p.id === `record:${cameraId}`);
    const hls = before.find((p) => p.id === `hls:${cameraId}`);
    expect(recorder?.pid).toBeTruthy();
    expect(hls?.pid).toBeTruthy();
    const kept = (await finished(cameraId, 1))!;

    await ok('cameras.remove', { id: cameraId });
    const after = await processes();
    expect(after.filter((p) => p.id.endsWith(cameraId))).toEqual([]);
    expect(processExists(recorder!.pid!)).toBe(false);
    expect(processExists(hls!.pid!)).toBe(false);
    expect(openFilesUnder(recordingsDir)).toEqual([]);
    expect(fs.existsSync(path.join(dataDir, 'hls', cameraId))).toBe(false);

    const list = await ok<RecordingInfo[]>('recordings.list', { cameraId });
    expect(list.length).toBeGreaterThanOrEqual(kept.length);
    expect(list.every((r) => !r.inProgress)).toBe(true);
    // The last segment was closed properly: it plays.
    expect((await probe(path.join(recordingsDir, cameraId, list[0]!.id))).codecs).toContain('h264');
    const url = await ok<RecordingUrl>('recordings.url', { cameraId, id: list[0]!.id });
    const res = await fetch(`${engine.url}${url.path}`);
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    await ok('recordings.remove', { cameraId, id: list.at(-1)!.id });
    expect((await ok<RecordingInfo[]>('recordings.list', { cameraId })).length).toBe(list.length - 1);
    expect(openFilesUnder(recordingsDir)).toEqual([]);
  });
});
