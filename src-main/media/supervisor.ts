import { EventEmitter } from 'node:events';
import { ClosedError } from '../api/errors';
import type { Service } from '../app/service';
import type { Logger } from '../logging/logger';
import type { FfmpegProgress } from './progress-parser';
import { StartLimiter } from './start-limiter';
import {
  DEFAULT_TIMINGS,
  SupervisedProcess,
  type ProcessExit,
  type ProcessState,
  type ProcessTimings,
  type RestartScheduled,
  type SupervisedProcessInfo,
  type SupervisedProcessOptions,
} from './supervised-process';

export {
  PROCESS_STATES,
  SupervisedProcess,
  inputPipeUrl,
  type ExitReason,
  type ProcessExit,
  type ProcessState,
  type ProcessTimings,
  type RestartScheduled,
  type SupervisedProcessEvents,
  type SupervisedProcessInfo,
  type SupervisedProcessOptions,
} from './supervised-process';

export interface ProcessSupervisorOptions {
  /** Null when FFmpeg was not found: the engine still runs, and starting a process throws FfmpegNotFoundError. */
  ffmpegPath: string | null;
  logger: Logger;
  /** How many processes may be starting at once. */
  maxConcurrentStarts: number;
  /** A start gives its slot back after this long even without progress. Default 10 s. */
  startHoldMs?: number;
}

/** Every process event, tagged with the process id: one channel for the UI and metrics. */
export type ProcessSupervisorEvents = {
  state: [id: string, state: ProcessState, previous: ProcessState];
  spawn: [id: string, pid: number];
  progress: [id: string, progress: FfmpegProgress];
  exit: [id: string, exit: ProcessExit];
  'restart-scheduled': [id: string, restart: RestartScheduled];
  /** The process was stopped and forgotten. */
  removed: [id: string];
};

export class ProcessExistsError extends Error {
  override readonly name = 'ProcessExistsError';
  constructor(readonly id: string) {
    super(`A supervised process with id "${id}" already exists`);
  }
}

/** Owns every FFmpeg child of the engine; closing it stops them all. */
export class ProcessSupervisor extends EventEmitter<ProcessSupervisorEvents> implements Service {
  readonly name = 'process-supervisor';
  private readonly processes = new Map<string, SupervisedProcess>();
  private readonly limiter: StartLimiter;
  private readonly log: Logger;
  private timings: ProcessTimings = { ...DEFAULT_TIMINGS };
  private closing: Promise<void> | null = null;

  constructor(private readonly options: ProcessSupervisorOptions) {
    super();
    this.log = options.logger;
    this.limiter = new StartLimiter(options.maxConcurrentStarts, options.startHoldMs);
  }

  /** Registers a process (idle until `start()`). */
  create(options: SupervisedProcessOptions): SupervisedProcess {
    if (this.closing) throw new ClosedError('ProcessSupervisor');
    if (this.processes.has(options.id)) throw new ProcessExistsError(options.id);
    const proc = new SupervisedProcess(options, {
      ffmpegPath: this.options.ffmpegPath,
      logger: this.log,
      limiter: this.limiter,
      timings: () => this.timings,
    });
    const { id } = options;
    proc.on('state', (state, previous) => this.emit('state', id, state, previous));
    proc.on('spawn', (pid) => this.emit('spawn', id, pid));
    proc.on('progress', (progress) => this.emit('progress', id, progress));
    proc.on('exit', (exit) => this.emit('exit', id, exit));
    proc.on('restart-scheduled', (restart) => this.emit('restart-scheduled', id, restart));
    this.processes.set(id, proc);
    return proc;
  }

  /** `create()` then `start()`. */
  spawn(options: SupervisedProcessOptions): SupervisedProcess {
    const proc = this.create(options);
    proc.start();
    return proc;
  }

  get(id: string): SupervisedProcess | undefined {
    return this.processes.get(id);
  }

  list(): SupervisedProcessInfo[] {
    return [...this.processes.values()].map((p) => p.info());
  }

  /** Stops the process and forgets it. */
  async remove(id: string): Promise<void> {
    const proc = this.processes.get(id);
    if (!proc) return;
    this.processes.delete(id);
    await proc.close();
    proc.removeAllListeners();
    this.emit('removed', id);
  }

  setMaxConcurrentStarts(limit: number): void {
    this.limiter.setLimit(limit);
  }

  /** Defaults for processes that do not set their own; each run uses the values current at its spawn. */
  setDefaults(defaults: Partial<ProcessTimings>): void {
    for (const [key, value] of Object.entries(defaults)) {
      if (value !== undefined && (!Number.isFinite(value) || value < 0)) {
        throw new RangeError(`${key} must be a number ≥ 0, got ${value}`);
      }
    }
    this.timings = {
      stallTimeoutMs: defaults.stallTimeoutMs ?? this.timings.stallTimeoutMs,
      stopGraceMs: defaults.stopGraceMs ?? this.timings.stopGraceMs,
    };
  }

  /** Stops every process (each reaped) then refuses new ones. Idempotent. */
  close(): Promise<void> {
    this.closing ??= this.closeAll();
    return this.closing;
  }

  private async closeAll(): Promise<void> {
    const all = [...this.processes.values()];
    this.log.info('closing: stopping processes', { count: all.length });
    await Promise.all(all.map((p) => p.close()));
    this.limiter.close();
    this.log.info('closed');
  }
}
