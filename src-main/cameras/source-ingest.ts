import { EventEmitter } from 'node:events';
import type { Logger } from '../logging/logger';
import type { HubSource } from '../media/hub/media-hub';
import type { ProcessExit, ProcessSupervisor, SupervisedProcess } from '../media/supervisor';
import { classifyFailure, type FailureReason } from './failure-reason';
import { ingestArgs, SOURCE_IO_TIMEOUT_S, type AudioMode } from './ingest-args';
import { parseStreamLine, sectionOf, SUPPORTED_VIDEO_CODECS, type SourceStreams } from './stream-info';
import type { StoredCamera } from './camera-schema';

export const CAMERA_STATES = ['disabled', 'connecting', 'live', 'stalled', 'reconnecting', 'offline', 'error'] as const;
export type CameraState = (typeof CAMERA_STATES)[number];

/** A live camera is marked stalled after this long without a frame. */
export const STALL_AFTER_MS = 3_000;
/** Consecutive transient failures after which a reconnecting camera is called offline. */
const OFFLINE_AFTER_FAILURES = 3;

export interface SourceHealth {
  state: CameraState;
  /** Why it is not live, in words; null when live. */
  reason: string | null;
  since: string;
  fps: number | null;
  bitrateKbps: number | null;
  video: SourceStreams['video'];
  audio: SourceStreams['audio'];
  restarts: number;
  liveSince: string | null;
  lastFrameAt: string | null;
  /** When the next reconnect attempt is due, while waiting for one. */
  retryAt: string | null;
}

export interface SourceIngestOptions {
  hubSource: HubSource;
  name: string;
  /** The URL with credentials: passed to FFmpeg only. */
  url: string;
  camera: Pick<StoredCamera, 'rtspTransport'>;
  supervisor: ProcessSupervisor;
  logger: Logger;
}

/**
 * One supervised FFmpeg bringing one source into the hub, and the health an operator sees:
 * states with reasons, live figures, and a stall watchdog on the frames the hub receives.
 */
export class SourceIngest extends EventEmitter<{ health: [SourceHealth] }> {
  private readonly process: SupervisedProcess;
  private audioMode: AudioMode = 'copy';
  private streams: SourceStreams = { video: null, audio: null };
  private permanentFailure: FailureReason | null = null;
  private consecutiveFailures = 0;
  private watchdog: NodeJS.Timeout | null = null;
  private stopped = false;
  private current: SourceHealth;

  constructor(private readonly options: SourceIngestOptions) {
    super();
    this.current = blankHealth('connecting', null);
    this.process = options.supervisor.create({
      id: `ingest:${options.hubSource.id}`,
      name: `Ingest ${options.name}`,
      args: ingestArgs(options.url, options.camera, this.audioMode),
      restart: true,
      // Frames stop → marked stalled at 3 s, FFmpeg replaced at 5 s.
      stallTimeoutMs: (SOURCE_IO_TIMEOUT_S + 1) * 1000,
    });
    this.process.on('spawn', (pid, stdout) => this.onSpawn(pid, stdout));
    this.process.on('stderr', (line) => this.onStderr(line));
    this.process.on('progress', (p) => this.patch({ fps: p.fps, bitrateKbps: p.bitrateKbps }, false));
    this.process.on('exit', (exit) => this.onExit(exit));
    this.process.on('restart-scheduled', ({ delayMs }) => this.patch({ retryAt: new Date(Date.now() + delayMs).toISOString() }, true));
    options.hubSource.on('frame', this.onFrame);
  }

  get processId(): string {
    return this.process.id;
  }

  health(): SourceHealth {
    return this.current;
  }

  start(): void {
    this.process.start();
    this.watchdog = setInterval(() => this.checkStall(), 500);
    this.watchdog.unref();
  }

  /** Stops FFmpeg and forgets it: no process is left behind. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.watchdog) clearInterval(this.watchdog);
    this.options.hubSource.off('frame', this.onFrame);
    await this.options.supervisor.remove(this.process.id);
    this.removeAllListeners();
  }

  private onSpawn(pid: number, stdout: NodeJS.ReadableStream | null): void {
    this.streams = { video: null, audio: null };
    this.permanentFailure = null;
    this.section = null;
    const write = this.options.hubSource.beginStream();
    stdout?.on('data', (chunk: Buffer) => {
      try {
        write(chunk);
      } catch (err) {
        this.failPermanently({ reason: `invalid data from the source (${(err as Error).message})`, permanent: true }, pid);
        stdout.removeAllListeners('data');
      }
    });
    if (this.current.state !== 'connecting') this.patch({ retryAt: null }, true);
  }

  private section: 'input' | 'output' | null = null;

  private onStderr(line: string): void {
    this.section = sectionOf(line) ?? this.section;
    // A test pattern's input is raw: what it sends is described by the output section.
    const described = this.options.url.startsWith('test://') ? 'output' : 'input';
    const next = parseStreamLine(line, this.streams, this.section === described);
    if (!next) return;
    this.streams = next;
    this.patch({ video: next.video, audio: next.audio }, false);
    // A generated test pattern is encoded by the ingest itself: its raw input is expected.
    if (this.options.url.startsWith('test://')) return;
    if (next.video && !SUPPORTED_VIDEO_CODECS.includes(next.video.codec)) {
      this.failPermanently({ reason: `unsupported codec (${next.video.codec}; H.264 is needed)`, permanent: true }, this.process.pid);
    }
    if (next.audio && next.audio.codec !== 'aac' && this.audioMode === 'copy') {
      // FLV and browsers need AAC: convert from the next run on (once per camera).
      this.audioMode = 'aac';
      this.process.setArgs(ingestArgs(this.options.url, this.options.camera, this.audioMode));
      this.options.logger.info(`Audio is ${next.audio.codec}: converting it to AAC`);
      if (this.process.pid) process.kill(this.process.pid, 'SIGTERM');
    }
  }

  private readonly onFrame = (): void => {
    if (this.current.state === 'live') return;
    this.consecutiveFailures = 0;
    const now = new Date().toISOString();
    this.patch({ state: 'live', reason: null, since: now, liveSince: this.current.liveSince ?? now, retryAt: null, restarts: this.process.restarts }, true);
  };

  private checkStall(): void {
    const last = this.options.hubSource.lastFrameAt;
    if (this.current.state === 'live' && last !== null && Date.now() - last > STALL_AFTER_MS) {
      this.patch({ state: 'stalled', reason: `no frames for ${Math.round((Date.now() - last) / 1000)} s`, since: new Date().toISOString() }, true);
    }
    if (this.current.lastFrameAt !== (last ? new Date(last).toISOString() : null)) {
      this.current = { ...this.current, lastFrameAt: last ? new Date(last).toISOString() : null };
    }
  }

  private failPermanently(failure: FailureReason, pid: number | null): void {
    this.permanentFailure = failure;
    this.patch({ state: 'error', reason: failure.reason, since: new Date().toISOString() }, true);
    if (pid) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }

  private onExit(exit: ProcessExit): void {
    if (this.stopped) return;
    const failure = this.permanentFailure ?? (exit.reason === 'stalled' ? { reason: 'stalled: no data from the source', permanent: false } : classifyFailure(exit.stderrTail));
    this.consecutiveFailures += 1;
    const state: CameraState = failure.permanent ? 'error' : this.consecutiveFailures >= OFFLINE_AFTER_FAILURES ? 'offline' : 'reconnecting';
    this.options.logger.warn(`Source ended: ${failure.reason}`, { state, exitCode: exit.code, signal: exit.signal });
    this.patch({ state, reason: failure.reason, since: new Date().toISOString(), liveSince: null, fps: null, bitrateKbps: null, restarts: this.process.restarts }, true);
  }

  /** `announce` for state edges; figures alone are picked up by the periodic status feed. */
  private patch(change: Partial<SourceHealth>, announce: boolean): void {
    this.current = { ...this.current, ...change };
    if (announce) this.emit('health', this.current);
  }
}

export function blankHealth(state: CameraState, reason: string | null): SourceHealth {
  return {
    state,
    reason,
    since: new Date().toISOString(),
    fps: null,
    bitrateKbps: null,
    video: null,
    audio: null,
    restarts: 0,
    liveSince: null,
    lastFrameAt: null,
    retryAt: null,
  };
}
