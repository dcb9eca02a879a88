// Graphics renderer benchmark: render time of a 1080p (and 720p) graphics plane with six layers
// (colour, image, text, lower third, clock, countdown), for a full redraw (nothing cached), a
// clock tick (only the clock changed; also with the yuva420p plane an output asks for, with and
// without the caller handing back old buffers), a clock + running countdown tick, a text edit and a
// move; next to it, in the same run, the cost of compositing every layer over the whole frame
// with sharp (what a renderer without per-layer patching pays for every change). Also the
// main thread's own CPU time per render and the event-loop delay, which show the work stays in
// libvips' threads.
// Figures, not pass/fail. Run: node --import tsx test/bench/graphics-bench.ts
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import sharp from 'sharp';
import { layerInputSchema, type GraphicsLayer, type LayerInput } from '../../src-main/compositor/compositor-schema';
import { GraphicsRenderer, type PlaneRequest } from '../../src-main/compositor/graphics/graphics-renderer';
import { silentLogger } from '../../src-main/logging/logger';

const RUNS = Number(process.env.BENCH_GRAPHICS_RUNS ?? 60);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-graphics-bench-'));
const logoPath = path.join(dir, 'logo.png');
await sharp({ create: { width: 600, height: 600, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
  .composite([{ input: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="600" height="600"><circle cx="300" cy="300" r="280" fill="#e11d48"/><rect x="150" y="250" width="300" height="100" fill="#fff"/></svg>') }])
  .png()
  .toFile(logoPath);

const make = (id: string, input: Exclude<LayerInput, { kind: 'video' }>): GraphicsLayer => ({ ...layerInputSchema.parse(input), id }) as GraphicsLayer;
const startedAt = new Date(Date.now() - 5_000).toISOString();
function scene(text: string, countdownRunning: boolean, textX = 60): GraphicsLayer[] {
  return [
    make('band', { kind: 'color', x: 0, y: 840, width: 1920, height: 240, color: '#0f172acc' }),
    make('logo', { kind: 'image', x: 1620, y: 40, width: 260, height: 260, assetId: 'logo', fit: 'contain' }),
    make('text', { kind: 'text', x: textX, y: 60, width: 1100, height: 260, text, fontSize: 44, background: '#00000099', color: '#ffffff' }),
    make('lower', { kind: 'lowerThird', x: 80, y: 870, width: 1100, height: 150, title: 'Jane Doe', subtitle: 'Head of Broadcast Engineering' }),
    make('clock', { kind: 'clock', x: 1560, y: 880, width: 320, height: 80, fontSize: 56, bold: true, align: 'right', timeZone: 'UTC' }),
    make('countdown', { kind: 'countdown', x: 1560, y: 970, width: 320, height: 80, fontSize: 48, align: 'right', durationSeconds: 3600, startedAt: countdownRunning ? startedAt : null, background: '#b91c1c' }),
  ];
}
const TEXT = 'Breaking: the control room renders graphics once per change, and FFmpeg composites them over video.';

const request = (layers: GraphicsLayer[], now: Date, width = 1920, height = 1080): PlaneRequest => ({
  width,
  height,
  layers,
  now,
  assetPath: (id) => (id === 'logo' ? logoPath : null),
});

function percentiles(samples: number[]): { p50: number; p99: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: s[Math.floor(s.length * 0.5)]!, p99: s[Math.min(s.length - 1, Math.floor(s.length * 0.99))]! };
}
const stall = monitorEventLoopDelay({ resolution: 1 });
/**
 * CPU time of the main thread alone (Linux: its /proc task entry; libvips' threads are other
 * tasks), in ms: what rendering costs the engine's own thread, preemption by a loaded machine
 * excluded. Clock ticks are 10 ms, so it is read over a whole phase and divided.
 */
function mainThreadCpuMs(): number {
  const stat = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, USER_HZ = 100
}
function mainThreadMs(since: number, renders: number): number {
  return (mainThreadCpuMs() - since) / renders;
}
function line(label: string, samples: number[], mainMs: number): void {
  const { p50, p99 } = percentiles(samples);
  console.log(
    `${label.padEnd(44)} p50 ${p50.toFixed(1).padStart(6)} ms   p99 ${p99.toFixed(1).padStart(6)} ms   main-thread CPU ${mainMs.toFixed(1).padStart(5)} ms/render   (${samples.length} renders)`,
  );
}

async function measure(width: number, height: number): Promise<void> {
  const t0 = new Date('2026-01-01T12:00:00.000Z');
  // Warm-up: fontconfig's first load and libvips' first pipelines are one-off costs.
  await GraphicsRenderer.create({ logger: silentLogger() }).render(request(scene(TEXT, true), t0, width, height));

  let mark = mainThreadCpuMs();
  const full: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const renderer = GraphicsRenderer.create({ logger: silentLogger() });
    full.push((await renderer.render(request(scene(TEXT, true), new Date(t0.getTime() + i * 1000), width, height))).renderMs);
    await renderer.close();
  }
  const fullMain = mainThreadMs(mark, RUNS);

  const renderer = GraphicsRenderer.create({ logger: silentLogger() });
  const stopped = scene(TEXT, false);
  await renderer.render(request(stopped, t0, width, height));
  const before = renderer.cacheStats().layerRenders;
  const clockOnly: number[] = [];
  mark = mainThreadCpuMs();
  for (let i = 1; i <= RUNS; i++) clockOnly.push((await renderer.render(request(stopped, new Date(t0.getTime() + i * 1000), width, height))).renderMs);
  const clockMain = mainThreadMs(mark, RUNS);
  const clockRenders = (renderer.cacheStats().layerRenders - before) / RUNS;

  // Clock ticks as an output asks for them: optionally the yuva420p plane too, and optionally
  // handing back the rgba (and yuva) of the render before last, as an output does once its pipe
  // write is done.
  const ticks = async (offsetS: number, options: { yuva: boolean; recycle: boolean }) => {
    const times: number[] = [];
    let older: { rgba: Buffer; yuva?: Buffer } | undefined;
    let latest: { rgba: Buffer; yuva?: Buffer } | undefined;
    const start = mainThreadCpuMs();
    for (let i = 1; i <= RUNS; i++) {
      const spare = options.recycle ? older : undefined;
      const result = await renderer.render({ ...request(stopped, new Date(t0.getTime() + offsetS * 1000 + i * 1000), width, height), yuva: options.yuva, recycle: spare?.rgba, recycleYuva: spare?.yuva });
      times.push(result.renderMs);
      older = latest;
      latest = { rgba: result.rgba, yuva: result.yuva };
    }
    return { times, main: mainThreadMs(start, RUNS) };
  };
  const recycled = await ticks(50, { yuva: false, recycle: true });
  const yuvaFresh = await ticks(60, { yuva: true, recycle: false });
  const yuvaRecycled = await ticks(70, { yuva: true, recycle: true });

  const running = scene(TEXT, true);
  const both: number[] = [];
  mark = mainThreadCpuMs();
  for (let i = 1; i <= RUNS; i++) both.push((await renderer.render(request(running, new Date(t0.getTime() + 100_000 + i * 1000), width, height))).renderMs);
  const bothMain = mainThreadMs(mark, RUNS);

  const edit: number[] = [];
  const now = new Date(t0.getTime() + 100_000 + RUNS * 1000);
  mark = mainThreadCpuMs();
  for (let i = 0; i < RUNS; i++) edit.push((await renderer.render(request(scene(`${TEXT} #${i}`, true), now, width, height))).renderMs);
  const editMain = mainThreadMs(mark, RUNS);

  const move: number[] = [];
  mark = mainThreadCpuMs();
  for (let i = 0; i < RUNS; i++) move.push((await renderer.render(request(scene(TEXT, true, 60 + (i % 2) * 40), now, width, height))).renderMs);
  const moveMain = mainThreadMs(mark, RUNS);
  await renderer.close();

  // Same layers' pixels, composited over the whole frame by sharp at every change (no patching).
  const cacheOnly = GraphicsRenderer.create({ logger: silentLogger() });
  await cacheOnly.render(request(running, now, width, height));
  const layerImages = await Promise.all(
    running.map(async (l) => {
      const single = GraphicsRenderer.create({ logger: silentLogger() });
      const { rgba } = await single.render(request([{ ...l, x: 0, y: 0 } as GraphicsLayer], now, width, height));
      const sx = width / 1920;
      const w = Math.min(width, Math.round(l.width * sx));
      const h = Math.min(height, Math.round(l.height * sx));
      const cropped = await sharp(rgba, { raw: { width, height, channels: 4 } }).extract({ left: 0, top: 0, width: w, height: h }).raw().toBuffer();
      return { input: cropped, raw: { width: w, height: h, channels: 4 as const }, left: Math.round(l.x * sx), top: Math.round(l.y * sx) };
    }),
  );
  const wholeFrame: number[] = [];
  mark = mainThreadCpuMs();
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await sharp({ create: { width, height, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).composite(layerImages).raw().toBuffer();
    wholeFrame.push(performance.now() - started);
  }
  const wholeMain = mainThreadMs(mark, RUNS);

  console.log(`\n${width}×${height} plane, 6 layers (colour, image, text, lower third, clock, countdown), ${os.cpus().length} cores, sharp ${sharp.versions.sharp} / libvips ${sharp.versions.vips}`);
  line('full redraw (nothing cached)', full, fullMain);
  line(`clock tick (${clockRenders.toFixed(1)} layer render per tick)`, clockOnly, clockMain);
  line('clock tick, caller recycles planes', recycled.times, recycled.main);
  line('clock tick + yuva, new buffers', yuvaFresh.times, yuvaFresh.main);
  line('clock tick + yuva, caller recycles both', yuvaRecycled.times, yuvaRecycled.main);
  line('clock + running countdown tick', both, bothMain);
  line('text edit', edit, editMain);
  line('text layer moved (no layer re-render)', move, moveMain);
  line('baseline: sharp composite of all 6 layers', wholeFrame, wholeMain);
  console.log(`ratio clock tick / whole-frame composite: ${(percentiles(clockOnly).p50 / percentiles(wholeFrame).p50).toFixed(2)}× (p50)`);
}

// One-off start-up costs (fontconfig reading the fonts, ICU's zone data) are not what is measured.
await GraphicsRenderer.create({ logger: silentLogger() }).render(request(scene(TEXT, true), new Date(), 1920, 1080));
// Control: the same monitor over an idle wait shows what the machine's own load costs the event loop.
const idle = monitorEventLoopDelay({ resolution: 1 });
idle.enable();
await new Promise((resolve) => setTimeout(resolve, 3_000));
idle.disable();
stall.enable();
await measure(1920, 1080);
await measure(1280, 720);
stall.disable();
const ms = (ns: number): string => (ns / 1e6).toFixed(1);
console.log(`\nevent-loop delay while rendering: max ${ms(stall.max)} ms, p99 ${ms(stall.percentile(99))} ms, p50 ${ms(stall.percentile(50))} ms`);
console.log(`event-loop delay while idle (control): max ${ms(idle.max)} ms, p99 ${ms(idle.percentile(99))} ms, p50 ${ms(idle.percentile(50))} ms; load average ${os.loadavg()[0]!.toFixed(1)}`);
fs.rmSync(dir, { recursive: true, force: true });
