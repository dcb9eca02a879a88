import { EventEmitter } from 'node:events';
import fs, { type FSWatcher } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../logging/logger';
import type { MediaHub } from '../media/hub/media-hub';
import type { ProcessExit, ProcessSupervisor, SupervisedProcess } from '../media/supervisor';
import { endInputAndWait, HubFeed } from './hub-feed';
import { recorderArgs } from './recorder-args';
import { isRecordingName, listCameraRecordings, recordingNameAt, recordingStart } from './recording-files';
import type { RecorderState, RecorderStatus } from './recording-types';

/** A running recorder whose camera sent no frame for this long is shown as waiting. */
const NO_FRAMES_AFTER_MS = 5_000;
/** On stop, FFmpeg gets this long to finish its segment after its input ends, before SIGTERM. */
const FINISH_GRACE_MS = 1_000;
/** At most this long is waited at start so a new segment never takes the name of the last one. */
const MAX_NAME_WAIT_MS = 2_000;

export interface RecorderOptions {
  cameraId: string;
  cameraName: string;
  /** The recordings folder; this camera writes into `<root>/<cameraId>`. */
  root: string;
  segmentSeconds: number;
  supervisor: ProcessSupervisor;
  hub: MediaHub;
  logger: Logger;
}

export function recorderProcessId(cameraId: string): string {
  return `record:${cameraId}`;
}

/**
 * One camera's recorder: a supervised FFmpeg fed from the hub through its stdin, writing
 * segments into the camera's folder. It is only a hub reader: whatever happens to it, the
 * camera and its other readers go on.
 */
export class Recorder extends EventEmitter<{ status: [RecorderStatus]; segment: [name: string] }> {
  private proc: SupervisedProcess | null = null;
  private feed: HubFeed | null = null;
  private watcher: FSWatcher | null = null;
  private newest: string | null = null;
  private failure: string | null = null;
  private bytes = 0;
  private since = new Date().toISOString();
  private lastState: RecorderState = 'off';
  private lastKey = '';
  private stopped = false;
  private readonly log: Logger;
  private readonly dir: string;

  constructor(private readonly options: RecorderOptions) {
    super();
    this.log = options.logger;
    this.dir = path.join(options.root, options.cameraId);
  }

  get cameraId(): string {
    return this.options.cameraId;
  }

  get segmentSeconds(): number {
    return this.options.segmentSeconds;
  }

  get pid(): number | null {
    return this.proc?.pid ?? null;
  }

  /** The segment FFmpeg is writing now, if any. */
  get currentFile(): string | null {
    return this.pid !== null ? this.newest : null;
  }

  async start(): Promise<void> {
    const { cameraId } = this.options;
    const dir = this.dir;
    await fs.promises.mkdir(dir, { recursive: true });
    const existing = await listCameraRecordings(this.options.root, cameraId);
    this.newest = existing.at(-1)?.name ?? null;
    if (this.stopped) return;
    this.watch();
    const proc = this.options.supervisor.create({
      id: recorderProcessId(cameraId),
      name: `Record ${this.options.cameraName}`,
      args: recorderArgs(dir, this.options.segmentSeconds),
      restart: true,
      stdin: true,
      // A camera that sends nothing leaves the recorder waiting on its stdin: that is no fault.
      stallTimeoutMs: 0,
    });
    this.proc = proc;
    this.feed = new HubFeed(proc, {
      source: () => (this.stopped ? null : this.sourceOrNull()),
      onBytes: (n) => (this.bytes += n),
      onDropped: (reason) => {
        if (this.stopped) return;
        this.failure = `dropped by the hub: ${reason}`;
        this.log.warn('Recorder dropped by the hub', { reason });
      },
      beforeFeeding: () => this.waitPastNewest(),
    });
    proc.on('state', () => this.publish());
    proc.on('exit', (exit) => this.onExit(exit));
    proc.on('spawn', () => this.publish());
    try {
      proc.start();
      this.log.info('Recorder started', { dir, segmentSeconds: this.options.segmentSeconds });
    } catch (err) {
      // FFmpeg is missing: shown as failed with the reason; the camera itself is not concerned.
      this.failure = `could not start FFmpeg: ${err instanceof Error ? err.message : String(err)}`;
      this.log.warn('Recorder could not start', { reason: this.failure });
    }
    this.publish();
  }

  /** Ends FFmpeg's input (it closes the segment it writes) and forgets the process; no file stays open. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.watcher?.close();
    this.watcher = null;
    const proc = this.proc;
    // End of input: FFmpeg writes out the segment and exits by itself.
    await endInputAndWait(proc, this.feed, FINISH_GRACE_MS);
    if (proc) await this.options.supervisor.remove(proc.id);
    this.feed?.dispose();
    this.proc = null;
    this.lastState = 'off';
    this.log.info('Recorder stopped', { bytesWritten: this.bytes });
    this.removeAllListeners();
  }

  status(): RecorderStatus {
    const state = this.state();
    return {
      state,
      reason: state === 'failed' ? this.failure : state === 'waiting' ? 'no video from the camera' : null,
      since: this.since,
      bytesWritten: this.bytes,
      currentFile: this.currentFile,
      restarts: this.proc?.restarts ?? 0,
    };
  }

  /** Re-reads the newest segment name (after a sweep, or when the folder watch is unavailable). */
  noteSegment(name: string): void {
    if (!isRecordingName(name) || (this.newest !== null && name <= this.newest)) return;
    this.newest = name;
    this.emit('segment', name);
    this.publish();
  }

  /** Re-evaluates the state (frames stopping or resuming are not events of the process). */
  refresh(): void {
    this.publish();
  }

  private state(): RecorderState {
    if (this.stopped || !this.proc) return 'off';
    const processState = this.proc.state;
    if (processState === 'running') {
      const last = this.options.hub.find(this.options.cameraId)?.lastFrameAt ?? null;
      if (last === null || Date.now() - last > NO_FRAMES_AFTER_MS) return 'waiting';
      return 'recording';
    }
    if (this.failure !== null && processState !== 'stopped' && processState !== 'stopping') return 'failed';
    if (processState === 'failed') return 'failed';
    return processState === 'stopped' || processState === 'idle' ? 'off' : 'starting';
  }

  /** Announces state edges (and a new segment); bytes are read with `status()` by whoever shows them. */
  private publish(): void {
    const status = this.status();
    if (status.state !== this.lastState) {
      this.lastState = status.state;
      this.since = new Date().toISOString();
      status.since = this.since;
      if (status.state === 'recording') this.failure = null;
    }
    const key = `${status.state}|${status.reason}|${status.currentFile}|${status.restarts}`;
    if (key === this.lastKey) return;
    this.lastKey = key;
    this.emit('status', status);
  }

  private onExit(exit: ProcessExit): void {
    if (this.stopped || exit.reason === 'stopped') return;
    this.failure ??= describeExit(exit);
    this.log.warn('Recorder exited', { reason: this.failure, code: exit.code, signal: exit.signal });
    this.publish();
  }

  private sourceOrNull() {
    try {
      return this.options.hub.source(this.options.cameraId);
    } catch {
      return null; // the hub is closed: the engine is stopping
    }
  }

  /**
   * FFmpeg names a segment after the second it opens it: a run starting within the second of the
   * last segment (a quick restart) would overwrite it. FFmpeg opens nothing before its input
   * flows, so the feed waits until the clock is past the newest name on disk.
   */
  private async waitPastNewest(): Promise<void> {
    const newest = (await listCameraRecordings(this.options.root, this.options.cameraId)).at(-1)?.name ?? null;
    if (newest !== null) this.noteSegment(newest);
    const newestStart = newest ? recordingStart(newest) : null;
    if (newestStart === null || recordingNameAt(Date.now()) > newest!) return;
    const wait = newestStart + 1_050 - Date.now();
    if (wait > 0 && wait <= MAX_NAME_WAIT_MS) await new Promise((resolve) => setTimeout(resolve, wait));
  }

  private watch(): void {
    try {
      this.watcher = fs.watch(this.dir, { persistent: false }, (_event, filename) => {
        const name = filename?.toString();
        if (name) this.noteSegment(name);
      });
      this.watcher.on('error', () => {
        this.watcher?.close();
        this.watcher = null; // the periodic sweep still notices new segments
      });
    } catch {
      this.watcher = null;
    }
  }
}

function describeExit(exit: ProcessExit): string {
  const last = [...exit.stderrTail].reverse().find((line) => line.trim() !== '');
  if (exit.reason === 'spawn-error') return `could not start FFmpeg: ${last ?? 'unknown error'}`;
  if (exit.signal) return `FFmpeg was killed (${exit.signal})`;
  if (last) return `FFmpeg stopped: ${last.slice(0, 160)}`;
  return `FFmpeg exited with code ${exit.code}`;
}
