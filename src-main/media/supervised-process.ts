import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { ClosedError } from '../api/errors';
import type { Logger } from '../logging/logger';
import { redactText } from '../logging/redact';
import { RestartBackoff, type BackoffOptions } from './backoff';
import { FfmpegNotFoundError } from './ffmpeg-binary';
import { ffmpegEnv, spawnCommand, supervisedArgs } from './ffmpeg-command';
import { LineSplitter } from './line-splitter';
import { ProgressParser, type FfmpegProgress } from './progress-parser';
import type { StartLimiter, StartSlot } from './start-limiter';

export const PROCESS_STATES = ['idle', 'starting', 'running', 'backoff', 'stopping', 'stopped', 'failed'] as const;
export type ProcessState = (typeof PROCESS_STATES)[number];

/** Why a run ended: on its own (`exited` code 0, `crashed` otherwise) or because we ended it. */
export type ExitReason = 'exited' | 'crashed' | 'stalled' | 'stopped' | 'spawn-error';

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  reason: ExitReason;
  at: string;
  /** Last lines of stderr, secrets redacted. */
  stderrTail: string[];
}

export interface RestartScheduled {
  /** 1 for the first restart after a healthy run (or after `start()`). */
  attempt: number;
  delayMs: number;
}

export interface SupervisedProcessInfo {
  id: string;
  name: string;
  pid: number | null;
  state: ProcessState;
  restarts: number;
  /** When the current run was spawned; null when nothing runs. */
  startedAt: string | null;
  lastExit: ProcessExit | null;
  lastProgress: FfmpegProgress | null;
}

export interface ProcessTimings {
  /** Kill and restart when frames and output time have not advanced for this long. 0 disables. */
  stallTimeoutMs: number;
  /** Time between SIGTERM and SIGKILL. */
  stopGraceMs: number;
}

export const DEFAULT_TIMINGS: ProcessTimings = { stallTimeoutMs: 10_000, stopGraceMs: 3_000 };

export interface SupervisedProcessOptions {
  id: string;
  /** Human name for logs and the UI. */
  name: string;
  /** FFmpeg arguments without the binary. Never passed through a shell. */
  args: string[];
  /** Restart when the process ends while it should be running. Default true. */
  restart?: boolean;
  stallTimeoutMs?: number;
  stopGraceMs?: number;
  logger?: Logger;
  backoff?: BackoffOptions;
  /** Give FFmpeg a stdin pipe (for `-i pipe:0`: media fed from the hub). Default false. */
  stdin?: boolean;
  /**
   * Extra pipes FFmpeg reads, after the progress pipe: `inputPipeUrl(i)` names the i-th in the
   * arguments, `inputPipe(i)` is its writable end during a run. Default 0.
   */
  inputPipes?: number;
}

export type SupervisedProcessEvents = {
  state: [state: ProcessState, previous: ProcessState];
  /** A run began. `stdout` is FFmpeg's stdout (null on Windows, where it carries progress). */
  spawn: [pid: number, stdout: Readable | null];
  progress: [progress: FfmpegProgress];
  exit: [exit: ProcessExit];
  'restart-scheduled': [restart: RestartScheduled];
  /** One line of FFmpeg's stderr, secrets redacted. */
  stderr: [line: string];
};

/** What a process needs from its supervisor. */
export interface ProcessHost {
  /** Null when FFmpeg could not be found: starting then throws FfmpegNotFoundError. */
  ffmpegPath: string | null;
  logger: Logger;
  limiter: StartLimiter;
  timings(): ProcessTimings;
}

const STDERR_TAIL_LINES = 50;
/** A reader that paused stdout can hold back 'close'; after 'exit' we wait this long at most. */
const CLOSE_AFTER_EXIT_MS = 2_000;
const PROGRESS_ON_STDOUT = process.platform === 'win32';
/** The first file descriptor of the extra input pipes (after stdin, stdout, stderr and the progress pipe). */
const FIRST_INPUT_FD = PROGRESS_ON_STDOUT ? 3 : 4;

/** How FFmpeg's arguments name the i-th extra input pipe (`-i pipe:4`…). */
export function inputPipeUrl(index: number): string {
  return `pipe:${FIRST_INPUT_FD + index}`;
}

/** One spawn of FFmpeg. Disposable: what must outlive a run lives on SupervisedProcess. */
class Run {
  readonly startedAt = Date.now();
  readonly stderrTail: string[] = [];
  /** When the first progress arrived. */
  runningSince: number | null = null;
  /** Set when we ended the run; the first reason wins. */
  killReason: ExitReason | null = null;
  spawnFailed = false;
  exited = false;
  finished = false;
  lastFrame = 0;
  lastOutTimeMs = 0;
  stallTimer: NodeJS.Timeout | undefined;
  killTimer: NodeJS.Timeout | undefined;
  closeTimer: NodeJS.Timeout | undefined;
  readonly done: Promise<void>;
  markDone!: () => void;

  constructor(
    readonly child: ChildProcess,
    readonly slot: StartSlot,
    readonly timings: ProcessTimings,
  ) {
    this.done = new Promise((resolve) => (this.markDone = resolve));
  }

  clearTimers(): void {
    clearTimeout(this.stallTimer);
    clearTimeout(this.killTimer);
    clearTimeout(this.closeTimer);
  }
}

/**
 * One FFmpeg job that reconciles toward a target: `start()` wants it running (spawning,
 * restarting with backoff after exits and stalls), `stop()` wants it gone.
 */
export class SupervisedProcess extends EventEmitter<SupervisedProcessEvents> {
  readonly id: string;
  readonly name: string;
  private readonly log: Logger;
  private readonly backoff: RestartBackoff;
  private target: 'running' | 'stopped' = 'stopped';
  private currentState: ProcessState = 'idle';
  private run: Run | null = null;
  /** Set while waiting for a start slot; aborting it cancels the start. */
  private pendingStart: AbortController | null = null;
  private restartTimer: NodeJS.Timeout | null = null;
  private restartCount = 0;
  private lastExitInfo: ProcessExit | null = null;
  private lastProgressInfo: FfmpegProgress | null = null;
  private closed = false;
  private args: readonly string[];

  constructor(
    private readonly options: SupervisedProcessOptions,
    private readonly host: ProcessHost,
  ) {
    super();
    this.id = options.id;
    this.name = options.name;
    this.log = (options.logger ?? host.logger).child({ processId: options.id });
    this.backoff = new RestartBackoff(options.backoff);
    this.args = options.args;
  }

  /** New arguments for the next run (the current one keeps its own). */
  setArgs(args: readonly string[]): void {
    this.args = [...args];
  }

  get state(): ProcessState {
    return this.currentState;
  }

  get pid(): number | null {
    return this.run?.child.pid ?? null;
  }

  get restarts(): number {
    return this.restartCount;
  }

  /** FFmpeg's stdin of the current run when `stdin` was asked for (errors on it are ignored: the exit tells why). */
  get stdin(): Writable | null {
    return this.run?.child.stdin ?? null;
  }

  /** The writable end of the i-th extra input pipe of the current run (see `inputPipes`). */
  inputPipe(index: number): Writable | null {
    const stream = this.run?.child.stdio[FIRST_INPUT_FD + index];
    return (stream as Writable | null | undefined) ?? null;
  }

  /** FFmpeg's stdout of the current run, for jobs that write media to `pipe:1`. */
  get stdout(): Readable | null {
    return PROGRESS_ON_STDOUT ? null : (this.run?.child.stdout ?? null);
  }

  info(): SupervisedProcessInfo {
    return {
      id: this.id,
      name: this.name,
      pid: this.pid,
      state: this.currentState,
      restarts: this.restartCount,
      startedAt: this.run ? new Date(this.run.startedAt).toISOString() : null,
      lastExit: this.lastExitInfo,
      lastProgress: this.lastProgressInfo,
    };
  }

  /** Wants the process running. A no-op when it already is (or is on its way). */
  start(): void {
    if (this.closed) throw new ClosedError(`Process ${this.id}`);
    if (this.host.ffmpegPath === null) {
      throw new FfmpegNotFoundError([], `Cannot start "${this.name}": FFmpeg is not available`);
    }
    if (this.target === 'running') return;
    this.target = 'running';
    this.backoff.reset();
    // Still stopping: the exit handler sees the new target and starts again.
    if (this.run === null) void this.launch();
  }

  /** Wants the process gone: SIGTERM, SIGKILL after the grace period. Resolves once it is reaped. */
  stop(): Promise<void> {
    this.target = 'stopped';
    if (this.restartTimer !== null) {
      clearTimeout(this.restartTimer);
      this.restartTimer = null;
    }
    this.pendingStart?.abort();
    this.pendingStart = null;
    const run = this.run;
    if (run === null) {
      if (this.currentState === 'starting' || this.currentState === 'backoff') this.setState('stopped');
      return Promise.resolve();
    }
    this.setState('stopping');
    this.terminate(run, 'stopped');
    return run.done;
  }

  /** Stops the process for good: `start()` throws ClosedError afterwards. */
  async close(): Promise<void> {
    this.closed = true;
    await this.stop();
  }

  private async launch(): Promise<void> {
    const ffmpegPath = this.host.ffmpegPath;
    if (ffmpegPath === null) return; // start() refuses; nothing can get here
    const controller = new AbortController();
    this.pendingStart = controller;
    this.setState('starting');
    let slot: StartSlot;
    try {
      slot = await this.host.limiter.acquire(controller.signal);
    } catch (err) {
      // Aborted by stop(), which already set the state; or the limiter closed under us.
      if (this.pendingStart !== controller) return;
      this.pendingStart = null;
      this.log.warn('start cancelled', { error: err });
      this.target = 'stopped';
      this.setState('stopped');
      return;
    }
    if (this.pendingStart !== controller) {
      slot.release();
      return;
    }
    this.pendingStart = null;
    this.spawnRun(slot, ffmpegPath);
  }

  private spawnRun(slot: StartSlot, ffmpegPath: string): void {
    const timings: ProcessTimings = {
      stallTimeoutMs: this.options.stallTimeoutMs ?? this.host.timings().stallTimeoutMs,
      stopGraceMs: this.options.stopGraceMs ?? this.host.timings().stopGraceMs,
    };
    const ffmpegArgs = supervisedArgs(this.args);
    const { command, args } = spawnCommand(ffmpegPath, ffmpegArgs);
    this.log.info('spawning ffmpeg', { command, args: args.map(redactText), restarts: this.restartCount });
    let child: ChildProcess;
    try {
      // Checked here because through setpriv a missing binary would look like a crash.
      if (!fs.existsSync(ffmpegPath)) throw new Error(`FFmpeg binary not found at ${ffmpegPath}`);
      child = spawn(command, args, {
        shell: false,
        env: ffmpegEnv(),
        windowsHide: true,
        stdio: [
          this.options.stdin ? 'pipe' : 'ignore',
          'pipe',
          'pipe',
          ...(PROGRESS_ON_STDOUT ? [] : ['pipe' as const]),
          ...Array.from({ length: this.options.inputPipes ?? 0 }, () => 'pipe' as const),
        ],
      });
    } catch (err) {
      // Other spawn failures (EACCES, ENOENT without setpriv) arrive as the child's 'error' event.
      slot.release();
      const message = redactText(err instanceof Error ? err.message : String(err));
      const at = new Date().toISOString();
      this.recordExit({ code: null, signal: null, reason: 'spawn-error', at, stderrTail: [message] }, 0, undefined);
      return;
    }
    const run = new Run(child, slot, timings);
    this.run = run;
    // Writing to an FFmpeg that just died raises EPIPE here; its exit already says why.
    child.stdin?.on('error', () => undefined);
    for (let i = 0; i < (this.options.inputPipes ?? 0); i++) (child.stdio[FIRST_INPUT_FD + i] as Writable | null)?.on('error', () => undefined);

    const stderr = new LineSplitter((line) => this.onStderr(run, line));
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.stderr?.on('end', () => stderr.end());
    const progress = new ProgressParser((p) => this.onProgress(run, p));
    const progressStream = (PROGRESS_ON_STDOUT ? child.stdout : child.stdio[3]) as Readable | null;
    progressStream?.on('data', (chunk: Buffer) => progress.push(chunk));

    child.on('spawn', () => {
      if (child.pid === undefined) return;
      this.log.info('spawned', { pid: child.pid });
      this.emit('spawn', child.pid, PROGRESS_ON_STDOUT ? null : child.stdout);
    });
    child.on('error', (err) => {
      if (child.pid !== undefined) {
        this.log.warn('child process error', { error: err });
        return;
      }
      run.spawnFailed = true;
      this.pushStderr(run, redactText(err.message));
      this.finish(run, null, null);
    });
    child.on('exit', (code, signal) => {
      run.exited = true;
      run.closeTimer = setTimeout(() => this.finish(run, code, signal), CLOSE_AFTER_EXIT_MS);
    });
    child.on('close', (code, signal) => this.finish(run, code, signal));
    this.armStallTimer(run);
  }

  private onStderr(run: Run, line: string): void {
    const clean = redactText(line);
    this.pushStderr(run, clean);
    this.log.debug('ffmpeg stderr', { line: clean });
    this.emit('stderr', clean);
  }

  private pushStderr(run: Run, line: string): void {
    run.stderrTail.push(line);
    if (run.stderrTail.length > STDERR_TAIL_LINES) run.stderrTail.shift();
  }

  private onProgress(run: Run, progress: FfmpegProgress): void {
    if (run !== this.run || run.exited) return;
    this.lastProgressInfo = progress;
    if (run.runningSince === null) {
      run.runningSince = Date.now();
      run.slot.release();
      if (this.currentState === 'starting') {
        this.log.info('running', { pid: run.child.pid });
        this.setState('running');
      }
    }
    const advanced =
      progress.frame > run.lastFrame || (progress.outTimeMs !== null && progress.outTimeMs > run.lastOutTimeMs);
    if (advanced) {
      run.lastFrame = Math.max(run.lastFrame, progress.frame);
      run.lastOutTimeMs = Math.max(run.lastOutTimeMs, progress.outTimeMs ?? 0);
      this.armStallTimer(run);
    }
    this.emit('progress', progress);
  }

  /** (Re)starts the countdown to a stall; progress that advances pushes it back. */
  private armStallTimer(run: Run): void {
    clearTimeout(run.stallTimer);
    const { stallTimeoutMs } = run.timings;
    if (stallTimeoutMs <= 0) return;
    run.stallTimer = setTimeout(() => {
      this.log.warn('stalled: no progress, killing', { pid: run.child.pid, stallTimeoutMs });
      this.terminate(run, 'stalled');
    }, stallTimeoutMs);
  }

  /**
   * SIGTERM lets FFmpeg finish its output; SIGKILL follows after the grace period, because a
   * hung (or SIGSTOPped) FFmpeg never acts on SIGTERM.
   */
  private terminate(run: Run, reason: ExitReason): void {
    if (run.exited || run.spawnFailed) return;
    run.killReason ??= reason;
    if (run.killTimer !== undefined) return;
    clearTimeout(run.stallTimer);
    run.child.kill('SIGTERM');
    run.killTimer = setTimeout(() => {
      if (run.exited) return;
      this.log.warn('did not exit after SIGTERM, sending SIGKILL', { pid: run.child.pid });
      run.child.kill('SIGKILL');
    }, run.timings.stopGraceMs);
  }

  private finish(run: Run, code: number | null, signal: NodeJS.Signals | null): void {
    if (run.finished) return;
    run.finished = true;
    run.clearTimers();
    run.slot.release();
    const reason: ExitReason =
      run.killReason ?? (run.spawnFailed ? 'spawn-error' : code === 0 ? 'exited' : 'crashed');
    const exit: ProcessExit = {
      code,
      signal,
      reason,
      at: new Date().toISOString(),
      stderrTail: [...run.stderrTail],
    };
    const ranMs = run.runningSince === null ? 0 : Date.now() - run.runningSince;
    if (this.run === run) this.run = null;
    run.markDone();
    this.recordExit(exit, ranMs, run.child.pid);
  }

  private recordExit(exit: ProcessExit, ranMs: number, pid: number | undefined): void {
    this.lastExitInfo = exit;
    const expected = exit.reason === 'stopped' || (exit.reason === 'exited' && this.target === 'stopped');
    const { code, signal, reason } = exit;
    const context = { pid, code, signal, reason, stderrTail: exit.stderrTail.slice(-5) };
    if (expected) this.log.info('exited', context);
    else this.log.warn('exited', context);
    this.emit('exit', exit);
    this.afterExit(exit, ranMs);
  }

  private afterExit(exit: ProcessExit, ranMs: number): void {
    if (this.target === 'stopped') {
      this.setState('stopped');
      return;
    }
    if (exit.reason === 'stopped') {
      void this.launch(); // start() came while a stop() was in flight
      return;
    }
    if (this.options.restart === false) {
      this.target = 'stopped';
      this.setState(exit.code === 0 ? 'stopped' : 'failed');
      return;
    }
    const delayMs = this.backoff.nextDelay(ranMs);
    const restart: RestartScheduled = { attempt: this.backoff.attempts, delayMs };
    this.setState('backoff');
    this.log.info('restart scheduled', { ...restart });
    this.emit('restart-scheduled', restart);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      this.restartCount += 1;
      void this.launch();
    }, delayMs);
  }

  private setState(next: ProcessState): void {
    const previous = this.currentState;
    if (previous === next) return;
    this.currentState = next;
    this.log.debug('state', { state: next, previous });
    this.emit('state', next, previous);
  }
}
