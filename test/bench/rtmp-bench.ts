/**
 * RTMP benchmarks (run by `npm run bench` after the camera bench; BENCH_RTMP=0 skips them; alone:
 * `npm run build && node --import tsx test/bench/rtmp-bench.ts`). Figures, not pass/fail: each
 * is reported next to a baseline measured in the same run on the same machine (DESIGN §5, §7).
 *
 * Source: testsrc2 1280×720@30 + a sine tone, encoded ONCE beforehand to an FLV file at a
 * constant ~4 Mb/s (x264 CBR with filler), then published with
 * `ffmpeg -re -stream_loop -1 -i file -c copy -f flv`: the publisher's CPU is small and the same
 * for both servers.
 *
 * 1. Fan-out. One publisher, N players on loopback (`ffmpeg -i rtmp://… -map 0 -c copy -f null -`,
 *    identical for both servers), N = 0, 1, 8, 16 (players are added, not restarted), against
 *    nginx-rtmp (Debian nginx + libnginx-mod-rtmp, one worker) and then the engine's RTMP server.
 *    Per N: the server's CPU (utime+stime deltas from /proc, % of one core; the engine's Node
 *    process only for the engine, its FFmpeg children shown apart; master + worker for nginx),
 *    its RSS, and the worst player: each player reports the media time it has received
 *    (`-progress`); over the window, received media time vs wall time. A player whose media
 *    time fell more than BEHIND_MS behind the wall clock over the window fell behind. The
 *    publisher's own rate is shown: a player cannot be faster than what is published.
 * 2. CPU per restream destination. The engine with the same published stream, restreamed to
 *    K = 1, 4, 8 destinations on one nginx-rtmp (different keys): CPU of the engine plus its
 *    restream FFmpeg children, minus the same engine with K = 0, per destination. Baseline: K
 *    plain `ffmpeg -i rtmp://<engine play URL> -map 0 -c copy -f flv rtmp://nginx/live/<k>`
 *    relays (the restream FFmpeg's own output options), with the engine's restreams removed,
 *    measured as the engine plus the relays. Why the engine's play URL: both sides then start
 *    from the same published stream in the same engine and end in the same nginx, so the only
 *    difference is how a copy leaves the engine (the hub piping FLV into a supervised FFmpeg vs
 *    an RTMP player session) — exactly what a "do-it-yourself" relay would cost instead.
 *    Every destination's arrival at nginx is checked (nginx's own rtmp_stat bw_in).
 *
 * Every process started here ends on success, failure, SIGINT/SIGTERM or the overall deadline
 * (FFmpeg also dies with this process, through setpriv --pdeathsig).
 * BENCH_RTMP_PARTS=1,2 runs only some parts; BENCH_RTMP_WINDOW_SECONDS changes the windows.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnCommand } from '../../src-main/media/ffmpeg-command';
import { getFfmpeg } from '../../src-main/media/ffmpeg-binary';
import type { CreatedStreamKey } from '../../src-main/rtmp/stream-keys';
import type { RtmpServerStatus, RtmpStreamView } from '../../src-main/rtmp/rtmp-server';
import type { DestinationView } from '../../src-main/restream/restream-schema';
import { EngineProcess, freePort, REPO_ROOT } from '../fixtures/engine-process';
import { startNginxRtmp, type NginxRtmp } from '../fixtures/nginx-rtmp';
import { BenchProcesses, stopChild } from './bench-processes';
import { CLOCK_TICKS, commandName, memoryOf, processTree, startCpuWindow } from './proc-stats';

const FANOUT_PLAYERS = [0, 1, 8, 16];
const RESTREAM_DESTINATIONS = [1, 4, 8];
const WINDOW_MS = Number(process.env.BENCH_RTMP_WINDOW_SECONDS ?? 8) * 1000;
const WARMUP_MS = 3_000;
const IDLE_WINDOW_MS = WINDOW_MS / 2;
const SOURCE_SECONDS = 10;
const SOURCE_FPS = 30;
const SOURCE_BITRATE = '4M';
/** A player more than this far behind the wall clock over a window fell behind. */
const BEHIND_MS = 500;
const CPU_GOAL_RATIO = 2;
const STREAM = 'bench';
const DEADLINE_MS = 300_000;

// ---------------------------------------------------------------------------------------------
// Processes we start: every one is tracked and ended on success, failure, signal or deadline.

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const bench = new BenchProcesses('rtmp bench');
const { engines } = bench;
const nginxes = new Set<NginxRtmp>();
const tempDirs = new Set<string>();
bench.afterProcesses(() => Promise.allSettled([...nginxes].map((n) => n.stop())));
bench.afterProcesses(() => { for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true }); });
const cleanUp = () => bench.cleanUp();
const deadline = bench.giveUpAfter(DEADLINE_MS);

function spawnFfmpeg(ffmpeg: string, args: string[], stdio: Array<'pipe' | 'ignore'> = ['ignore', 'pipe', 'ignore']): ChildProcess {
  const wrapped = spawnCommand(ffmpeg, args);
  return bench.track(spawn(wrapped.command, wrapped.args, { cwd: REPO_ROOT, stdio }));
}

// ---------------------------------------------------------------------------------------------
// Helpers.

const pct = (v: number) => `${v.toFixed(1)} %`;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const ratio = (a: number, b: number) => (Number.isFinite(a / b) && b > 0 ? `${(a / b).toFixed(2)}×` : '—');

function table(header: string[], rows: string[][], align: Array<'l' | 'r'>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => '   ' + cells.map((c, i) => (align[i] === 'l' ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('   ');
  return [line(header), ...rows.map(line)].join('\n');
}

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | null | undefined | false> | T | null | undefined | false, everyMs = 200): Promise<T> {
  const deadlineAt = Date.now() + timeoutMs;
  let lastError: unknown = null;
  while (Date.now() < deadlineAt) {
    try {
      const value = await probe();
      if (value !== null && value !== undefined && value !== false) return value;
    } catch (err) {
      lastError = err;
    }
    await delay(everyMs);
  }
  throw new Error(`${what}: not within ${timeoutMs / 1000} s${lastError ? ` (${(lastError as Error).message})` : ''}`);
}

/**
 * An FFmpeg whose `-progress` (on stdout) is followed: video frames it has passed on, against wall
 * time. Frames, not `out_time`: a frame count cannot be fooled by a timestamp jump (the publisher
 * loops its file), and the source has a known rate (SOURCE_FPS).
 */
class Progressed {
  /** [wall ms (performance.now), video frames] at every progress report. */
  readonly samples: Array<[number, number]> = [];
  readonly child: ChildProcess;

  constructor(ffmpeg: string, args: string[]) {
    this.child = spawnFfmpeg(ffmpeg, ['-hide_banner', '-nostdin', '-loglevel', 'error', '-nostats', '-progress', 'pipe:1', '-stats_period', '0.25', ...args]);
    let buffered = '';
    let frames = NaN;
    this.child.stdout!.setEncoding('utf8');
    this.child.stdout!.on('data', (chunk: string) => {
      buffered += chunk;
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl).trim();
        buffered = buffered.slice(nl + 1);
        if (line.startsWith('frame=')) frames = Number(line.slice('frame='.length));
        else if (line.startsWith('progress=') && Number.isFinite(frames) && frames > 0) this.samples.push([performance.now(), frames]);
      }
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get mediaSeconds(): number {
    return (this.samples.at(-1)?.[1] ?? 0) / SOURCE_FPS;
  }

  /** Over [from, to] (performance.now): media time received (frames / fps) per wall time, and the shortfall. */
  window(from: number, to: number): { rate: number; behindMs: number } | null {
    const first = this.samples.find(([t]) => t >= from);
    const last = this.samples.filter(([t]) => t <= to).at(-1);
    if (!first || !last || last[0] - first[0] < 1000) return null;
    const wallMs = last[0] - first[0];
    const mediaMs = ((last[1] - first[1]) * 1000) / SOURCE_FPS;
    return { rate: mediaMs / wallMs, behindMs: wallMs - mediaMs };
  }
}

/** Encodes the source once: ~4 Mb/s CBR H.264 720p30 + AAC in FLV. */
async function encodeSource(ffmpeg: string, file: string): Promise<void> {
  const child = spawnFfmpeg(ffmpeg, [
    '-hide_banner', '-nostdin', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc2=size=1280x720:rate=${SOURCE_FPS}:duration=${SOURCE_SECONDS}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${SOURCE_SECONDS}`,
    '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-g', '60', '-keyint_min', '60', '-sc_threshold', '0',
    '-b:v', SOURCE_BITRATE, '-minrate', SOURCE_BITRATE, '-maxrate', SOURCE_BITRATE, '-bufsize', '2M', '-x264-params', 'nal-hrd=cbr:force-cfr=1',
    '-c:a', 'aac', '-b:a', '128k', '-ac', '2',
    '-f', 'flv', file,
  ], ['ignore', 'ignore', 'pipe']);
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  if (code !== 0) throw new Error(`encoding the source failed (${code}): ${err}`);
}

function publish(ffmpeg: string, file: string, url: string): Progressed {
  return new Progressed(ffmpeg, ['-re', '-stream_loop', '-1', '-i', file, '-map', '0', '-c', 'copy', '-f', 'flv', '-flvflags', 'no_duration_filesize', url]);
}

function play(ffmpeg: string, url: string): Progressed {
  return new Progressed(ffmpeg, ['-rw_timeout', '10000000', '-i', url, '-map', '0', '-c', 'copy', '-f', 'null', '-']);
}

/** nginx's master (spawned by the fixture, so our child) that was not there before. */
function nginxMaster(known: Set<number>): number {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || known.has(Number(entry))) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid && commandName(Number(entry)) === 'nginx') return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  throw new Error('nginx master process not found');
}

function ourNginxPids(): Set<number> {
  const pids = new Set<number>();
  for (const entry of fs.readdirSync('/proc')) if (/^\d+$/.test(entry) && commandName(Number(entry)) === 'nginx') pids.add(Number(entry));
  return pids;
}

async function startNginx(): Promise<{ nginx: NginxRtmp; master: number }> {
  const before = ourNginxPids();
  const nginx = await startNginxRtmp();
  nginxes.add(nginx);
  return { nginx, master: nginxMaster(before) };
}

async function startEngine(): Promise<{ engine: EngineProcess; rtmpPort: number; key: string }> {
  const engine = await EngineProcess.start({ extraArgs: ['--log-level', 'warn'] });
  engines.add(engine);
  const rtmpPort = await freePort();
  await engine.call('settings.update', { rtmp: { port: rtmpPort, host: '127.0.0.1' } });
  await waitFor('engine RTMP server listening', 10_000, async () => {
    const status = await engine.call<RtmpServerStatus>('rtmp.status');
    return status.state === 'listening' && status.port === rtmpPort;
  });
  const key = (await engine.call<CreatedStreamKey>('rtmp.keys.create', { name: 'bench' })).key;
  return { engine, rtmpPort, key };
}

/** bytes_in per stream name, from nginx's rtmp_stat (its bw_in is only updated every 10 s). */
async function nginxBytesIn(nginx: NginxRtmp): Promise<Map<string, number>> {
  const xml = await nginx.stat();
  const result = new Map<string, number>();
  for (const chunk of xml.split('<stream>').slice(1)) {
    const name = /<name>([^<]*)<\/name>/.exec(chunk)?.[1];
    const bytes = /<bytes_in>(\d+)<\/bytes_in>/.exec(chunk)?.[1];
    if (name !== undefined && bytes !== undefined) result.set(name, Number(bytes));
  }
  return result;
}

async function stopAll(list: Progressed[]): Promise<void> {
  await Promise.allSettled(list.map((p) => stopChild(p.child)));
}

// ---------------------------------------------------------------------------------------------
// 1. Fan-out.

interface FanoutRow {
  n: number;
  cpu: number;
  childCpu: number;
  rss: number;
  worstRate: number;
  worstBehindMs: number;
  silent: number;
  publisherRate: number;
}

async function fanout(ffmpeg: string, file: string, server: 'nginx' | 'engine'): Promise<{ idle: number; rows: FanoutRow[] }> {
  let serverPids: () => number[];
  let childPids: () => number[] = () => [];
  let publishUrl: string;
  let playUrl: string;
  let waitLive: () => Promise<unknown>;
  let stopServer: () => Promise<void>;
  if (server === 'nginx') {
    const { nginx, master } = await startNginx();
    serverPids = () => processTree(master);
    publishUrl = playUrl = nginx.url('live', STREAM);
    waitLive = async () => waitFor('nginx publishing', 15_000, async () => ((await nginxBytesIn(nginx)).get(STREAM) ?? 0) > 0);
    stopServer = async () => { await nginx.stop(); nginxes.delete(nginx); };
  } else {
    const { engine, rtmpPort, key } = await startEngine();
    const enginePid = engine.pid!;
    serverPids = () => [enginePid];
    childPids = () => processTree(enginePid).filter((p) => p !== enginePid);
    publishUrl = playUrl = `rtmp://127.0.0.1:${rtmpPort}/live/${STREAM}?key=${key}`;
    waitLive = async () => waitFor('engine stream live', 15_000, async () => {
      const s = (await engine.call<RtmpStreamView[]>('rtmp.streams')).find((v) => v.name === STREAM);
      return s?.status.state === 'live';
    });
    stopServer = async () => { await engine.stop(); await engine.removeDataDir(); engines.delete(engine); };
  }
  // The server alone first (no publisher): what it costs before any RTMP work.
  await delay(1_000);
  const endIdle = startCpuWindow(serverPids());
  await delay(IDLE_WINDOW_MS);
  const idle = endIdle().percentOfCore;
  const publisher = publish(ffmpeg, file, publishUrl);
  const players: Progressed[] = [];
  const rows: FanoutRow[] = [];
  try {
    await waitLive();
    await waitFor('publisher sending', 15_000, () => publisher.mediaSeconds > 1);
    for (const n of FANOUT_PLAYERS) {
      while (players.length < n) players.push(play(ffmpeg, playUrl));
      await delay(WARMUP_MS);
      const pids = serverPids();
      const kids = childPids();
      const from = performance.now();
      const end = startCpuWindow(pids);
      const endKids = startCpuWindow(kids);
      await delay(WINDOW_MS);
      const cpu = end();
      const kidsCpu = endKids();
      const to = performance.now();
      const rss = memoryOf(pids).rssBytes;
      const windows = players.map((p) => p.window(from, to));
      const measured = windows.filter((w): w is NonNullable<typeof w> => w !== null);
      rows.push({
        n,
        cpu: cpu.percentOfCore,
        childCpu: kids.length > 0 ? kidsCpu.percentOfCore : 0,
        rss,
        worstRate: measured.length ? Math.min(...measured.map((w) => w.rate)) : NaN,
        worstBehindMs: measured.length ? Math.max(...measured.map((w) => w.behindMs)) : NaN,
        silent: players.filter((p, i) => windows[i] === null || p.child.exitCode !== null || p.child.signalCode !== null).length,
        publisherRate: publisher.window(from, to)?.rate ?? NaN,
      });
    }
  } finally {
    await stopAll([...players, publisher]);
    await stopServer();
  }
  return { idle, rows };
}

/** CPU of a bare Node server parsing the same publish with the same parser and discarding it (rtmp-floor-server.ts). */
async function nodeFloor(ffmpeg: string, file: string): Promise<number> {
  const port = await freePort();
  const server = bench.track(spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'test/bench/rtmp-floor-server.ts'), String(port)], { stdio: ['ignore', 'pipe', 'inherit'] }));
  await new Promise<void>((resolve) => server.stdout!.once('data', () => resolve()));
  const publisher = publish(ffmpeg, file, `rtmp://127.0.0.1:${port}/live/${STREAM}`);
  try {
    await waitFor('publisher sending to the floor server', 15_000, () => publisher.mediaSeconds > 1);
    await delay(WARMUP_MS);
    const end = startCpuWindow([server.pid!]);
    await delay(WINDOW_MS);
    return end().percentOfCore;
  } finally {
    await stopAll([publisher]);
    await stopChild(server);
  }
}

// ---------------------------------------------------------------------------------------------
// 2. Restream cost per destination.

interface RestreamRow {
  k: number;
  engineCpu: number;
  engineRss: number;
  relayCpu: number;
  relayRss: number;
  engineMinKbps: number;
  relayMinKbps: number;
}

async function restreamCost(ffmpeg: string, file: string): Promise<{ idleCpu: number; rows: RestreamRow[] }> {
  const { nginx } = await startNginx();
  const { engine, rtmpPort, key } = await startEngine();
  const enginePid = engine.pid!;
  const url = `rtmp://127.0.0.1:${rtmpPort}/live/${STREAM}?key=${key}`;
  const publisher = publish(ffmpeg, file, url);
  const relays: Progressed[] = [];
  const destinations: string[] = [];
  /** CPU and RSS of the engine's tree plus `extra`, and the lowest rate nginx received on `names`. */
  const measure = async (extra: () => number[], names: string[]): Promise<{ cpu: number; rss: number; minKbps: number }> => {
    await delay(WARMUP_MS);
    const pids = [...processTree(enginePid), ...extra()];
    const bytesBefore = await nginxBytesIn(nginx);
    const startedAt = performance.now();
    const end = startCpuWindow(pids);
    await delay(WINDOW_MS);
    const cpu = end().percentOfCore;
    const bytesAfter = await nginxBytesIn(nginx);
    const seconds = (performance.now() - startedAt) / 1000;
    const kbps = names.map((n) => (((bytesAfter.get(n) ?? 0) - (bytesBefore.get(n) ?? 0)) * 8) / seconds / 1000);
    return { cpu, rss: memoryOf(pids).rssBytes, minKbps: kbps.length ? Math.min(...kbps) : NaN };
  };
  try {
    await waitFor('engine stream live', 15_000, async () => {
      const s = (await engine.call<RtmpStreamView[]>('rtmp.streams')).find((v) => v.name === STREAM);
      return s?.status.state === 'live';
    });
    const idle = await measure(() => [], []);
    const rows: Array<Partial<RestreamRow> & { k: number }> = [];
    for (const k of RESTREAM_DESTINATIONS) {
      while (destinations.length < k) {
        const i = destinations.length;
        const d = await engine.call<DestinationView>('restream.add', { sourceId: `rtmp_${STREAM}`, name: `nginx ${i}`, url: `rtmp://127.0.0.1:${nginx.port}/live`, key: `restream${i}` });
        destinations.push(d.id);
      }
      await waitFor(`${k} destination(s) live`, 20_000, async () => {
        const list = await engine.call<DestinationView[]>('restream.list', {});
        return list.filter((d) => destinations.includes(d.id) && d.status.state === 'live').length === k;
      });
      const m = await measure(() => [], destinations.map((_, i) => `restream${i}`));
      rows.push({ k, engineCpu: m.cpu, engineRss: m.rss, engineMinKbps: m.minKbps });
    }
    for (const id of destinations) await engine.call('restream.remove', { id });
    await waitFor('restream FFmpegs gone', 10_000, () => processTree(enginePid).length === 1 || null);
    for (const row of rows) {
      while (relays.length < row.k) {
        relays.push(new Progressed(ffmpeg, ['-rw_timeout', '10000000', '-i', url, '-map', '0', '-c', 'copy', '-f', 'flv', '-flvflags', 'no_duration_filesize', nginx.url('live', `relay${relays.length}`)]));
      }
      await waitFor(`${row.k} relay(s) flowing`, 20_000, () => relays.every((r) => r.mediaSeconds > 0.5));
      const m = await measure(() => relays.map((r) => r.pid), relays.map((_, i) => `relay${i}`));
      row.relayCpu = m.cpu;
      row.relayRss = m.rss;
      row.relayMinKbps = m.minKbps;
    }
    return { idleCpu: idle.cpu, rows: rows as RestreamRow[] };
  } finally {
    await stopAll([...relays, publisher]);
    await engine.stop();
    await engine.removeDataDir();
    engines.delete(engine);
    await nginx.stop();
    nginxes.delete(nginx);
  }
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const ffmpegInfo = await getFfmpeg();
  const ffmpeg = ffmpegInfo.path;
  const parts = new Set((process.env.BENCH_RTMP_PARTS ?? '1,2').split(',').map((p) => p.trim()));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-rtmp-bench-'));
  tempDirs.add(dir);
  const file = path.join(dir, 'source.flv');
  const encodeStarted = performance.now();
  await encodeSource(ffmpeg, file);
  const kbps = (fs.statSync(file).size * 8) / SOURCE_SECONDS / 1000;
  console.log(`\nRTMP benchmarks (FFmpeg ${ffmpegInfo.version}, ${os.cpus().length} cores); each figure next to a baseline measured in this run`);
  console.log(`source: testsrc2 1280×720@30 H.264 CBR + AAC, ${SOURCE_SECONDS} s file at ${(kbps / 1000).toFixed(2)} Mb/s (encoded once in ${((performance.now() - encodeStarted) / 1000).toFixed(1)} s), published with -re -stream_loop -1 -c copy`);
  console.log(`windows: ${WARMUP_MS / 1000} s warm-up, then ${WINDOW_MS / 1000} s measured (CPU = utime+stime deltas from /proc, % of one core)`);

  if (parts.has('1')) {
    const { idle: nginxIdle, rows: nginxRows } = await fanout(ffmpeg, file, 'nginx');
    const { idle: engineIdle, rows: engineRows } = await fanout(ffmpeg, file, 'engine');
    const floor = await nodeFloor(ffmpeg, file);
    console.log(`\n1. Fan-out: 1 publisher → N players (ffmpeg -i rtmp://… -map 0 -c copy -f null -), same load on each server`);
    console.log(`   "idle" = the server before anything is published (${IDLE_WINDOW_MS / 1000} s); N = 0: publisher only\n   server CPU: nginx = master + worker; engine = its Node process (FFmpeg children, if any, in "engine kids")`);
    console.log(`   worst player: lowest rate of video frames received / frames due at 30 fps over the window, and how far it fell behind the wall clock (> ${BEHIND_MS} ms = fell behind)`);
    const rows = FANOUT_PLAYERS.map((n, i) => {
      const e = engineRows[i]!;
      const g = nginxRows[i]!;
      const worst = (r: FanoutRow) => (r.n === 0 ? '—' : `${r.worstRate.toFixed(3)} / ${Math.round(r.worstBehindMs)} ms${r.silent ? ` (${r.silent} silent)` : ''}`);
      const perG = n > 0 ? (g.cpu - nginxRows[0]!.cpu) / n : NaN;
      const perE = n > 0 ? (e.cpu - engineRows[0]!.cpu) / n : NaN;
      const perPlayer = n > 0 ? `${perG.toFixed(2)} / ${perE.toFixed(2)} % (${ratio(perE, perG)})` : '—';
      return [String(n), pct(g.cpu), pct(e.cpu), pct(e.childCpu), ratio(e.cpu, g.cpu), perPlayer, mib(g.rss), mib(e.rss), worst(g), worst(e), `${g.publisherRate.toFixed(3)} / ${e.publisherRate.toFixed(3)}`];
    });
    rows.unshift(['idle', pct(nginxIdle), pct(engineIdle), '', ratio(engineIdle, nginxIdle), '', '', '', '', '', '']);
    console.log(table(['N', 'nginx CPU', 'engine CPU', 'engine kids', 'engine/nginx', 'per player n/e (ratio)', 'nginx RSS', 'engine RSS', 'worst player nginx', 'worst player engine', 'publisher rate n/e'], rows, ['r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r']));
    console.log(`   Node floor at N = 0: a bare Node server running the same RTMP parser and discarding every packet costs ${pct(floor)}` +
      ` (${ratio(floor, nginxRows[0]!.cpu)} nginx): what reading this publish costs any Node process; the engine adds ${pct(engineRows[0]!.cpu - floor)} on top (hub, GOP cache, health)`);
    console.log(`   "per player" = (CPU at N − CPU at N = 0) / N: the cost of one more player, without the publisher's ingest; ratio shown, noisy at small N (1 clock tick = ${(100 / CLOCK_TICKS / (WINDOW_MS / 1000)).toFixed(2)} % here)`);
    const loaded = FANOUT_PLAYERS.map((n, i) => ({ n, e: engineRows[i]!, g: nginxRows[i]! })).filter((r) => r.n > 0);
    const behind = (r: FanoutRow) => r.silent > 0 || !(r.worstBehindMs <= BEHIND_MS);
    const cpuOk = loaded.every((r) => r.e.cpu <= CPU_GOAL_RATIO * r.g.cpu);
    const playersOk = loaded.every((r) => !behind(r.e));
    console.log(`   goal (engine CPU ≤ ${CPU_GOAL_RATIO}× nginx at every N ≥ 1, no engine player behind): ${cpuOk && playersOk ? 'met' : 'NOT met'}` +
      ` — CPU ${cpuOk ? 'within' : 'over'} ${CPU_GOAL_RATIO}×; players ${playersOk ? 'all kept up' : 'fell behind'}` +
      `${loaded.some((r) => behind(r.g)) ? ' (an nginx player fell behind too: the machine, not the server)' : ''}`);
  }

  if (parts.has('2')) {
    const { idleCpu, rows } = await restreamCost(ffmpeg, file);
    console.log(`\n2. CPU per restream destination: engine with 1 published stream → K destinations on one nginx-rtmp (different keys)`);
    console.log(`   engine = Node process + its restream FFmpeg children (hub → FLV on stdin → -c copy → rtmp://nginx)`);
    console.log(`   baseline = the same engine with no destinations + K plain relays \`ffmpeg -i rtmp://<engine play URL> -map 0 -c copy -f flv rtmp://nginx/live/relayK\``);
    console.log(`   (engine play URL: same source, same engine, same nginx on both sides; the only difference is how each copy leaves the engine)`);
    console.log(`   engine with the stream published and K = 0: ${pct(idleCpu)}; "per dest." = (CPU − that) / K; "min in" = lowest rate nginx received on one destination over the window (bytes_in from its rtmp_stat)`);
    const table2 = rows.map((r) => {
      const perE = (r.engineCpu - idleCpu) / r.k;
      const perR = (r.relayCpu - idleCpu) / r.k;
      return [String(r.k), pct(r.engineCpu), pct(perE), mib(r.engineRss), `${Math.round(r.engineMinKbps)} kb/s`, pct(r.relayCpu), pct(perR), mib(r.relayRss), `${Math.round(r.relayMinKbps)} kb/s`, ratio(perE, perR)];
    });
    console.log(table(['K', 'restream CPU', 'per dest.', 'RSS', 'min in', 'relays CPU', 'per dest.', 'RSS', 'min in', 'restream/relay per dest.'], table2, ['r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r']));
  }
}

main()
  .then(async () => {
    await cleanUp();
    clearTimeout(deadline);
  })
  .catch(async (err: unknown) => {
    console.error(`rtmp bench failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    await cleanUp();
    process.exitCode = 1;
  });
