/**
 * Compositor benchmark (run by `npm run bench` after the RTMP bench; BENCH_COMPOSITOR=0 skips
 * it; alone: `npm run build && node --import tsx test/bench/compositor-bench.ts`). Figures, not
 * pass/fail.
 *
 * A 1080p30 program (libx264 veryfast, 6000 kb/s, 2 s GOP, + silent AAC) with 2 video layers
 * (test-pattern cameras: 1280×720@30 full screen, 1920×1080@30 picture-in-picture) and 6
 * graphics layers (text, image, clock, lower third, colour, running countdown), for
 * BENCH_COMPOSITOR_SECONDS (default 60) after a warm-up:
 *
 * - The engine's design: one FFmpeg decodes the sources and composites them with the graphics
 *   planes (rendered by sharp only when they change, written at 10 fps) through overlay filters.
 * - Baseline, the seeds' design, in the same run with the same sources and encoder settings: a
 *   Node process decodes both sources with FFmpeg to raw RGBA (scaled to their boxes by FFmpeg),
 *   composites every full frame with sharp (video frames + the graphics plane, rendered by the
 *   same renderer when it changes) and pipes raw RGBA into an FFmpeg encoder.
 *
 * - The video-only floor (videoFloor): one FFmpeg doing only the scene's video work with the same
 *   encoder settings (both cameras decoded, scaled, the picture-in-picture overlaid), for at most
 *   30 s; no graphics. The least any FFmpeg compositor of this scene spends here, so the gap to
 *   the engine is what graphics, live layout and timing cost (BENCH_COMPOSITOR_FLOOR=0 skips it).
 *
 * Reported: sustained output fps (min / mean of per-second figures), dropped and duplicated
 * frames, CPU (utime+stime from /proc over the window, the engine process plus its compositor
 * FFmpeg; the baseline's Node process plus its FFmpegs, plus the engine process that serves its
 * readers), RSS, graphics render time p50/p99 (the baseline: full-frame composite time). The
 * cameras' own ingest FFmpegs (test-pattern encoders) are common to both and counted in neither.
 *
 * Then timing through the program (measureTiming): edit → seen p50/p90, a clock camera's age at
 * a reader, and video against graphics inside the program (the video clock in the first frame
 * showing each edit; the clock graphic's turns are printed too). BENCH_COMPOSITOR_BASELINE=0
 * skips the baseline; BENCH_COMPOSITOR_EDITS (12) edits; BENCH_COMPOSITOR_KEEP=<dir> keeps the
 * recordings and the engine's log.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { ffmpegEnv, spawnCommand } from '../../src-main/media/ffmpeg-command';
import { getFfmpeg } from '../../src-main/media/ffmpeg-binary';
import { EngineProcess, REPO_ROOT } from '../fixtures/engine-process';
import { BenchProcesses, stopChild } from './bench-processes';
import { FLV_TAG, FlvParser } from '../../src-main/media/hub/flv-parser';
import { memoryOf, processTree, startCpuWindow } from './proc-stats';
import { CLOCK_HEIGHT, CLOCK_WIDTH, readClock, readClockGray } from './clock-pattern';
import { startClockSource } from './clock-source-process';
import type { CameraView, SupervisedProcessInfo } from '../../src-main/api/contract';
import type { AssetView, CompositorOverview, LayerInput, OutputView, SceneView } from '../../src-main/compositor/compositor-schema';

const WINDOW_MS = Number(process.env.BENCH_COMPOSITOR_SECONDS ?? 60) * 1000;
const WARMUP_MS = 8_000;
const FPS = 30;
const WIDTH = 1920;
const HEIGHT = 1080;
const BITRATE_KBPS = 6000;
const PRESET = 'veryfast';
const DEADLINE_MS = 2 * WINDOW_MS + 240_000;
/** The program's encoder settings (as the engine's output uses them), shared by the baseline and the floor. */
const ENCODER_ARGS = [
  '-c:v', 'libx264', '-preset', PRESET, '-tune', 'zerolatency', '-b:v', `${BITRATE_KBPS}k`, '-maxrate', `${BITRATE_KBPS}k`, '-bufsize', `${BITRATE_KBPS * 2}k`,
  '-g', String(FPS * 2), '-keyint_min', String(FPS * 2), '-sc_threshold', '0', '-pix_fmt', 'yuv420p',
  '-c:a', 'aac', '-b:a', '128k',
];
/** BENCH_COMPOSITOR_BASELINE=0: the engine's figures only (no sharp baseline run). */
const RUN_BASELINE = process.env.BENCH_COMPOSITOR_BASELINE !== '0';
const EDITS = Number(process.env.BENCH_COMPOSITOR_EDITS ?? 12);
/** BENCH_COMPOSITOR_FLOOR=0 skips the video-only floor; its window is at most 30 s. */
const RUN_FLOOR = process.env.BENCH_COMPOSITOR_FLOOR !== '0';
const FLOOR_WINDOW_MS = Math.min(30_000, WINDOW_MS);

const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const bench = new BenchProcesses('compositor bench');
const track = (child: ChildProcess) => bench.track(child);
const cleanUp = () => bench.cleanUp();

const pct = (v: number) => `${v.toFixed(1)} %`;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const ms = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)} ms`);
const quantile = (xs: number[], q: number) => {
  if (xs.length === 0) return null;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | null | undefined | false>): Promise<T> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const value = await probe().catch(() => null);
    if (value) return value;
    await delay(250);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The scene: two videos at the bottom, six graphics above them (canvas coordinates). */
function sceneLayers(cameraA: string, cameraB: string, assetId: string): LayerInput[] {
  return [
    { kind: 'video', sourceId: cameraA, x: 0, y: 0, width: 1920, height: 1080 },
    { kind: 'video', sourceId: cameraB, x: 1280, y: 60, width: 576, height: 324 },
    { kind: 'color', color: '#00000080', x: 0, y: 930, width: 1920, height: 150 },
    { kind: 'text', text: 'Control Room bench', x: 60, y: 40, width: 1100, height: 90, fontSize: 56, color: '#ffffff', background: '#1d4ed8cc' },
    { kind: 'image', assetId, x: 1720, y: 900, width: 160, height: 160 },
    { kind: 'lowerThird', title: 'Jane Operator', subtitle: 'Live from the control room', x: 80, y: 760, width: 1000, height: 150 },
    { kind: 'clock', x: 1380, y: 960, width: 300, height: 90, fontSize: 60 },
    { kind: 'countdown', durationSeconds: 3600, startedAt: new Date().toISOString(), x: 1000, y: 960, width: 340, height: 90, fontSize: 60 },
  ];
}

interface Figures {
  fpsMin: number;
  fpsMean: number;
  dropped: number;
  duplicated: number;
  cpu: number;
  cpuParts: string;
  rss: number;
  renderP50: number | null;
  renderP99: number | null;
  renderLabel: string;
  framesEncoded: number;
}

// ---------------------------------------------------------------------------------------------
// The baseline (run as a child process of this script: `--baseline <json>`).

interface BaselineConfig {
  sources: Array<{ url: string; x: number; y: number; width: number; height: number }>;
  graphics: CompositorOverview['scenes'][number]['layers'];
  assetDir: string;
  seconds: number;
  ffmpeg: string;
}

async function baseline(config: BaselineConfig): Promise<void> {
  const { GraphicsRenderer } = await import('../../src-main/compositor/graphics/graphics-renderer');
  const { silentLogger } = await import('../../src-main/logging/logger');
  const renderer = GraphicsRenderer.create({ logger: silentLogger() });
  const latest: Array<Buffer | null> = config.sources.map(() => null);
  for (const [i, s] of config.sources.entries()) {
    const args = ['-loglevel', 'error', '-fflags', '+nobuffer', '-i', s.url, '-an', '-vf', `scale=${s.width}:${s.height},format=rgba`, '-f', 'rawvideo', 'pipe:1'];
    const child = spawn(config.ffmpeg, args, { stdio: ['ignore', 'pipe', 'inherit'], env: ffmpegEnv() });
    const frameBytes = s.width * s.height * 4;
    let pending: Buffer[] = [];
    let have = 0;
    child.stdout!.on('data', (chunk: Buffer) => {
      pending.push(chunk);
      have += chunk.length;
      while (have >= frameBytes) {
        const all = Buffer.concat(pending);
        latest[i] = all.subarray(0, frameBytes);
        pending = [all.subarray(frameBytes)];
        have -= frameBytes;
      }
    });
  }
  const encoder = spawn(
    config.ffmpeg,
    [
      '-loglevel', 'error', '-nostats', '-progress', 'pipe:2',
      '-f', 'rawvideo', '-pix_fmt', 'rgba', '-video_size', `${WIDTH}x${HEIGHT}`, '-framerate', String(FPS), '-i', 'pipe:0',
      '-f', 'lavfi', '-i', 'anullsrc=r=48000:cl=stereo',
      '-map', '0:v', '-map', '1:a',
      ...ENCODER_ARGS,
      '-f', 'flv', 'pipe:1',
    ],
    // The same malloc settings as the engine's FFmpegs: the designs are compared, not the allocator.
    { stdio: ['pipe', 'pipe', 'pipe'], env: ffmpegEnv() },
  );
  encoder.stdout!.resume();
  let progress = '';
  encoder.stderr!.on('data', (c: Buffer) => (progress = (progress + c.toString()).slice(-4000)));
  // Graphics: rendered when they change (the clock once a second), like the engine does.
  let plane: Buffer | null = null;
  const renderPlane = async () => {
    plane = (await renderer.render({ width: WIDTH, height: HEIGHT, layers: config.graphics as never, assetPath: (id) => path.join(config.assetDir, fs.readdirSync(config.assetDir).find((f) => f.startsWith(id)) ?? 'none'), now: new Date() })).rgba;
  };
  await renderPlane();
  const clock = setInterval(() => void renderPlane(), 1000);
  await waitFor('decoded frames from both sources', 30_000, async () => latest.every(Boolean));
  const composite: number[] = [];
  let produced = 0;
  let skipped = 0;
  let busy = false;
  const started = Date.now();
  const base = await sharp({ create: { width: WIDTH, height: HEIGHT, channels: 4, background: '#000000' } }).raw().toBuffer();
  const tick = setInterval(() => {
    if (busy) {
      skipped++;
      return;
    }
    busy = true;
    const t0 = performance.now();
    const layers: sharp.OverlayOptions[] = config.sources.map((s, i) => ({ input: latest[i]!, raw: { width: s.width, height: s.height, channels: 4 }, left: s.x, top: s.y }));
    layers.push({ input: plane!, raw: { width: WIDTH, height: HEIGHT, channels: 4 }, left: 0, top: 0 });
    void sharp(base, { raw: { width: WIDTH, height: HEIGHT, channels: 4 } })
      .composite(layers)
      .raw()
      .toBuffer()
      .then((frame) => {
        composite.push(performance.now() - t0);
        produced++;
        if (encoder.stdin!.writableLength < frame.length * 2) encoder.stdin!.write(frame);
        else skipped++;
        busy = false;
      });
  }, 1000 / FPS);
  await delay(config.seconds * 1000);
  clearInterval(tick);
  clearInterval(clock);
  const elapsed = (Date.now() - started) / 1000;
  const frames = Number([...progress.matchAll(/frame=(\d+)/g)].at(-1)?.[1] ?? 0);
  process.stdout.write(
    JSON.stringify({ produced, skipped, elapsed, frames, p50: quantile(composite, 0.5), p99: quantile(composite, 0.99), drop: Number([...progress.matchAll(/drop_frames=(\d+)/g)].at(-1)?.[1] ?? 0), dup: Number([...progress.matchAll(/dup_frames=(\d+)/g)].at(-1)?.[1] ?? 0) }) + '\n',
  );
  encoder.stdin!.end();
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------
// The video-only floor: what any FFmpeg compositor of this scene spends before a single graphic.

interface FloorFigures {
  cpu: number;
  /** The engine process's part of `cpu` (it ingests the cameras and serves the floor's reads). */
  engineCpu: number;
  fps: number;
}

/**
 * One FFmpeg that does only the scene's video work, with the program's encoder settings: reads
 * both cameras from the hub, decodes them, scales them to their boxes, overlays the
 * picture-in-picture and encodes (+ silent AAC), discarding the result. No graphics, no live
 * layout, no pacing of its own (the live inputs pace it). Counted like the designs: the FFmpeg
 * plus the engine process (which ingests the cameras and serves the reader). The gap between
 * this and the engine's figure is what the graphics, the live layout and the program's timing
 * cost; this figure against the baseline's is the least any such design can reach here.
 */
async function videoFloor(e: EngineProcess, ffmpeg: string, sources: BaselineConfig['sources']): Promise<FloorFigures> {
  const [full, pip] = sources;
  const graph = `[0:v]scale=w=${full!.width}:h=${full!.height}:flags=bilinear[a];[1:v]scale=w=${pip!.width}:h=${pip!.height}:flags=bilinear[b];[a][b]overlay=x=${pip!.x}:y=${pip!.y}:format=yuv420,format=yuv420p[out]`;
  const command = spawnCommand(ffmpeg, [
    '-loglevel', 'error', '-nostats', '-progress', 'pipe:2',
    '-fflags', '+nobuffer', '-i', full!.url, '-fflags', '+nobuffer', '-i', pip!.url, '-f', 'lavfi', '-i', 'anullsrc=r=48000:cl=stereo',
    '-filter_complex', graph, '-map', '[out]', '-map', '2:a', '-fps_mode', 'cfr', '-r', String(FPS),
    ...ENCODER_ARGS, '-ar', '48000', '-f', 'null', '-',
  ]);
  const child = track(spawn(command.command, command.args, { stdio: ['ignore', 'ignore', 'pipe'], env: ffmpegEnv() }));
  let progress = '';
  child.stderr!.on('data', (c: Buffer) => (progress = (progress + c.toString()).slice(-4000)));
  const frame = () => Number([...progress.matchAll(/frame=(\d+)/g)].at(-1)?.[1] ?? 0);
  await waitFor('the floor FFmpeg encoding', 30_000, async () => frame() > 0);
  await delay(WARMUP_MS);
  const framesBefore = frame();
  const end = startCpuWindow([child.pid!, e.pid!]);
  const endEngine = startCpuWindow([e.pid!]);
  await delay(FLOOR_WINDOW_MS);
  const cpu = end();
  const engineCpu = endEngine();
  const fps = (frame() - framesBefore) / cpu.seconds;
  await stopChild(child);
  return { cpu: cpu.percentOfCore, engineCpu: engineCpu.percentOfCore, fps };
}

// ---------------------------------------------------------------------------------------------
// The run.

async function main(): Promise<void> {
  const deadline = setTimeout(() => {
    console.error('compositor bench: deadline passed, giving up');
    void cleanUp().finally(() => process.exit(1));
  }, DEADLINE_MS);
  deadline.unref();
  const ffmpeg = (await getFfmpeg()).path;
  console.log(`\nCompositor: 1080p${FPS} program, 2 video layers + 6 graphics layers, ${WINDOW_MS / 1000} s per design (${os.cpus().length} cores)`);
  const e = await EngineProcess.start({ extraArgs: ['--log-level', 'warn'] });
  bench.engines.add(e);
  const camA = await e.call<CameraView>('cameras.add', { name: 'Pattern 720p', url: `test://ball?size=1280x720&fps=${FPS}` });
  const camB = await e.call<CameraView>('cameras.add', { name: 'Pattern 1080p', url: `test://bars?size=1920x1080&fps=${FPS}` });
  await waitFor('both cameras live', 60_000, async () => (await e.call<CameraView[]>('cameras.list')).every((c) => c.status.state === 'live'));
  const logo = await sharp({ create: { width: 256, height: 256, channels: 4, background: '#f59e0bff' } })
    .composite([{ input: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256"><circle cx="128" cy="128" r="90" fill="#1d4ed8"/></svg>') }])
    .png()
    .toBuffer();
  const asset = await e.call<AssetView>('compositor.assets.upload', { name: 'Logo', dataBase64: logo.toString('base64') });
  const layers = sceneLayers(camA.id, camB.id, asset.id);
  const scene = await e.call<SceneView>('compositor.scenes.create', { name: 'Bench', layers });
  await e.call('compositor.mixer.setProgram', { sceneId: scene.id });

  // --- The engine's design.
  const output = await e.call<OutputView>('compositor.outputs.add', { name: 'Bench', resolution: '1080p', fps: FPS, videoBitrateKbps: BITRATE_KBPS, preset: PRESET });
  await waitFor('program output live', 60_000, async () => (await e.call<OutputView[]>('compositor.outputs.list'))[0]?.status.state === 'live');
  // A reader, as a preview or restream would be: the output is consumed from the hub.
  const { path: livePath } = await e.call<{ path: string }>('compositor.outputs.preview', { id: output.id });
  const readerCommand = spawnCommand(ffmpeg, ['-loglevel', 'error', '-i', `${e.baseUrl}${livePath}`, '-c', 'copy', '-f', 'null', '-']);
  const reader = track(spawn(readerCommand.command, readerCommand.args, { stdio: 'ignore' }));
  await delay(WARMUP_MS);
  const outputPid = (await e.call<SupervisedProcessInfo[]>('media.processes')).find((p) => p.id === `compositor-output:${output.id}`)!.pid!;
  const ours = [e.pid!, outputPid];
  const before = (await e.call<OutputView[]>('compositor.outputs.list'))[0]!.status;
  const framesBefore = await progressFrame(e, output.id);
  const end = startCpuWindow(ours);
  const endEngineOnly = startCpuWindow([e.pid!]);
  const fpsSamples: number[] = [];
  let rss = 0;
  const t0 = Date.now();
  let lastFrames = framesBefore;
  let lastAt = Date.now();
  while (Date.now() - t0 < WINDOW_MS) {
    await delay(1000);
    const frames = await progressFrame(e, output.id);
    const now = Date.now();
    fpsSamples.push(((frames - lastFrames) * 1000) / (now - lastAt));
    lastFrames = frames;
    lastAt = now;
    rss = Math.max(rss, memoryOf(ours).rssBytes);
  }
  const cpuOurs = end();
  const cpuEngineOnly = endEngineOnly();
  const after = (await e.call<OutputView[]>('compositor.outputs.list'))[0]!.status;
  const overview = await e.call<CompositorOverview>('compositor.overview');
  const framesAfter = await progressFrame(e, output.id);
  // Per-second samples are taken on 0.5 s progress reports: the window's mean is exact, the min is smoothed over pairs.
  const pairs = fpsSamples.slice(1).map((v, i) => (v + fpsSamples[i]!) / 2);
  const oursFigures: Figures = {
    fpsMin: Math.min(...pairs),
    fpsMean: (framesAfter - framesBefore) / cpuOurs.seconds,
    dropped: after.droppedFrames - before.droppedFrames,
    duplicated: after.duplicatedFrames - before.duplicatedFrames,
    cpu: cpuOurs.percentOfCore,
    cpuParts: `engine ${pct(cpuEngineOnly.percentOfCore)} + its compositor FFmpeg ${pct(cpuOurs.percentOfCore - cpuEngineOnly.percentOfCore)}`,
    rss,
    renderP50: overview.graphics.renderMsP50,
    renderP99: overview.graphics.renderMsP99,
    renderLabel: `graphics plane renders (${overview.graphics.renders})`,
    framesEncoded: framesAfter - framesBefore,
  };
  const restarts = after.restarts - before.restarts;
  await stopChild(reader);
  const timing = await measureTiming(e, ffmpeg, output.id, scene);
  await e.call('compositor.outputs.stop', { id: output.id });
  // The sources as a reader outside the engine gets them: the floor and the baseline read these.
  const preview = async (id: string) => (await e.call<{ path: string }>('cameras.preview', { id, variant: 'main' })).path;
  const sources: BaselineConfig['sources'] = [
    { url: `${e.baseUrl}${await preview(camA.id)}`, x: 0, y: 0, width: 1920, height: 1080 },
    { url: `${e.baseUrl}${await preview(camB.id)}`, x: 1280, y: 60, width: 576, height: 324 },
  ];
  // A figure beside the comparison: if it cannot be taken, the designs are still compared.
  const floor = RUN_FLOOR
    ? await videoFloor(e, ffmpeg, sources).catch((err: unknown) => {
        console.log(`   video-only floor not measured: ${err instanceof Error ? err.message : String(err)}`);
        return null;
      })
    : null;
  if (!RUN_BASELINE) {
    console.log(`   engine: fps min/mean ${oursFigures.fpsMin.toFixed(1)} / ${oursFigures.fpsMean.toFixed(1)}, dropped ${oursFigures.dropped}, duplicated ${oursFigures.duplicated}, CPU ${pct(oursFigures.cpu)} (${oursFigures.cpuParts}), RSS ${mib(oursFigures.rss)}, renders p50/p99 ${ms(oursFigures.renderP50)} / ${ms(oursFigures.renderP99)}`);
    printFloor(floor, oursFigures, null);
    console.log(`   machine load average: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; output restarts during the window: ${restarts}`);
    printTiming(timing);
    clearTimeout(deadline);
    return;
  }

  // --- Baseline: the seeds' design, same sources, same encoder settings.
  const config: BaselineConfig = {
    sources,
    graphics: scene.layers.filter((l) => l.kind !== 'video'),
    assetDir: path.join(e.dataDir, 'compositor', 'assets'),
    seconds: (WARMUP_MS + WINDOW_MS) / 1000,
    ffmpeg,
  };
  const child = track(spawn(process.execPath, ['--import', 'tsx', fileOf(), '--baseline', JSON.stringify(config)], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] }));
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  await delay(WARMUP_MS + 4_000);
  const theirs = [...processTree(child.pid!), e.pid!];
  const endBase = startCpuWindow(theirs);
  let rssBase = 0;
  const t1 = Date.now();
  while (Date.now() - t1 < WINDOW_MS - 6_000) {
    await delay(1000);
    rssBase = Math.max(rssBase, memoryOf(processTree(child.pid!)).rssBytes + memoryOf([e.pid!]).rssBytes);
  }
  const cpuBase = endBase();
  await new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const result = JSON.parse(out.trim().split('\n').at(-1)!) as { produced: number; skipped: number; elapsed: number; frames: number; p50: number; p99: number; drop: number; dup: number };
  const baseFigures: Figures = {
    fpsMin: NaN,
    fpsMean: result.produced / result.elapsed,
    dropped: result.skipped + result.drop,
    duplicated: result.dup,
    cpu: cpuBase.percentOfCore,
    cpuParts: 'Node compositor + its FFmpegs + engine serving the sources',
    rss: rssBase,
    renderP50: result.p50,
    renderP99: result.p99,
    renderLabel: 'full-frame sharp composites',
    framesEncoded: result.frames,
  };

  const rows: Array<[string, (f: Figures) => string]> = [
    ['sustained fps (min / mean)', (f) => `${Number.isNaN(f.fpsMin) ? '—' : f.fpsMin.toFixed(1)} / ${f.fpsMean.toFixed(1)}`],
    ['new pictures per second', (f) => newPerSecond(f).toFixed(1)],
    ['dropped frames', (f) => String(f.dropped)],
    ['duplicated frames', (f) => String(f.duplicated)],
    ['CPU (% of one core)', (f) => pct(f.cpu)],
    ['CPU per new picture', (f) => `${((f.cpu * 10) / Math.max(0.1, newPerSecond(f))).toFixed(1)} ms`],
    ['RSS (peak)', (f) => mib(f.rss)],
    ['render time p50 / p99', (f) => `${ms(f.renderP50)} / ${ms(f.renderP99)}`],
  ];
  console.log(`   ${'figure'.padEnd(28)} ${'engine (FFmpeg overlays)'.padEnd(30)} baseline (sharp every frame)`);
  for (const [label, get] of rows) console.log(`   ${label.padEnd(28)} ${get(oursFigures).padEnd(30)} ${get(baseFigures)}`);
  const perFrame = (f: Figures) => f.cpu / Math.max(0.1, newPerSecond(f));
  console.log(`   CPU ratio engine / baseline: ${(oursFigures.cpu / baseFigures.cpu).toFixed(2)}× of the CPU; per new picture ${(perFrame(oursFigures) / perFrame(baseFigures)).toFixed(2)}× (${(perFrame(baseFigures) / perFrame(oursFigures)).toFixed(1)}× less CPU per picture)`);
  printFloor(floor, oursFigures, baseFigures);
  console.log(`   machine load average during the run: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (other processes compete for the 2 cores: compare the ratios, not the absolute fps)`);
  console.log(`   counted: engine = ${oursFigures.cpuParts}; baseline = ${baseFigures.cpuParts}; render rows: ${oursFigures.renderLabel} vs ${baseFigures.renderLabel}`);
  printTiming(timing);
  console.log(`   output process restarts during the window: ${restarts}; goal: steady ${FPS} fps, no dropped frames, under half the baseline's CPU`);
  clearTimeout(deadline);
}

function printFloor(floor: FloorFigures | null, ours: Figures, base: Figures | null): void {
  if (!floor) return;
  const againstBase = base ? `, ${(floor.cpu / base.cpu).toFixed(2)}× the baseline's CPU` : '';
  console.log(
    `   video-only floor (one FFmpeg: both cameras decoded, scaled, overlaid, encoded with the same settings; no graphics; + the engine process): CPU ${pct(floor.cpu)} (engine ${pct(floor.engineCpu)} + FFmpeg ${pct(floor.cpu - floor.engineCpu)}) at ${floor.fps.toFixed(1)} fps${againstBase}; the engine's graphics, live layout and timing add ${pct(ours.cpu - floor.cpu)}`,
  );
}

interface Timing {
  /** API call → the first frame showing the edit at a hub reader (ms). */
  edits: number[];
  /** The update calls themselves (ms). */
  apiMs: number[];
  /** Reader arrival − the clock camera's clock, through the program (ms). */
  programVideoAge: number[];
  /** Reader arrival − the clock camera's clock, read from the hub directly (ms). */
  hubVideoAge: number[];
  /** Frames where the clock graphic turned to a new second: that second − the video clock in the same frame (ms). */
  tickMinusVideo: number[];
  /** The first frame showing each edit: the video clock in it − the API call (ms). */
  editVideoClock: number[];
  renderP50: number | null;
}

const stats = (xs: number[]) => `p50 ${ms(quantile(xs, 0.5))}, p90 ${ms(quantile(xs, 0.9))}, max ${ms(xs.length ? Math.max(...xs) : null)} (${xs.length})`;

function printTiming(t: Timing): void {
  console.log(`   edit → in the program (text background recoloured; API call → the first frame showing it reaches a hub reader): ${stats(t.edits)}`);
  console.log(`   (the update calls themselves, state written durably: median ${ms(quantile(t.apiMs, 0.5))})`);
  console.log(`   clock camera, reader arrival − its clock: through the program ${stats(t.programVideoAge)}; from the hub directly ${stats(t.hubVideoAge)}`);
  const hub = quantile(t.hubVideoAge, 0.5) ?? 0;
  console.log(`   in the frame where the clock graphic turns to a new second, that second − the video clock: ${stats(t.tickMinusVideo)}`);
  console.log(`   in the first frame showing each edit, the video clock − the API call: ${stats(t.editVideoClock)}`);
  const behind = t.editVideoClock.map((d) => (t.renderP50 ?? 0) - d - hub);
  console.log(`   ⇒ video behind graphics inside the program (render p50 ${ms(t.renderP50)} − that − the camera's own latency to a hub reader): ${stats(behind)}`);
}

/** Where the bench's clock camera sits in the program, and the part of the program frames decoded afterwards. */
const CLOCK_BOX = { x: 1280, y: 560 };
const CROP = { x: 1000, y: 40, width: 920, height: 1040 };
/** A pixel of the text layer's background (recoloured by the edits), and the clock graphic's box, in crop coordinates. */
const EDIT_PROBE = { x: 100, y: 45 };
const CLOCK_GRAPHIC = { x: 1380 - CROP.x, y: 960 - CROP.y, width: 300, height: 90 };

/** Decodes an FLV file's video to raw frames and hands each to `onFrame` (streamed: the frames are never all in memory). */
function decodeFrames(ffmpeg: string, input: string[], vf: string, frameBytes: number, onFrame: (frame: Buffer, n: number) => void): { done: Promise<void>; child: ChildProcess } {
  const command = spawnCommand(ffmpeg, ['-loglevel', 'error', ...input, '-vf', vf, '-fps_mode', 'passthrough', '-an', '-f', 'rawvideo', 'pipe:1']);
  const child = track(spawn(command.command, command.args, { stdio: ['ignore', 'pipe', 'ignore'] }));
  let pending: Buffer = Buffer.alloc(0);
  let n = 0;
  child.stdout!.on('data', (c: Buffer) => {
    pending = pending.length ? Buffer.concat([pending, c]) : c;
    while (pending.length >= frameBytes) {
      onFrame(pending.subarray(0, frameBytes), n++);
      pending = pending.subarray(frameBytes);
    }
    pending = Buffer.from(pending);
  });
  const done = new Promise<void>((resolve, reject) => {
    child.once('exit', () => resolve());
    child.once('error', reject);
  });
  return { done, child };
}

/**
 * Timing through the program, from its own packets (a stream-copy reader timestamps each packet
 * on arrival; the frames are decoded afterwards, so a slow decoder does not count):
 * - edits: recolours the text layer's background EDITS times and finds the first frame showing
 *   each new colour;
 * - video: a camera that draws its own wall clock (clock-source.ts) is added as a layer; each
 *   frame's clock is read back, and compared with the second the clock graphic shows in the
 *   frames where it turns (the graphics' timeline), and with the same camera read from the hub.
 */
async function measureTiming(e: EngineProcess, ffmpeg: string, outputId: string, scene: SceneView): Promise<Timing> {
  const text = scene.layers.find((l) => l.kind === 'text')!;
  const { url: clockUrl } = await startClockSource(track);
  const clockCam = await e.call<CameraView>('cameras.add', { name: 'Clock', url: clockUrl });
  await waitFor('the clock camera live', 30_000, async () => (await e.call<CameraView[]>('cameras.list')).find((c) => c.id === clockCam.id)?.status.state === 'live');
  await e.call('compositor.layers.add', { sceneId: scene.id, index: 2, layer: { kind: 'video', sourceId: clockCam.id, x: CLOCK_BOX.x, y: CLOCK_BOX.y, width: CLOCK_WIDTH, height: CLOCK_HEIGHT } });
  await delay(3_000);
  // Wall-clock arrival times (Date.now, the clock camera's clock) of each video packet, per reader.
  const record = (url: string, file: string) => {
    const arrivals: number[] = [];
    const out = fs.createWriteStream(file);
    const parser = new FlvParser(
      () => undefined,
      (tag) => {
        if (tag.type === FLV_TAG.video && !tag.isSequenceHeader) arrivals.push(Date.now());
      },
    );
    const command = spawnCommand(ffmpeg, ['-loglevel', 'error', ...url.split(' '), '-map', '0:v', '-c', 'copy', '-f', 'flv', '-flush_packets', '1', 'pipe:1']);
    const child = track(spawn(command.command, command.args, { stdio: ['ignore', 'pipe', 'ignore'] }));
    child.stdout!.on('data', (chunk: Buffer) => {
      parser.push(chunk);
      out.write(chunk);
    });
    return { arrivals, child, closed: () => new Promise<void>((resolve) => out.end(() => resolve())) };
  };
  const { path: livePath } = await e.call<{ path: string }>('compositor.outputs.preview', { id: outputId });
  const { path: camPath } = await e.call<{ path: string }>('cameras.preview', { id: clockCam.id, variant: 'main' });
  const programFile = path.join(e.dataDir, 'program-timing.flv');
  const cameraFile = path.join(e.dataDir, 'camera-timing.flv');
  const program = record(`-i ${e.baseUrl}${livePath}`, programFile);
  const camera = record(`-i ${e.baseUrl}${camPath}`, cameraFile);
  await delay(3_000);
  const edits: Array<{ at: number; red: boolean }> = [];
  const apiMs: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    const red = i % 2 === 0;
    const at = Date.now();
    await e.call('compositor.layers.update', { sceneId: scene.id, layerId: text.id, patch: { background: red ? '#ff0000' : '#1d4ed8cc' } });
    apiMs.push(Date.now() - at);
    edits.push({ at, red });
    // Not in step with the clock graphic's seconds.
    await delay(1_100 + Math.round(Math.random() * 400));
  }
  await Promise.all([stopChild(program.child), stopChild(camera.child)]);
  await Promise.all([program.closed(), camera.closed()]);
  // BENCH_COMPOSITOR_KEEP=<dir>: the recordings are kept there, to look at.
  const keep = process.env.BENCH_COMPOSITOR_KEEP;
  if (keep) {
    fs.mkdirSync(keep, { recursive: true });
    for (const file of [programFile, cameraFile]) fs.copyFileSync(file, path.join(keep, path.basename(file)));
    fs.writeFileSync(path.join(keep, 'engine.log'), e.log);
  }

  const frames: Array<{ red: boolean; clock: number | null; tick: boolean }> = [];
  const bytes = CROP.width * CROP.height * 3;
  let previousClockGraphic: Buffer | null = null;
  const graphicBytes = (frame: Buffer) => {
    const out = Buffer.alloc(CLOCK_GRAPHIC.width * CLOCK_GRAPHIC.height);
    for (let y = 0; y < CLOCK_GRAPHIC.height; y++) {
      for (let x = 0; x < CLOCK_GRAPHIC.width; x++) out[y * CLOCK_GRAPHIC.width + x] = frame[((CLOCK_GRAPHIC.y + y) * CROP.width + CLOCK_GRAPHIC.x + x) * 3 + 1]!;
    }
    return out;
  };
  const decodedProgram = decodeFrames(ffmpeg, ['-i', programFile], `crop=${CROP.width}:${CROP.height}:${CROP.x}:${CROP.y},format=rgb24`, bytes, (frame) => {
    const p = (EDIT_PROBE.y * CROP.width + EDIT_PROBE.x) * 3;
    const ox = CLOCK_BOX.x - CROP.x;
    const oy = CLOCK_BOX.y - CROP.y;
    const clock = readClock((x, y) => frame[((oy + y) * CROP.width + ox + x) * 3 + 1] ?? 0);
    // The clock graphic turned: many of its pixels changed a lot (coding noise changes few, a little).
    const g = graphicBytes(frame);
    let changed = 0;
    if (previousClockGraphic) for (let k = 0; k < g.length; k++) if (Math.abs(g[k]! - previousClockGraphic[k]!) > 60) changed++;
    previousClockGraphic = g;
    frames.push({ red: frame[p]! > 180 && frame[p + 1]! < 80, clock, tick: changed > 200 });
  });
  const cameraClocks: Array<number | null> = [];
  const decodedCamera = decodeFrames(ffmpeg, ['-i', cameraFile], 'format=gray', CLOCK_WIDTH * CLOCK_HEIGHT, (frame) => cameraClocks.push(readClockGray(frame)));
  await Promise.all([decodedProgram.done, decodedCamera.done]);

  const count = Math.min(program.arrivals.length, frames.length);
  // Each edit flips the colour: the program's k-th colour change (after the first call) shows the
  // k-th edit, however far behind the program is.
  const results: number[] = [];
  const editVideoClock: number[] = [];
  let k = 0;
  let n = program.arrivals.findIndex((t) => t > edits[0]!.at);
  for (const edit of edits) {
    while (n >= 0 && n < count && frames[n]!.red !== edit.red) n++;
    if (n < 0 || n >= count) {
      console.log(`   (edit ${k + 1} was not found in the program's frames)`);
      break;
    }
    results.push(program.arrivals[n]! - edit.at);
    const clock = frames[n]!.clock;
    if (clock !== null) editVideoClock.push(clock - edit.at);
    k++;
  }
  const programVideoAge: number[] = [];
  const tickMinusVideo: number[] = [];
  // A clock graphic's turn reaches the reader about as late as an edit does: the second it turned
  // at is the whole second nearest to the frame's arrival less that delay.
  const graphicsDelay = (quantile(results, 0.5) ?? 0) - (quantile(apiMs, 0.5) ?? 0);
  for (let n = 0; n < count; n++) {
    const { clock, tick } = frames[n]!;
    if (clock === null) continue;
    programVideoAge.push(program.arrivals[n]! - clock);
    if (tick && n > 0) tickMinusVideo.push(Math.round((program.arrivals[n]! - graphicsDelay) / 1000) * 1000 - clock);
  }
  const hubVideoAge = cameraClocks.flatMap((clock, n) => (clock !== null && n < camera.arrivals.length ? [camera.arrivals[n]! - clock] : []));
  const overview = await e.call<CompositorOverview>('compositor.overview');
  return { edits: results, apiMs, programVideoAge, hubVideoAge, tickMinusVideo, editVideoClock, renderP50: overview.graphics.renderMsP50 };
}

/** Frames that are not repeats (the engine's output keeps real time and repeats a frame when the machine is too busy). */
function newPerSecond(f: Figures): number {
  const seconds = f.framesEncoded / Math.max(0.1, f.fpsMean);
  return (f.framesEncoded - f.duplicated) / seconds;
}

function fileOf(): string {
  return path.join(REPO_ROOT, 'test/bench/compositor-bench.ts');
}

async function progressFrame(e: EngineProcess, outputId: string): Promise<number> {
  const proc = (await e.call<SupervisedProcessInfo[]>('media.processes')).find((p) => p.id === `compositor-output:${outputId}`);
  return proc?.lastProgress?.frame ?? 0;
}

if (process.argv[2] === '--baseline') {
  void baseline(JSON.parse(process.argv[3]!) as BaselineConfig);
} else {
  main()
    .catch((err: unknown) => {
      console.error('compositor bench failed:', err);
      process.exitCode = 1;
    })
    .finally(() => void cleanUp());
}
