import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ClosedError } from '../../../src-main/api/errors';
import { silentLogger } from '../../../src-main/logging/logger';
import { resolveFfmpeg } from '../../../src-main/media/ffmpeg-binary';
import {
  ProcessSupervisor,
  type ProcessState,
  type SupervisedProcess,
  type SupervisedProcessOptions,
} from '../../../src-main/media/supervisor';
import { isAlive, waitForEvent } from './wait';

/** A live test pattern that runs until stopped. */
const LIVE_ARGS = ['-re', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25', '-f', 'null', '-'];
const isLinux = process.platform === 'linux';

let ffmpegPath: string;
let supervisor: ProcessSupervisor | undefined;

beforeAll(async () => {
  ffmpegPath = (await resolveFfmpeg()).path;
});

afterEach(async () => {
  await supervisor?.close();
  supervisor = undefined;
});

function newSupervisor(maxConcurrentStarts = 4): ProcessSupervisor {
  supervisor = new ProcessSupervisor({ ffmpegPath, logger: silentLogger(), maxConcurrentStarts });
  return supervisor;
}

function spawnLive(sup: ProcessSupervisor, options: Partial<SupervisedProcessOptions> = {}): SupervisedProcess {
  return sup.spawn({
    id: 'live',
    name: 'Test pattern',
    args: LIVE_ARGS,
    backoff: { initialDelayMs: 200, jitter: 0 },
    ...options,
  });
}

function untilState(proc: SupervisedProcess, state: ProcessState): Promise<unknown> {
  if (proc.state === state) return Promise.resolve();
  return waitForEvent(proc, 'state', (s) => s === state);
}

function expectGone(pid: number): void {
  expect(isAlive(pid)).toBe(false);
  expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
  if (isLinux) expect(fs.existsSync(`/proc/${pid}`)).toBe(false);
}

describe('ProcessSupervisor with real FFmpeg', { timeout: 60_000 }, () => {
  it('reports progress with advancing frames', async () => {
    const proc = spawnLive(newSupervisor());
    const frames: number[] = [];
    proc.on('progress', (p) => frames.push(p.frame));
    await waitForEvent(proc, 'progress', () => frames.length >= 3);

    expect(proc.state).toBe('running');
    expect(frames.at(-1)).toBeGreaterThan(frames[0] ?? 0);
    for (let i = 1; i < frames.length; i++) expect(frames[i]).toBeGreaterThanOrEqual(frames[i - 1] ?? 0);

    const [info] = supervisor?.list() ?? [];
    expect(info).toMatchObject({ id: 'live', name: 'Test pattern', state: 'running', restarts: 0, lastExit: null });
    expect(info?.pid).toBe(proc.pid);
    expect(typeof info?.startedAt).toBe('string');
    expect(info?.lastProgress?.frame).toBeGreaterThan(0);
    // setpriv execs FFmpeg, so the pid we hold is FFmpeg's own.
    if (isLinux && proc.pid !== null) expect(fs.readFileSync(`/proc/${proc.pid}/comm`, 'utf8').trim()).toBe('ffmpeg');
  });

  it('restarts a process killed from outside', async () => {
    const proc = spawnLive(newSupervisor());
    await untilState(proc, 'running');
    const firstPid = proc.pid;
    if (firstPid === null) throw new Error('no pid');

    const states: ProcessState[] = [];
    proc.on('state', (s) => states.push(s));
    const exited = waitForEvent(proc, 'exit');
    const runningAgain = waitForEvent(proc, 'state', (s) => s === 'running');
    process.kill(firstPid, 'SIGKILL');

    const [exit] = await exited;
    expect(exit).toMatchObject({ reason: 'crashed', signal: 'SIGKILL', code: null });
    await runningAgain;
    expect(states).toEqual(['backoff', 'starting', 'running']);
    expect(proc.restarts).toBe(1);
    expect(proc.pid).not.toBeNull();
    expect(proc.pid).not.toBe(firstPid);
    expect(proc.info().lastExit?.reason).toBe('crashed');
  });

  it('kills a stalled process with SIGKILL and restarts it', async () => {
    const proc = spawnLive(newSupervisor(), { stallTimeoutMs: 2_000, stopGraceMs: 300 });
    await untilState(proc, 'running');
    const firstPid = proc.pid;
    if (firstPid === null) throw new Error('no pid');

    const exited = waitForEvent(proc, 'exit');
    const restarted = waitForEvent(proc, 'restart-scheduled');
    const runningAgain = waitForEvent(proc, 'state', (s) => s === 'running');
    // A stopped process sends no progress and ignores SIGTERM until continued.
    process.kill(firstPid, 'SIGSTOP');

    const [exit] = await exited;
    expect(exit).toMatchObject({ reason: 'stalled', signal: 'SIGKILL' });
    const [restart] = await restarted;
    expect(restart).toEqual({ attempt: 1, delayMs: 200 });
    await runningAgain;
    expect(proc.restarts).toBe(1);
    expect(proc.pid).not.toBe(firstPid);
    expectGone(firstPid);
  });

  it.skipIf(process.platform === 'win32')('treats a process that never makes progress as stalled', async () => {
    // Reads a FIFO nobody writes to: FFmpeg blocks opening its input and never reports progress.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stall-'));
    const fifo = path.join(dir, 'never');
    try {
      execFileSync('mkfifo', [fifo]);
      const proc = newSupervisor().spawn({
        id: 'silent',
        name: 'Never starts',
        args: ['-i', fifo, '-f', 'null', '-'],
        stallTimeoutMs: 1_500,
        stopGraceMs: 300,
        restart: false,
      });
      const [exit] = await waitForEvent(proc, 'exit');
      expect(exit.reason).toBe('stalled');
      expect(proc.state).toBe('failed');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stop() leaves no process behind and is idempotent', async () => {
    const proc = spawnLive(newSupervisor());
    await untilState(proc, 'running');
    const pid = proc.pid;
    if (pid === null) throw new Error('no pid');

    await Promise.all([proc.stop(), proc.stop()]);
    expect(proc.state).toBe('stopped');
    expect(proc.pid).toBeNull();
    expect(proc.info().lastExit?.reason).toBe('stopped');
    expectGone(pid);
    await proc.stop();
    expect(proc.state).toBe('stopped');
  });

  it('stop() escalates to SIGKILL when SIGTERM is ignored', async () => {
    const proc = spawnLive(newSupervisor(), { stopGraceMs: 300 });
    await untilState(proc, 'running');
    const pid = proc.pid;
    if (pid === null) throw new Error('no pid');
    process.kill(pid, 'SIGSTOP');

    await proc.stop();
    expect(proc.info().lastExit).toMatchObject({ reason: 'stopped', signal: 'SIGKILL' });
    expectGone(pid);
  });

  it('starts again after a stop, with start() called while stopping', async () => {
    const proc = spawnLive(newSupervisor());
    await untilState(proc, 'running');
    const firstPid = proc.pid;
    const stopped = proc.stop();
    proc.start();
    await stopped;
    await untilState(proc, 'running');
    expect(proc.pid).not.toBe(firstPid);
    expect(proc.restarts).toBe(0);
  });

  it('close() stops every process and refuses new ones', async () => {
    const sup = newSupervisor();
    const procs = ['a', 'b', 'c'].map((id) => spawnLive(sup, { id, name: `Pattern ${id}` }));
    await Promise.all(procs.map((p) => untilState(p, 'running')));
    const pids = procs.map((p) => p.pid);

    await Promise.all([sup.close(), sup.close()]);
    for (const proc of procs) expect(proc.state).toBe('stopped');
    for (const pid of pids) expectGone(pid ?? -1);
    expect(() => spawnLive(sup, { id: 'late' })).toThrow(ClosedError);
    expect(() => procs[0]?.start()).toThrow(ClosedError);
  });

  it('respects the limit on concurrent starts', async () => {
    const sup = newSupervisor(1);
    let starting = 0;
    let mostStarting = 0;
    sup.on('spawn', () => {
      starting += 1;
      mostStarting = Math.max(mostStarting, starting);
    });
    sup.on('state', (_id, state) => {
      if (state === 'running') starting -= 1;
    });
    const firstSpawn = waitForEvent(sup, 'spawn');
    const procs = ['a', 'b', 'c'].map((id) => spawnLive(sup, { id, name: `Pattern ${id}` }));
    await firstSpawn;
    expect(sup.list().filter((p) => p.pid !== null)).toHaveLength(1);

    await Promise.all(procs.map((p) => untilState(p, 'running')));
    expect(mostStarting).toBe(1);
  });

  it('backs off with growing delays when FFmpeg rejects its arguments', async () => {
    const proc = spawnLive(newSupervisor(), {
      args: ['-definitely-not-an-option', ...LIVE_ARGS],
      backoff: { initialDelayMs: 100, initialAttempts: 1, jitter: 0 },
    });
    const delays: number[] = [];
    proc.on('restart-scheduled', ({ delayMs }) => delays.push(delayMs));
    await waitForEvent(proc, 'restart-scheduled', () => delays.length >= 2);

    expect(delays).toEqual([100, 200]);
    expect(proc.state).toBe('backoff');
    const lastExit = proc.info().lastExit;
    expect(lastExit).toMatchObject({ reason: 'crashed', code: 1 });
    expect(lastExit?.stderrTail.join('\n')).toContain("Unrecognized option 'definitely-not-an-option'");

    await proc.stop();
    expect(proc.state).toBe('stopped');
    expect(proc.restarts).toBe(1);
  });

  it('without restart, ends as failed after an error and stopped after a clean exit', async () => {
    const sup = newSupervisor();
    const bad = sup.spawn({ id: 'bad', name: 'Bad', args: ['-definitely-not-an-option'], restart: false });
    const good = sup.spawn({
      id: 'good',
      name: 'Short clip',
      args: ['-f', 'lavfi', '-i', 'testsrc=size=64x64:rate=25', '-t', '0.5', '-f', 'null', '-'],
      restart: false,
    });
    await Promise.all([untilState(bad, 'failed'), untilState(good, 'stopped')]);
    expect(bad.info().lastExit?.reason).toBe('crashed');
    expect(good.info().lastExit).toMatchObject({ reason: 'exited', code: 0 });
  });

  it('leaves stdout to the caller while progress arrives on its own pipe', async () => {
    const proc = newSupervisor().create({
      id: 'raw',
      name: 'Raw frames',
      args: ['-f', 'lavfi', '-i', 'testsrc=size=16x16:rate=5', '-frames:v', '3', '-f', 'rawvideo', '-pix_fmt', 'gray', '-'],
      restart: false,
    });
    let bytes = 0;
    proc.on('spawn', (_pid, stdout) => stdout?.on('data', (chunk: Buffer) => (bytes += chunk.length)));
    const exited = waitForEvent(proc, 'exit');
    proc.start();
    const [exit] = await exited;
    expect(exit.reason).toBe('exited');
    expect(bytes).toBe(3 * 16 * 16);
  });

  it('refuses duplicate ids', () => {
    const sup = newSupervisor();
    sup.create({ id: 'x', name: 'X', args: LIVE_ARGS });
    expect(() => sup.create({ id: 'x', name: 'X again', args: LIVE_ARGS })).toThrow(/already exists/);
  });
});
