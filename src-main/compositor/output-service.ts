import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { z } from 'zod';
import { ApiError } from '../api/errors';
import type { Logger } from '../logging/logger';
import type { StateStore } from '../store/state-store';
import { recordingPolicySchema } from '../cameras/camera-schema';
import type { SourceHealth } from '../cameras/source-ingest';
import { recorderOff, type RecorderStatus } from '../recordings/recording-types';
import { OUTPUT_RESOLUTIONS, type outputInputSchema, type OutputView, type outputUpdateSchema } from './compositor-schema';
import type { StoredOutput } from './compositor-store-schema';

export type OutputInput = z.output<typeof outputInputSchema>;
export type OutputUpdate = z.output<typeof outputUpdateSchema>;
/** At most this many program outputs (each is a full encoder). */
export const MAX_OUTPUTS = 4;

/** The hub source a program output feeds. */
export function programSourceId(outputId: string): string {
  return `program_${outputId}`;
}

/** What runs an output: the running side (program-output.ts) plugs in here. */
export interface OutputRunner {
  /** Brings the process in line with the stored output (start, stop, restart on a format change). */
  apply(output: StoredOutput | null, id: string): Promise<void>;
  status(id: string): OutputView['status'] | null;
}

function stoppedStatus(): OutputView['status'] {
  return {
    state: 'stopped',
    reason: null,
    pid: null,
    outputFps: null,
    droppedFrames: 0,
    duplicatedFrames: 0,
    speed: null,
    bitrateKbps: null,
    cpuPercent: null,
    liveSince: null,
    restarts: 0,
  };
}

/** Program outputs, persisted; their processes are the runner's. */
export class OutputService extends EventEmitter<{ changed: [OutputView[]] }> {
  private runner: OutputRunner | null = null;
  private recorderStatus: (sourceId: string) => RecorderStatus = () => recorderOff();
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: StateStore,
    private readonly logger: Logger,
  ) {
    super();
  }

  useRunner(runner: OutputRunner): void {
    this.runner = runner;
  }

  /** Where the outputs' recorder states come from (the recording service, by hub source id). */
  useRecorderStatus(status: (sourceId: string) => RecorderStatus): void {
    this.recorderStatus = status;
  }

  stored(): StoredOutput[] {
    return this.store.get().compositorOutputs;
  }

  list(): OutputView[] {
    return this.stored().map((o) => this.view(o));
  }

  get(id: string): OutputView {
    return this.view(this.find(id));
  }

  find(id: string): StoredOutput {
    const output = this.stored().find((o) => o.id === id);
    if (!output) throw new ApiError('not_found', `id: no program output with id ${id}`);
    return output;
  }

  async add(input: OutputInput): Promise<OutputView> {
    if (this.stored().length >= MAX_OUTPUTS) throw new ApiError('conflict', `At most ${MAX_OUTPUTS} program outputs`);
    const now = new Date().toISOString();
    const output: StoredOutput = { ...input, id: `out_${randomBytes(6).toString('hex')}`, createdAt: now, updatedAt: now };
    await this.store.update((state) => {
      assertUniqueName(state.compositorOutputs, output);
      state.compositorOutputs.push(output);
    });
    this.logger.info('Program output added', { output: output.id, resolution: output.resolution, fps: output.fps });
    await this.apply(output.id);
    return this.get(output.id);
  }

  async update(patch: OutputUpdate): Promise<OutputView> {
    const current = this.find(patch.id);
    const { recording, ...fields } = patch;
    const after: StoredOutput = {
      ...current,
      ...defined(fields),
      recording: recording ? recordingPolicySchema.parse({ ...current.recording, ...defined(recording) }) : current.recording,
      updatedAt: new Date().toISOString(),
    };
    await this.store.update((state) => {
      assertUniqueName(state.compositorOutputs.filter((o) => o.id !== after.id), after);
      const index = state.compositorOutputs.findIndex((o) => o.id === after.id);
      if (index < 0) throw new ApiError('not_found', `id: no program output with id ${after.id}`);
      state.compositorOutputs[index] = after;
    });
    this.logger.info('Program output updated', { output: after.id, enabled: after.enabled, recording: after.recording.enabled });
    await this.apply(after.id);
    return this.get(after.id);
  }

  async remove(id: string): Promise<void> {
    this.find(id);
    await this.store.update((state) => {
      state.compositorOutputs = state.compositorOutputs.filter((o) => o.id !== id);
    });
    this.logger.info('Program output removed', { output: id });
    await this.apply(id);
  }

  /** Starts every enabled output. */
  async startAll(): Promise<void> {
    for (const output of this.stored()) await this.apply(output.id);
  }

  changed(): void {
    this.emit('changed', this.list());
  }

  private apply(id: string): Promise<void> {
    const task = async () => {
      await this.runner?.apply(this.stored().find((o) => o.id === id) ?? null, id);
      this.changed();
    };
    const result = this.queue.then(task);
    this.queue = result.catch((err: unknown) => this.logger.error('Program output change failed', { output: id, error: err }));
    return result;
  }

  async settled(): Promise<void> {
    await this.queue;
  }

  private view(output: StoredOutput): OutputView {
    const size = OUTPUT_RESOLUTIONS[output.resolution];
    return {
      id: output.id,
      name: output.name,
      resolution: output.resolution,
      width: size.width,
      height: size.height,
      fps: output.fps,
      videoBitrateKbps: output.videoBitrateKbps,
      preset: output.preset,
      enabled: output.enabled,
      sourceId: programSourceId(output.id),
      recording: output.recording,
      recorder: this.recorderStatus(programSourceId(output.id)),
      status: this.runner?.status(output.id) ?? stoppedStatus(),
    };
  }
}

function defined<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function assertUniqueName(others: StoredOutput[], output: StoredOutput): void {
  const same = others.find((o) => o.id !== output.id && o.name.toLowerCase() === output.name.toLowerCase());
  if (same) throw new ApiError('conflict', `name: an output named "${same.name}" already exists`);
}

/** An output's health in the shape of a camera's, for the domains that read sources (restream). */
export function programHealth(output: OutputView): SourceHealth {
  const s = output.status;
  const state: SourceHealth['state'] = !output.enabled
    ? 'disabled'
    : s.state === 'live'
      ? 'live'
      : s.state === 'failed'
        ? 'error'
        : s.state === 'retrying'
          ? 'reconnecting'
          : 'connecting';
  return {
    state,
    reason: state === 'live' ? null : (s.reason ?? state),
    since: s.liveSince ?? new Date().toISOString(),
    fps: s.outputFps,
    bitrateKbps: s.bitrateKbps,
    video: { codec: 'h264', width: output.width, height: output.height },
    audio: { codec: 'aac' },
    restarts: s.restarts,
    liveSince: s.liveSince,
    lastFrameAt: null,
    retryAt: null,
  };
}
