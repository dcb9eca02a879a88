// `npm run bench`: the engine's start-up, idle memory and shutdown, each reported next to a
// baseline measured in the same run on the same machine (a bare Node HTTP server that answers
// /healthz), as a ratio; then the camera benchmarks (cameras-bench.ts: preview latency, add →
// first frame, cost per camera). Figures, not pass/fail: nothing here asserts a time.
// then the RTMP benchmarks (rtmp-bench.ts: fan-out against nginx-rtmp, cost per restream
// destination). BENCH_CAMERAS=0 / BENCH_RTMP=0 / BENCH_COMPOSITOR=0 / BENCH_GRAPHICS=0 / BENCH_OBS=0 skip those.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const IDLE_SETTLE_MS = 3000;

const BASELINE_SOURCE = `
const http = require('node:http');
http.createServer((req, res) => { res.end('{"status":"ok"}'); })
  .listen(Number(process.argv[1]), '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
`;

function freePort() {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitHealthy(url) {
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

function rssOf(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) * 1024;
}

async function measure(kind) {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-bench-'));
  const args =
    kind === 'engine'
      ? [path.join(root, 'dist/main/serve.js'), '--port', String(port), '--data-dir', dataDir, '--token', 'bench-token-0123456789abcdef', '--log-level', 'warn']
      : ['-e', BASELINE_SOURCE, String(port)];
  const started = performance.now();
  const child = spawn(process.execPath, args, { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  await waitHealthy(`http://127.0.0.1:${port}/healthz`);
  const readyMs = performance.now() - started;
  await new Promise((r) => setTimeout(r, IDLE_SETTLE_MS));
  const rss = process.platform === 'linux' ? rssOf(child.pid) : NaN;
  const stopStarted = performance.now();
  child.kill('SIGTERM');
  const code = await exited;
  const stopMs = performance.now() - stopStarted;
  fs.rmSync(dataDir, { recursive: true, force: true });
  return { readyMs, rss, stopMs, code };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = { engine: [], baseline: [] };
for (let i = 0; i < RUNS; i++) {
  // Interleaved so that machine noise hits both sides alike.
  results.baseline.push(await measure('baseline'));
  results.engine.push(await measure('engine'));
}

const summary = (kind, key) => median(results[kind].map((r) => r[key]));
const row = (label, key, unit, scale = 1) => {
  const e = summary('engine', key) / scale;
  const b = summary('baseline', key) / scale;
  return `${label.padEnd(28)} engine ${e.toFixed(1).padStart(8)} ${unit}   baseline ${b.toFixed(1).padStart(8)} ${unit}   ratio ${(e / b).toFixed(2)}×`;
};
console.log(`Control Room engine vs a bare Node HTTP server (median of ${RUNS} runs each, ${os.cpus().length} cores, Node ${process.versions.node})`);
console.log(row('start → /healthz ready', 'readyMs', 'ms'));
console.log(row(`idle RSS after ${IDLE_SETTLE_MS / 1000} s`, 'rss', 'MiB', 1024 * 1024));
console.log(row('SIGTERM → exit', 'stopMs', 'ms'));
const badExits = results.engine.filter((r) => r.code !== 0).length;
console.log(`engine exit codes: ${badExits === 0 ? `all 0 (clean) in ${RUNS} runs` : `${badExits} of ${RUNS} runs exited non-zero`}`);

// Each in its own process (TypeScript through tsx); a signal to us is passed on, so that it cleans up.
async function runTs(file) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, file)], { cwd: root, stdio: 'inherit' });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  const code = await new Promise((resolve) => child.once('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
  process.off('SIGINT', forward);
  process.off('SIGTERM', forward);
  if (code !== 0) process.exitCode = code;
}
if (process.env.BENCH_CAMERAS !== '0') await runTs('test/bench/cameras-bench.ts');
if (process.env.BENCH_RTMP !== '0') await runTs('test/bench/rtmp-bench.ts');
// The compositor (compositor-bench.ts: a 1080p30 program against the seeds' sharp-every-frame design); BENCH_COMPOSITOR=0 skips it.
if (process.env.BENCH_COMPOSITOR !== '0') await runTs('test/bench/compositor-bench.ts');
// Graphics planes alone (graphics-bench.ts: full redraw, clock tick, edit, move, against sharp compositing every layer); BENCH_GRAPHICS=0 skips it.
if (process.env.BENCH_GRAPHICS !== '0') await runTs('test/bench/graphics-bench.ts');
if (process.env.BENCH_OBS !== '0') await runTs('test/bench/obs-bench.ts');
