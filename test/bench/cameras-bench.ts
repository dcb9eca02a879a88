/**
 * Camera benchmarks (run by `npm run bench` after the engine bench; alone:
 * `npm run build && node --import tsx test/bench/cameras-bench.ts`). Figures, not pass/fail.
 * Each figure comes with a baseline measured in the same run on the same machine, as a ratio
 * (DESIGN §5, §7):
 *
 * 1. Glass-to-glass preview latency. A source draws its own wall clock into every frame
 *    (clock-source.ts: 640×360@30, libx264 ultrafast/zerolatency, 1 s GOP, MPEG-TS over HTTP).
 *    The engine ingests it as a camera; Chromium plays the camera's WS-FLV preview with mpegts.js
 *    and the UI's own LIVE_PLAYER_CONFIG, reads the clock from every presented frame
 *    (requestVideoFrameCallback → canvas → getImageData) and subtracts it from the time the frame
 *    is shown (same machine, same clock). The preview is opened 4 times, a quarter GOP apart,
 *    because its latency depends on the moment it joins (see LATENCY_JOINS).
 *    Baseline: the same source decoded directly by FFmpeg (low-delay flags) at the same moment,
 *    the clock read from each decoded frame as it leaves FFmpeg. That is the part no viewer can
 *    avoid (make the frame, encode, mux, send, demux, decode), so the ratio and the difference
 *    show what the engine and the browser player add. A third row, the engine's HTTP-FLV decoded
 *    by the same FFmpeg, splits the engine's share from the browser player's. (For context only:
 *    WS-FLV previews such as go2rtc's are usually quoted at about 1 s; DESIGN §4 says about 1 s.)
 * 2. Add → first frame on screen, on a live RTSP camera (the GStreamer simulator, 1280×720@30,
 *    kept streaming by a reader of its own, as a real camera always is): from the cameras.add
 *    call until the page shows the first frame of the preview it opened as soon as cameras.add
 *    returned. Baseline: a bare FFmpeg with the engine's input options, from spawn to its first
 *    decoded frame on the same source (RTSP handshake + probing + a keyframe).
 * 3. Cost per camera: 16 cameras on two simulator mounts (8 readers sharing each mount's
 *    encoder), CPU (utime+stime deltas from /proc over 20 s) and memory (RSS and PSS) of the
 *    engine and all its FFmpeg children, against 16 plain
 *    `ffmpeg -rtsp_transport tcp -i URL -c copy -f flv -y /dev/null` on the same URLs, each phase
 *    with a fresh simulator. The simulator's own CPU is shown apart and counted in neither; every
 *    FFmpeg's output is checked to have flowed during the window.
 *
 * Every process started here is ended on success, failure, SIGINT/SIGTERM or the overall
 * deadline (FFmpeg and the clock source also die with this process, through setpriv --pdeathsig).
 * BENCH_CAMERA_PARTS=1,3 runs only some parts; BENCH_LATENCY_SECONDS, BENCH_COST_SECONDS change
 * the windows; BENCH_PLAYER_CONFIG='{"liveSync":true}' tries player settings over the UI's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { spawnCommand } from '../../src-main/media/ffmpeg-command';
import { getFfmpeg } from '../../src-main/media/ffmpeg-binary';
import { CHROMIUM_PATH } from '../e2e/chromium';
import { EngineProcess, REPO_ROOT } from '../fixtures/engine-process';
import { rtspServerStatus, startRtspCamera, type RtspCamera } from '../fixtures/rtsp/rtsp-camera';
import { CLOCK_FPS, CLOCK_HEIGHT, CLOCK_WIDTH, readClockGray } from './clock-pattern';
import { startClockSource } from './clock-source-process';
import { BenchProcesses, stopChild } from './bench-processes';
import { bytesWritten, commandName, memoryOf, processTree, startCpuWindow, type CpuWindow, type Memory } from './proc-stats';
import type { BenchPage, LatencyReport } from './preview-page';

const LATENCY_WINDOW_MS = Number(process.env.BENCH_LATENCY_SECONDS ?? 20) * 1000;
const FIRST_FRAME_RUNS = 5;
const FIRST_FRAME_TIMEOUT_MS = 15_000;
const FIRST_FRAME_GOAL_MS = 2_000;
const COST_CAMERAS = 16;
const COST_WARMUP_MS = 6_000;
const COST_WINDOW_MS = Number(process.env.BENCH_COST_SECONDS ?? 20) * 1000;
const ENGINE_IDLE_MS = 5_000;
const CAMERA_W = 1280;
const CAMERA_H = 720;
const CAMERA_FPS = 30;
/** For experiments: JSON merged over the UI's player settings (the output says so). */
const PLAYER_OVERRIDES = JSON.parse(process.env.BENCH_PLAYER_CONFIG ?? '{}') as Record<string, unknown>;
/** The whole bench gives up (cleaning up) after this long. */
const DEADLINE_MS = 240_000;
/** As src-main/cameras/ingest-args.ts probes a source. */
const ENGINE_PROBE = ['-probesize', '1000000', '-analyzeduration', '1000000'];

// ---------------------------------------------------------------------------------------------
// Processes we start: every one is tracked and ended on success, failure, signal or deadline.

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const bench = new BenchProcesses('cameras bench');
const { engines } = bench;
const cameras = new Set<RtspCamera>();
const browsers = new Set<Browser>();
const servers = new Set<http.Server>();
bench.beforeProcesses(() => Promise.allSettled([...browsers].map((b) => Promise.race([b.close(), delay(5_000)]))));
bench.afterProcesses(() => Promise.allSettled([...cameras].map((c) => c.stop())));
bench.afterProcesses(() => { for (const server of servers) server.close(); });
const track = (child: ChildProcess) => bench.track(child);
const cleanUp = () => bench.cleanUp();
bench.giveUpAfter(DEADLINE_MS);

/** Runs `command` under `setpriv --pdeathsig KILL` (when present): it dies with us, even on SIGKILL. */
function spawnTracked(command: string, args: string[], stdio: Array<'pipe' | 'ignore' | 'inherit'>): ChildProcess {
  const wrapped = spawnCommand(command, args);
  return track(spawn(wrapped.command, wrapped.args, { cwd: REPO_ROOT, stdio }));
}

// ---------------------------------------------------------------------------------------------
// Small helpers.

interface Summary {
  n: number;
  median: number;
  p90: number;
  max: number;
}

function summarise(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
  return { n: sorted.length, median: at(0.5), p90: at(0.9), max: sorted[sorted.length - 1] ?? NaN };
}

const ms = (v: number) => (Number.isFinite(v) ? `${Math.round(v)} ms` : '—');
const pct = (v: number) => `${v.toFixed(1)} %`;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const ratio = (a: number, b: number) => (Number.isFinite(a / b) && b > 0 ? `${(a / b).toFixed(2)}×` : '—');

function table(header: string[], rows: string[][], align: Array<'l' | 'r'>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    '   ' + cells.map((c, i) => (align[i] === 'l' ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('   ');
  return [line(header), ...rows.map(line)].join('\n');
}

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | null | undefined> | T | null | undefined, everyMs = 100): Promise<T> {
  const deadlineAt = Date.now() + timeoutMs;
  let lastError: unknown = null;
  while (Date.now() < deadlineAt) {
    try {
      const value = await probe();
      if (value !== null && value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    await delay(everyMs);
  }
  throw new Error(`${what}: not within ${timeoutMs / 1000} s${lastError ? ` (${(lastError as Error).message})` : ''}`);
}

interface CameraView {
  id: string;
  url: string;
  status: { state: string; reason: string | null; liveSince: string | null; restarts: number };
}

async function addCamera(engine: EngineProcess, name: string, url: string): Promise<CameraView> {
  return engine.call<CameraView>('cameras.add', { name, url, rtspTransport: 'tcp' });
}

async function waitLive(engine: EngineProcess, ids: string[], timeoutMs: number): Promise<CameraView[]> {
  let last: CameraView[] = [];
  try {
    return await waitFor(`${ids.length} camera(s) live`, timeoutMs, async () => {
      last = (await engine.call<CameraView[]>('cameras.list')).filter((c) => ids.includes(c.id));
      return last.length === ids.length && last.every((c) => c.status.state === 'live') ? last : null;
    }, 200);
  } catch (err) {
    const states = last.filter((c) => c.status.state !== 'live').map((c) => `${c.url}: ${c.status.state} ${c.status.reason ?? ''}`);
    throw new Error(`${(err as Error).message}; not live: ${states.join('; ') || '?'}`);
  }
}

async function previewUrl(engine: EngineProcess, id: string): Promise<string> {
  // The ingest exists once cameras.add has answered; retried in case it is not serving yet.
  const preview = await waitFor('a preview address', 10_000, () => engine.call<{ path: string }>('cameras.preview', { id, variant: 'main' }), 50);
  return `ws://${engine.host}:${engine.port}${preview.path}`;
}

// ---------------------------------------------------------------------------------------------
// FFmpeg reading the clock (baselines of part 1).

class ClockDecoder {
  readonly latencies: Array<{ latencyMs: number; at: number }> = [];
  /** When each frame (read or not) left FFmpeg. */
  readonly frameTimes: number[] = [];
  private readonly child: ChildProcess;

  constructor(ffmpeg: string, inputArgs: string[]) {
    this.child = spawnTracked(ffmpeg, [
      '-hide_banner', '-nostdin', '-loglevel', 'error',
      '-probesize', '200000', '-analyzeduration', '500000', '-fflags', 'nobuffer', '-flags', 'low_delay',
      ...inputArgs,
      '-map', '0:v:0', '-f', 'rawvideo', '-pix_fmt', 'gray', '-flush_packets', '1', 'pipe:1',
    ], ['ignore', 'pipe', 'ignore']);
    const size = CLOCK_WIDTH * CLOCK_HEIGHT;
    const frame = Buffer.alloc(size);
    let filled = 0;
    this.child.stdout!.on('data', (chunk: Buffer) => {
      let offset = 0;
      while (offset < chunk.length) {
        const n = Math.min(size - filled, chunk.length - offset);
        chunk.copy(frame, filled, offset, offset + n);
        filled += n;
        offset += n;
        if (filled === size) {
          filled = 0;
          const at = Date.now();
          const stamp = readClockGray(frame);
          this.frameTimes.push(at);
          if (stamp !== null) this.latencies.push({ latencyMs: at - stamp, at });
        }
      }
    });
  }

  stop(): Promise<void> {
    return stopChild(this.child);
  }
}

// ---------------------------------------------------------------------------------------------
// The browser page.

/**
 * The file of src-renderer that exports the UI's `LIVE_PLAYER_CONFIG` (looked up at each run,
 * so the bench plays with whatever settings the UI has today), or null.
 */
function findUiPlayerConfig(): string | null {
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return walk(full);
      return /\.tsx?$/.test(entry.name) ? [full] : [];
    });
  const rendererDir = path.join(REPO_ROOT, 'src-renderer');
  if (!fs.existsSync(rendererDir)) return null;
  return walk(rendererDir).find((file) => /export\s+const\s+LIVE_PLAYER_CONFIG\b/.test(fs.readFileSync(file, 'utf8'))) ?? null;
}

async function startPage(): Promise<{ page: Page; browser: Browser; configFile: string }> {
  const configFile = findUiPlayerConfig();
  if (!configFile) throw new Error('no file in src-renderer exports LIVE_PLAYER_CONFIG: cannot play previews with the UI\'s settings');
  const entry = [
    `import { LIVE_PLAYER_CONFIG } from ${JSON.stringify(configFile)};`,
    `import ${JSON.stringify(path.join(REPO_ROOT, 'test/bench/preview-page.ts'))};`,
    'globalThis.__UI_PLAYER_CONFIG__ = LIVE_PLAYER_CONFIG;',
    `globalThis.__PLAYER_OVERRIDES__ = ${JSON.stringify(PLAYER_OVERRIDES)};`,
  ].join('\n');
  const bundle = await build({
    stdin: { contents: entry, resolveDir: REPO_ROOT, sourcefile: 'bench-entry.js', loader: 'js' },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const script = bundle.outputFiles[0]!.text;
  const server = http.createServer((req, res) => {
    if (req.url === '/page.js') res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(script);
    else res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>bench</title><body><script src="/page.js"></script></body>');
  });
  servers.add(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // Our own signal handlers close the browser (Playwright's would SIGKILL it mid-way).
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    // test/e2e/chromium.ts's flags, and autoplay without a click (the grid plays muted anyway).
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--autoplay-policy=no-user-gesture-required'],
  });
  browsers.add(browser);
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForFunction(() => 'bench' in window);
  return { page, browser, configFile };
}

const inPage = <T>(page: Page, fn: (bench: BenchPage, arg: string) => T | Promise<T>, arg = ''): Promise<T> =>
  page.evaluate(({ source, arg: a }) => new Function('bench', 'arg', `return (${source})(bench, arg)`)(window.bench, a) as T, { source: fn.toString(), arg });

// ---------------------------------------------------------------------------------------------
// 1. Glass-to-glass latency.

interface LatencyRow {
  label: string;
  frames: number;
  unreadable: number;
  summary: Summary;
  /** Median of each join's window. */
  perJoin: number[];
}

interface LatencyResult {
  rows: LatencyRow[];
  expectedFrames: number;
  playerErrors: string[];
}

/**
 * The preview's latency depends on when it joins: the hub starts a new reader at the last
 * keyframe (a picture at once), and the player then plays from there, so the picture stays as
 * far behind as that keyframe was old at the join (up to one GOP) unless the buffer exceeds the
 * player's latency-chasing limit. One join would measure one random phase; the preview is
 * therefore opened LATENCY_JOINS times, the joins a quarter GOP apart (each session lasts
 * a whole number of seconds plus 250 ms), and all windows pooled.
 */
const LATENCY_JOINS = 4;
const JOIN_SETTLE_MS = 1_250;

async function benchLatency(ffmpeg: string, engine: EngineProcess, page: Page): Promise<LatencyResult> {
  const { child: source, url: sourceUrl } = await startClockSource(track);
  const camera = await addCamera(engine, 'Clock', sourceUrl);
  await waitLive(engine, [camera.id], 20_000);

  const direct = new ClockDecoder(ffmpeg, ['-i', sourceUrl]);
  const viaEngine = new ClockDecoder(ffmpeg, ['-headers', `Authorization: Bearer ${engine.token}\r\n`, '-i', `${engine.baseUrl}/media/live/${camera.id}.flv`]);
  await waitFor('the first clock frames from FFmpeg', 15_000, () => (direct.latencies.length > 0 && viaEngine.latencies.length > 0 ? true : null));

  const windowMs = LATENCY_WINDOW_MS / LATENCY_JOINS;
  const sessionMs = JOIN_SETTLE_MS + windowMs;
  const windows: Array<{ from: number; to: number }> = [];
  const reports: LatencyReport[] = [];
  const firstJoin = Date.now();
  for (let join = 0; join < LATENCY_JOINS; join++) {
    await delay(Math.max(0, firstJoin + join * sessionMs - Date.now()));
    const url = await previewUrl(engine, camera.id);
    await inPage(page, (bench, u) => bench.startLatency(u), url);
    await delay(JOIN_SETTLE_MS);
    await inPage(page, (bench) => bench.resetLatency());
    const from = Date.now();
    // A little short of the window, so that the session fits its slot whatever the round trips cost.
    await delay(windowMs - 150);
    reports.push(await inPage<LatencyReport>(page, (bench) => bench.latencyReport()));
    windows.push({ from, to: Date.now() });
    await inPage(page, (bench) => bench.stopAll());
  }

  const decoderRow = (label: string, d: ClockDecoder): LatencyRow => {
    const per = windows.map((w) => d.latencies.filter((s) => s.at >= w.from && s.at <= w.to).map((s) => s.latencyMs));
    const frames = windows.reduce((sum, w) => sum + d.frameTimes.filter((t) => t >= w.from && t <= w.to).length, 0);
    const all = per.flat();
    return { label, frames, unreadable: frames - all.length, summary: summarise(all), perJoin: per.map((xs) => summarise(xs).median) };
  };
  const previewPer = reports.map((r) => r.samples.map((s) => s.latencyMs));
  const rows = [
    decoderRow('source → FFmpeg decode  (baseline)', direct),
    decoderRow('source → engine → HTTP-FLV → FFmpeg decode', viaEngine),
    {
      label: 'source → engine → WS-FLV → mpegts.js → screen',
      frames: reports.reduce((sum, r) => sum + r.framesPresented, 0),
      unreadable: reports.reduce((sum, r) => sum + r.unreadable, 0),
      summary: summarise(previewPer.flat()),
      perJoin: previewPer.map((xs) => summarise(xs).median),
    },
  ];

  await Promise.all([direct.stop(), viaEngine.stop()]);
  await engine.call('cameras.remove', { id: camera.id });
  await stopChild(source);
  const expectedFrames = Math.round(windows.reduce((sum, w) => sum + (w.to - w.from), 0) / 1000 * CLOCK_FPS);
  return { rows, expectedFrames, playerErrors: reports.at(-1)?.errors ?? [] };
}

// ---------------------------------------------------------------------------------------------
// 2. Add → first frame on screen.

interface FirstFrameRun {
  addMs: number;
  previewMs: number;
  hubMs: number;
  screenMs: number;
  baselineMs: number;
  /** Ingest restarts before the first frame (0 when FFmpeg got there at the first try). */
  restarts: number;
}

/** Spawn → first decoded frame of a bare FFmpeg with the engine's probe settings. */
async function ffmpegFirstFrame(ffmpeg: string, url: string): Promise<number> {
  const started = Date.now();
  const child = spawnTracked(ffmpeg, [
    // The engine's own input options (ingest-args.ts), so that both start the same way.
    '-hide_banner', '-nostdin', '-loglevel', 'error', '-rtsp_transport', 'tcp', ...ENGINE_PROBE,
    '-flags', 'low_delay', '-i', url,
    '-map', '0:v:0', '-frames:v', '1', '-vf', 'scale=64:36', '-f', 'rawvideo', '-pix_fmt', 'gray', '-flush_packets', '1', 'pipe:1',
  ], ['ignore', 'pipe', 'ignore']);
  try {
    return await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the baseline FFmpeg decoded no frame within 15 s')), FIRST_FRAME_TIMEOUT_MS);
      child.stdout!.once('data', () => {
        clearTimeout(timer);
        resolve(Date.now() - started);
      });
    });
  } finally {
    await stopChild(child);
  }
}

async function benchFirstFrame(ffmpeg: string, engine: EngineProcess, page: Page, camera: RtspCamera): Promise<FirstFrameRun[]> {
  // A real camera streams whether or not we watch: keep the simulator's encoder running.
  const keeper = spawnTracked(ffmpeg, ['-hide_banner', '-nostdin', '-loglevel', 'error', '-rtsp_transport', 'tcp', '-i', camera.url(), '-c', 'copy', '-f', 'null', '-'], ['ignore', 'ignore', 'ignore']);
  await delay(3_000);
  const runs: FirstFrameRun[] = [];
  try {
    for (let i = 0; i < FIRST_FRAME_RUNS; i++) {
      // Interleaved, so that machine noise hits both alike.
      const baselineMs = await ffmpegFirstFrame(ffmpeg, camera.url());
      await delay(300);
      const t0 = Date.now();
      const added = await addCamera(engine, `Add ${i + 1}`, camera.url());
      const addMs = Date.now() - t0;
      const url = await previewUrl(engine, added.id);
      const previewMs = Date.now() - t0;
      const shownAt = await inPage(page, (bench, u) => bench.firstFrame(u, 15_000), url);
      const [live] = await waitLive(engine, [added.id], 5_000);
      const hubMs = Date.parse(live!.status.liveSince!) - t0;
      runs.push({ addMs, previewMs, hubMs, screenMs: shownAt - t0, baselineMs, restarts: live!.status.restarts });
      await inPage(page, (bench) => bench.stopAll());
      await engine.call('cameras.remove', { id: added.id });
      await delay(300);
    }
  } finally {
    await stopChild(keeper);
  }
  return runs;
}

// ---------------------------------------------------------------------------------------------
// 3. Cost per camera.

interface CostFigures {
  cpu: CpuWindow;
  memory: Memory;
  processes: number;
  /** FFmpeg processes that wrote less than MIN_BYTES_IN_WINDOW during the window (a stuck input). */
  starved: number;
  /** The least any FFmpeg wrote during the window. */
  minBytesOut: number;
  simulatorCpu: CpuWindow;
  /** The share of the FFmpeg processes among them. */
  ffmpegCpu: CpuWindow;
  ffmpegMemory: Memory;
  ffmpegCount: number;
}

/** 2 Mb/s for 20 s is 5 MB: an FFmpeg that wrote less than this in the window was not receiving. */
const MIN_BYTES_IN_WINDOW = 1_000_000;
const COST_MOUNTS = ['/cam1', '/cam2'];

/**
 * 16 addresses of the simulator's two mounts (8 readers each). The engine refuses two cameras
 * with one URL, and GStreamer's RTSP server shares a mount's encoder only among clients asking
 * for the same port, path and query (a query string would start one encoder per camera). So the
 * URLs differ in how 127.0.0.1 is spelled (forms inet_aton accepts): 16 cameras, 2 encoders.
 * Two mounts rather than one: GStreamer 1.22's server has been seen to stall every client of a
 * mount when 9 or more TCP clients join it quickly.
 */
const LOOPBACK_SPELLINGS = [
  '127.0.0.1', '127.1', '127.0.1', '2130706433', '0x7f000001', '0x7f.1', '0x7f.0.1', '0x7f.0.0.1',
  '0177.0.0.1', '0177.1', '0177.0.1', '127.0.0.01', '127.0.0.001', '127.00.0.1', '127.000.0.1', '0x7f.0x0.0x0.0x1',
] as const;

function costUrls(camera: RtspCamera): string[] {
  return LOOPBACK_SPELLINGS.slice(0, COST_CAMERAS).map((host, i) => `rtsp://${host}:${camera.port}${COST_MOUNTS[i % COST_MOUNTS.length]}`);
}

async function measureTree(pids: number[], simulatorPid: number): Promise<CostFigures> {
  const ffmpegs = pids.filter((pid) => commandName(pid) === 'ffmpeg');
  const writtenBefore = new Map(ffmpegs.map((pid) => [pid, bytesWritten(pid) ?? 0]));
  const endCpu = startCpuWindow(pids);
  const endFfmpegCpu = startCpuWindow(ffmpegs);
  const endSimulator = startCpuWindow(processTree(simulatorPid));
  await delay(COST_WINDOW_MS);
  const cpu = endCpu();
  const ffmpegCpu = endFfmpegCpu();
  const simulatorCpu = endSimulator();
  const memory = memoryOf(pids);
  const ffmpegMemory = memoryOf(ffmpegs);
  const written = ffmpegs.map((pid) => (bytesWritten(pid) ?? 0) - writtenBefore.get(pid)!);
  return {
    cpu,
    memory,
    processes: pids.length,
    starved: written.filter((b) => b < MIN_BYTES_IN_WINDOW).length,
    minBytesOut: written.length > 0 ? Math.min(...written) : 0,
    simulatorCpu,
    ffmpegCpu,
    ffmpegMemory,
    ffmpegCount: ffmpegs.length,
  };
}

async function benchCostBaseline(ffmpeg: string, camera: RtspCamera): Promise<CostFigures> {
  const plain: ChildProcess[] = [];
  try {
    // One at a time, each reading before the next starts (as the engine's cameras are added).
    for (const url of costUrls(camera)) {
      const child = spawnTracked(ffmpeg, ['-hide_banner', '-nostdin', '-loglevel', 'error', '-rtsp_transport', 'tcp', '-i', url, '-c', 'copy', '-f', 'flv', '-y', '/dev/null'], ['ignore', 'ignore', 'ignore']);
      plain.push(child);
      await waitFor(`baseline FFmpeg ${plain.length} receiving`, 15_000, () => {
        if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}`);
        return (bytesWritten(child.pid!) ?? 0) > 100_000 ? true : null;
      });
    }
    await delay(COST_WARMUP_MS);
    return await measureTree(plain.map((c) => c.pid!), camera.pid);
  } finally {
    await Promise.all(plain.map(stopChild));
  }
}

async function benchCostEngine(camera: RtspCamera): Promise<{ loaded: CostFigures; idle: { cpu: CpuWindow; memory: Memory }; restarts: number; notLive: string[] }> {
  const engine = await EngineProcess.start({ extraArgs: ['--log-level', 'warn'] });
  engines.add(engine);
  try {
    const enginePid = engine.pid!;
    await delay(2_000);
    const endIdle = startCpuWindow(processTree(enginePid));
    await delay(ENGINE_IDLE_MS);
    const idle = { cpu: endIdle(), memory: memoryOf(processTree(enginePid)) };

    for (const [i, url] of costUrls(camera).entries()) {
      const { id } = await addCamera(engine, `Cost ${i + 1}`, url);
      await waitLive(engine, [id], 20_000);
    }
    await delay(COST_WARMUP_MS);
    const before = await engine.call<CameraView[]>('cameras.list');
    const loaded = await measureTree(processTree(enginePid), camera.pid);
    const after = await engine.call<CameraView[]>('cameras.list');
    const restartsOf = (list: CameraView[]) => list.reduce((sum, c) => sum + c.status.restarts, 0);
    const notLive = after.filter((c) => c.status.state !== 'live').map((c) => `${c.status.state}${c.status.reason ? ` (${c.status.reason})` : ''}`);
    return { loaded, idle, restarts: restartsOf(after) - restartsOf(before), notLive };
  } finally {
    await engine.stop();
    engines.delete(engine);
    await engine.removeDataDir();
  }
}

// ---------------------------------------------------------------------------------------------

/**
 * A fresh simulator for each phase, so that one phase's clients (or a stall of GStreamer's
 * server, see LOOPBACK_SPELLINGS) cannot affect the next.
 */
async function withSimulator<T>(mounts: string[], phase: (camera: RtspCamera) => Promise<T>): Promise<T> {
  const camera = await startRtspCamera({ width: CAMERA_W, height: CAMERA_H, fps: CAMERA_FPS, bitrateKbps: 2000, mounts });
  cameras.add(camera);
  try {
    return await phase(camera);
  } catch (err) {
    const log = camera.log.trim().split('\n').filter((line) => !/client (connected|from)/.test(line)).slice(-5).join('\n   ');
    if (log) console.error(`   simulator said:\n   ${log}`);
    throw err;
  } finally {
    await camera.stop();
    cameras.delete(camera);
  }
}

async function main(): Promise<void> {
  const ffmpegInfo = await getFfmpeg();
  const ffmpeg = ffmpegInfo.path;
  const rtsp = rtspServerStatus();
  console.log(`\nCamera benchmarks (FFmpeg ${ffmpegInfo.version}, ${CHROMIUM_PATH}); each figure next to a baseline measured in this run`);

  const parts = new Set((process.env.BENCH_CAMERA_PARTS ?? '1,2,3').split(',').map((p) => p.trim()));
  const skipRtsp = rtsp.available ? null : rtsp.reason;

  if (parts.has('1') || parts.has('2')) {
    const engine = await EngineProcess.start({ extraArgs: ['--log-level', 'warn'] });
    engines.add(engine);
    const { page, browser, configFile } = await startPage();
    const playerConfig = await inPage(page, (bench) => JSON.stringify(bench.config()));
    console.log(`player: mpegts.js with the UI's LIVE_PLAYER_CONFIG (${path.relative(REPO_ROOT, configFile)}): ${playerConfig}`);
    if (Object.keys(PLAYER_OVERRIDES).length > 0) console.log(`   NOTE: BENCH_PLAYER_CONFIG overrides the UI's settings with ${JSON.stringify(PLAYER_OVERRIDES)}: these are not the UI's figures`);
    if (parts.has('1')) await reportLatency(ffmpeg, engine, page);
    if (parts.has('2')) {
      if (skipRtsp) console.log(`\n2. skipped: ${skipRtsp}`);
      else await reportFirstFrame(ffmpeg, engine, page);
    }
    await browser.close();
    browsers.delete(browser);
    await engine.stop();
    engines.delete(engine);
    await engine.removeDataDir();
  }
  if (parts.has('3')) {
    if (skipRtsp) console.log(`\n3. skipped: ${skipRtsp}`);
    else await reportCost(ffmpeg);
  }
}

async function reportLatency(ffmpeg: string, engine: EngineProcess, page: Page): Promise<void> {
  const latency = await benchLatency(ffmpeg, engine, page);
  const [base, viaFlv, preview] = latency.rows as [LatencyRow, LatencyRow, LatencyRow];
  console.log(
    `\n1. Glass-to-glass latency: ${CLOCK_WIDTH}×${CLOCK_HEIGHT}@${CLOCK_FPS} source stamping its wall clock into each frame (x264 ultrafast/zerolatency, 1 s GOP, MPEG-TS over HTTP);` +
      ` all paths read the same frames at the same time; preview opened ${LATENCY_JOINS}× a quarter GOP apart, ${LATENCY_WINDOW_MS / 1000 / LATENCY_JOINS} s each`,
  );
  console.log(
    table(
      ['path', 'frames read', 'median', 'p90', 'max', 'median of each join'],
      latency.rows.map((r) => [r.label, `${r.summary.n}/${latency.expectedFrames}${r.unreadable > 0 ? ` (+${r.unreadable} unreadable)` : ''}`, ms(r.summary.median), ms(r.summary.p90), ms(r.summary.max), r.perJoin.map((v) => Math.round(v)).join(' / ')]),
      ['l', 'r', 'r', 'r', 'r', 'l'],
    ),
  );
  console.log(
    `   preview ÷ baseline: median ${ratio(preview.summary.median, base.summary.median)}, p90 ${ratio(preview.summary.p90, base.summary.p90)}, max ${ratio(preview.summary.max, base.summary.max)};` +
      ` added over the baseline (median): ${ms(preview.summary.median - base.summary.median)}, of which engine hub ${ms(viaFlv.summary.median - base.summary.median)}, browser player ${ms(preview.summary.median - viaFlv.summary.median)}`,
  );
  console.log('   baseline: the source decoded directly by FFmpeg (low-delay) — the encode/send/decode latency any viewer has; for context, DESIGN §4 expects about 1 s for WS-FLV previews');
  if (latency.playerErrors.length > 0) console.log(`   player errors: ${latency.playerErrors.slice(-3).join('; ')}`);

}

async function reportFirstFrame(ffmpeg: string, engine: EngineProcess, page: Page): Promise<void> {
  const runs = await withSimulator(['/cam1'], (camera) => benchFirstFrame(ffmpeg, engine, page, camera));
  console.log(`\n2. cameras.add → first frame on screen: live RTSP camera (simulator) ${CAMERA_W}×${CAMERA_H}@${CAMERA_FPS}, 1 s GOP, AAC; ${FIRST_FRAME_RUNS} adds, removed in between; times from the cameras.add call`);
  console.log(
    table(
      ['run', 'add answered', 'preview address', 'first frame in hub', 'first frame on screen', 'ingest restarts', 'baseline: bare FFmpeg first frame'],
      runs.map((r, i) => [String(i + 1), ms(r.addMs), ms(r.previewMs), ms(r.hubMs), ms(r.screenMs), String(r.restarts), ms(r.baselineMs)]),
      ['l', 'r', 'r', 'r', 'r', 'r', 'r'],
    ),
  );
  const screen = summarise(runs.map((r) => r.screenMs));
  const baseFirst = summarise(runs.map((r) => r.baselineMs));
  console.log(
    `   median ${ms(screen.median)} (max ${ms(screen.max)}) vs baseline median ${ms(baseFirst.median)}: ${ratio(screen.median, baseFirst.median)};` +
      ` goal < ${FIRST_FRAME_GOAL_MS / 1000} s: ${screen.median < FIRST_FRAME_GOAL_MS ? 'met' : 'NOT met'}`,
  );
  console.log("   baseline: FFmpeg with the engine's input options, spawn → first decoded frame (RTSP set-up, probing, first keyframe)");

}

async function reportCost(ffmpeg: string): Promise<void> {
  // The baseline first, then a fresh engine; each with a fresh simulator.
  const baseline = await withSimulator(COST_MOUNTS, (camera) => benchCostBaseline(ffmpeg, camera));
  const e = await withSimulator(COST_MOUNTS, (camera) => benchCostEngine(camera));
  const n = COST_CAMERAS;
  const per = (v: number) => v / n;
  console.log(
    `\n3. Cost of ${n} cameras at ${CAMERA_W}×${CAMERA_H}@${CAMERA_FPS}, 2 Mb/s (RTSP over TCP, -c copy; ${COST_MOUNTS.length} simulator mounts, ${n / COST_MOUNTS.length} readers each), ` +
      `${COST_WINDOW_MS / 1000} s window; CPU in % of one core (this machine has 2), memory summed over the processes`,
  );
  const marginalCpu = per(e.loaded.cpu.percentOfCore - e.idle.cpu.percentOfCore);
  const marginalRss = per(e.loaded.memory.rssBytes - e.idle.memory.rssBytes);
  const marginalPss = per(e.loaded.memory.pssBytes - e.idle.memory.pssBytes);
  console.log(
    table(
      ['', 'processes', 'CPU', 'CPU/camera', 'RSS', 'RSS/camera', 'PSS', 'PSS/camera'],
      [
        [`${n} plain FFmpeg (baseline)`, String(baseline.processes), pct(baseline.cpu.percentOfCore), pct(per(baseline.cpu.percentOfCore)), mib(baseline.memory.rssBytes), mib(per(baseline.memory.rssBytes)), mib(baseline.memory.pssBytes), mib(per(baseline.memory.pssBytes))],
        [`engine + its FFmpeg, ${n} cameras`, String(e.loaded.processes), pct(e.loaded.cpu.percentOfCore), pct(per(e.loaded.cpu.percentOfCore)), mib(e.loaded.memory.rssBytes), mib(per(e.loaded.memory.rssBytes)), mib(e.loaded.memory.pssBytes), mib(per(e.loaded.memory.pssBytes))],
        ['engine alone, no camera', '1', pct(e.idle.cpu.percentOfCore), '', mib(e.idle.memory.rssBytes), '', mib(e.idle.memory.pssBytes), ''],
        ['engine, marginal (minus idle)', '', '', pct(marginalCpu), '', mib(marginalRss), '', mib(marginalPss)],
      ],
      ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    ),
  );
  console.log(
    `   engine ÷ baseline per camera: CPU ${ratio(e.loaded.cpu.percentOfCore, baseline.cpu.percentOfCore)} (marginal ${ratio(marginalCpu, per(baseline.cpu.percentOfCore))}),` +
      ` RSS ${ratio(e.loaded.memory.rssBytes, baseline.memory.rssBytes)} (marginal ${ratio(marginalRss, per(baseline.memory.rssBytes))}),` +
      ` PSS ${ratio(e.loaded.memory.pssBytes, baseline.memory.pssBytes)} (marginal ${ratio(marginalPss, per(baseline.memory.pssBytes))})`,
  );
  const node = { cpu: e.loaded.cpu.percentOfCore - e.loaded.ffmpegCpu.percentOfCore, rss: e.loaded.memory.rssBytes - e.loaded.ffmpegMemory.rssBytes };
  console.log(
    `   split: the engine's ${e.loaded.ffmpegCount} FFmpeg ${pct(e.loaded.ffmpegCpu.percentOfCore)} CPU (${pct(per(e.loaded.ffmpegCpu.percentOfCore))}/camera, ${ratio(e.loaded.ffmpegCpu.percentOfCore, baseline.cpu.percentOfCore)} the plain ones), ` +
      `${mib(e.loaded.ffmpegMemory.rssBytes)} RSS (${ratio(e.loaded.ffmpegMemory.rssBytes, baseline.memory.rssBytes)}); the engine process (hub: FLV parsing, no readers) ${pct(node.cpu)} CPU, ${mib(node.rss)} RSS`,
  );
  console.log(
    `   checks: every FFmpeg wrote ≥ ${mib(Math.min(baseline.minBytesOut, e.loaded.minBytesOut))} in the window (starved: baseline ${baseline.starved}, engine ${e.loaded.starved});` +
      ` ingest restarts in the window: ${e.restarts}; cameras not live at the end: ${e.notLive.length === 0 ? 'none' : e.notLive.join(', ')};` +
      ` simulator CPU, counted in neither: ${pct(baseline.simulatorCpu.percentOfCore)} / ${pct(e.loaded.simulatorCpu.percentOfCore)}`,
  );
  if (baseline.starved > 0 || e.loaded.starved > 0 || e.notLive.length > 0) console.log('   WARNING: some inputs were not flowing during the window: the figures above undercount');
}

let failed = false;
try {
  await main();
} catch (err) {
  failed = true;
  console.error(`\ncameras bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  for (const engine of engines) if (engine.log.trim()) console.error(`engine output (last lines):\n${engine.log.split('\n').slice(-20).join('\n')}`);
} finally {
  await cleanUp();
}
process.exit(failed ? 1 : 0);
