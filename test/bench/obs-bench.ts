/**
 * OBS benchmarks (run by `npm run bench` after the RTMP bench; BENCH_OBS=0 skips them; alone:
 * `npm run build && node --import tsx test/bench/obs-bench.ts`). Figures, not pass/fail, against
 * a real OBS under Xvfb (test/fixtures/obs) and the real headless engine.
 *
 * 1. Scene switch latency: from the control room's call (`POST /api/obs.scene.program`, what a
 *    click in the UI sends) to OBS's CurrentProgramSceneChanged event, as seen by a second
 *    obs-websocket client. Baseline in the same run: that client's own SetCurrentProgramScene to
 *    the same event (the floor any controller has). SWITCHES alternating switches each.
 * 2. Resync after OBS comes back: OBS is killed (SIGKILL) and started again; "back" is the first
 *    moment its WebSocket port accepts a TCP connection (probed every PROBE_MS), "resynchronised"
 *    the moment the engine's connection reached `connected` again (its status `since`, on the same
 *    clock) with the mirror rebuilt. Shown with the pure rebuild time (`syncMs`) apart. Downtimes
 *    of about 1 s and DOWN_LONG_S s: the reconnect backoff grows with the downtime.
 */
import net from 'node:net';
import os from 'node:os';
import type { OBSWebSocket } from 'obs-websocket-js/json';
import type { ObsConnectionView } from '../../src-main/obs/obs-contract';
import { EngineProcess } from '../fixtures/engine-process';
import { FIXTURE_SCENES, startObs, type ObsFixture } from '../fixtures/obs/obs-process';

const SWITCHES = Number(process.env.BENCH_OBS_SWITCHES ?? 40);
const RESYNC_RUNS = Number(process.env.BENCH_OBS_RESYNC_RUNS ?? 3);
const DOWN_LONG_S = Number(process.env.BENCH_OBS_DOWN_LONG_SECONDS ?? 10);
const PROBE_MS = 10;
const DEADLINE_MS = 300_000;

let engine: EngineProcess | undefined;
let obs: ObsFixture | undefined;
let other: OBSWebSocket | undefined;

async function cleanup(): Promise<void> {
  await other?.disconnect().catch(() => undefined);
  await engine?.stop().catch(() => undefined);
  await engine?.removeDataDir().catch(() => undefined);
  await obs?.stop().catch(() => undefined);
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void cleanup().finally(() => process.exit(130)));
}
const deadline = setTimeout(() => {
  console.error(`OBS bench: over ${DEADLINE_MS / 1000} s, giving up`);
  void cleanup().finally(() => process.exit(1));
}, DEADLINE_MS);
deadline.unref();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const fmt = (ms: number) => `${ms.toFixed(1).padStart(7)} ms`;

async function view(id: string): Promise<ObsConnectionView> {
  return (await engine!.call<ObsConnectionView[]>('obs.list')).find((c) => c.id === id)!;
}

/** Resolves with the time of the next CurrentProgramSceneChanged naming `scene`. */
function nextSwitch(scene: string): Promise<number> {
  return new Promise((resolve) => {
    const on = ({ sceneName }: { sceneName: string }) => {
      if (sceneName !== scene) return;
      other!.off('CurrentProgramSceneChanged', on);
      resolve(performance.now());
    };
    other!.on('CurrentProgramSceneChanged', on);
  });
}

async function switchLatency(id: string, via: 'control room' | 'direct'): Promise<number[]> {
  const samples: number[] = [];
  // A switch to the scene already on program fires no event: start from the other one.
  const current = (await other!.call('GetCurrentProgramScene')).currentProgramSceneName;
  const first = FIXTURE_SCENES.findIndex((s) => s !== current);
  for (let i = 0; i < SWITCHES; i++) {
    const scene = FIXTURE_SCENES[(first + i) % 2]!;
    const seen = nextSwitch(scene);
    const started = performance.now();
    if (via === 'control room') await engine!.call('obs.scene.program', { id, scene });
    else await other!.call('SetCurrentProgramScene', { sceneName: scene });
    samples.push((await seen) - started);
    await sleep(50);
  }
  return samples;
}

function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function resyncAfterRestart(id: string, downMs: number): Promise<{ waitMs: number; syncMs: number }> {
  await other?.disconnect().catch(() => undefined);
  await obs!.kill();
  for (;;) {
    const v = await view(id);
    if (v.status.state !== 'connected') break;
    await sleep(20);
  }
  await sleep(downMs);
  const restarting = obs!.restart();
  let backAt = 0;
  while (!backAt) {
    if (await portAccepts(obs!.port)) backAt = Date.now();
    else await sleep(PROBE_MS);
  }
  await restarting;
  for (;;) {
    const v = await view(id);
    if (v.status.state === 'connected' && Date.parse(v.status.since) >= backAt - 5_000) {
      other = await obs!.client();
      return { waitMs: Date.parse(v.status.since) - backAt, syncMs: v.status.syncMs ?? NaN };
    }
    await sleep(20);
  }
}

async function main(): Promise<void> {
  obs = await startObs();
  other = await obs.client();
  engine = await EngineProcess.start({ extraArgs: ['--log-level', 'warn'] });
  const added = await engine.call<ObsConnectionView>('obs.add', { name: 'Bench OBS', host: '127.0.0.1', port: obs.port, password: obs.password });
  while ((await view(added.id)).status.state !== 'connected') await sleep(50);

  console.log(`\nOBS (${(await other.call('GetVersion')).obsVersion}, obs-websocket ${(await other.call('GetVersion')).obsWebSocketVersion}) under Xvfb, ${os.cpus().length} cores`);
  const row = (label: string, xs: number[]) => `${label.padEnd(44)} median ${fmt(percentile(xs, 0.5))}   p95 ${fmt(percentile(xs, 0.95))}   max ${fmt(Math.max(...xs))}`;
  // OBS announces the new program scene when its transition is done: with Cut that is at once,
  // with the fixture's 300 ms Fade after the fade. Both, so the protocol's share is visible.
  for (const transitionName of ['Cut', 'Fade']) {
    await other.call('SetCurrentSceneTransition', { transitionName });
    // Interleaved halves so machine noise hits both sides alike.
    const viaEngine: number[] = [];
    const direct: number[] = [];
    for (let round = 0; round < 2; round++) {
      direct.push(...(await switchLatency(added.id, 'direct')));
      viaEngine.push(...(await switchLatency(added.id, 'control room')));
    }
    console.log(`Scene switch → CurrentProgramSceneChanged, transition ${transitionName} (${viaEngine.length} switches each)`);
    console.log(row('  control room (HTTP API → engine → OBS)', viaEngine));
    console.log(row('  baseline: obs-websocket client directly', direct));
    console.log(`  ratio of medians ${(percentile(viaEngine, 0.5) / percentile(direct, 0.5)).toFixed(2)}×`);
  }

  console.log('OBS killed and started again → control room resynchronised (from OBS accepting connections)');
  for (const [label, downMs, runs] of [
    ['down ~1 s', 1_000, RESYNC_RUNS],
    [`down ~${DOWN_LONG_S} s`, DOWN_LONG_S * 1000, 1],
  ] as const) {
    for (let i = 0; i < runs; i++) {
      const { waitMs, syncMs } = await resyncAfterRestart(added.id, downMs);
      console.log(`  ${label.padEnd(12)} run ${i + 1}: resynchronised ${fmt(waitMs)} after OBS was back (state rebuild itself ${syncMs} ms)`);
    }
  }
}

main()
  .catch((err: unknown) => {
    console.error('OBS bench failed:', err);
    process.exitCode = 1;
  })
  .finally(() => void cleanup());
