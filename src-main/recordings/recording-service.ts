import { EventEmitter } from 'node:events';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ApiError, ClosedError } from '../api/errors';
import type { Service } from '../app/service';
import type { CameraRegistry } from '../cameras/camera-registry';
import type { RecordingPolicy, StoredCamera } from '../cameras/camera-schema';
import type { Logger } from '../logging/logger';
import type { MediaHub } from '../media/hub/media-hub';
import { LONG_TICKET_TTL_MS, type MediaTickets } from '../media/hub/media-tickets';
import type { ProcessSupervisor } from '../media/supervisor';
import { fragmentedMp4Duration } from './mp4-duration';
import { Recorder } from './recorder';
import { isCameraDirName, isRecordingName, listCameraDirs, listCameraRecordings, resolveRecordingPath, type RecordingFile } from './recording-files';
import { recorderOff, type RecorderStatus, type RecordingInfo, type RecordingUrl } from './recording-types';
import { recordingScope } from './recordings-route';
import { GB, selectForDeletion, type CameraRetention, type RetentionFile } from './retention';

/** Retention runs this often, and shortly after each new segment. */
export const SWEEP_INTERVAL_MS = 10_000;
const SWEEP_AFTER_SEGMENT_MS = 500;
const DURATION_CACHE_LIMIT = 20_000;
/** How often recorders re-check whether their camera sends frames (recording ↔ waiting). */
const STATUS_INTERVAL_MS = 2_000;

export interface RecordingServiceOptions {
  /** `<dataDir>/recordings`. */
  root: string;
  registry: CameraRegistry;
  /** Resolves once the cameras' ingests have followed every registry change so far. */
  camerasSettled: () => Promise<void>;
  supervisor: ProcessSupervisor;
  hub: MediaHub;
  tickets: MediaTickets;
  /** The overall limit for every camera's recordings, in GB (the `recordings.maxTotalGb` setting). */
  maxTotalGb: () => number;
  logger: Logger;
  sweepIntervalMs?: number;
}

/**
 * A recordable hub source that is not a camera (a published RTMP stream): recorded while
 * `active` and its policy is enabled; its policy's retention applies to its folder.
 */
export interface ExternalRecordingSource {
  /** The hub source id, also the folder name (`rtmp_<name>`). */
  id: string;
  name: string;
  recording: RecordingPolicy;
  /** Whether the source is there to record now (a stream with a publisher). */
  active: boolean;
}

interface RecordTarget {
  id: string;
  name: string;
  wanted: boolean;
  segmentSeconds: number;
}

export type RecordingServiceEvents = {
  /** A recorder's state changed (edges only). */
  status: [cameraId: string, status: RecorderStatus];
  /** The camera's list of recordings changed: a new segment, or some deleted. */
  changed: [cameraId: string];
};

/**
 * Records every enabled camera whose policy says so: one recorder per camera, following the
 * registry; enforces retention continuously; lists, deletes and hands out ticketed URLs for
 * what is on disk (including the recordings of cameras since removed).
 */
export class RecordingService extends EventEmitter<RecordingServiceEvents> implements Service {
  readonly name = 'recordings';
  private readonly recorders = new Map<string, Recorder>();
  /** Sources other than cameras, by id, as last given to `setExternalSources`. */
  private external = new Map<string, ExternalRecordingSource>();
  /** When each camera's recorder last stopped (the service's start for those never recorded). */
  private readonly offSince = new Map<string, string>();
  private readonly startedAt = new Date().toISOString();
  private readonly durations = new Map<string, { sizeBytes: number; mtimeMs: number; seconds: number | null }>();
  private readonly log: Logger;
  private queue: Promise<void> = Promise.resolve();
  private sweeping: Promise<void> | null = null;
  private sweepAgain = false;
  private sweepTimer: NodeJS.Timeout | null = null;
  private soonTimer: NodeJS.Timeout | null = null;
  private statusTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private started = false;

  private constructor(private readonly options: RecordingServiceOptions) {
    super();
    this.log = options.logger;
    const { registry } = options;
    registry.on('added', this.onAdded);
    registry.on('updated', this.onUpdated);
    registry.on('removed', this.onRemoved);
  }

  static async create(options: RecordingServiceOptions): Promise<RecordingService> {
    await fs.mkdir(options.root, { recursive: true });
    return new RecordingService(options);
  }

  /** Starts the recorders of the cameras that record, and the retention sweep. */
  start(): void {
    if (this.closed) throw new ClosedError('Recording service');
    this.started = true;
    for (const camera of this.options.registry.list()) this.serialise(() => this.reconcile(cameraTarget(camera), false, true));
    for (const source of this.external.values()) {
      const target = { id: source.id, name: source.name, wanted: source.active && source.recording.enabled, segmentSeconds: source.recording.segmentSeconds };
      this.serialise(() => this.reconcile(target, false, false));
    }
    const interval = this.options.sweepIntervalMs ?? SWEEP_INTERVAL_MS;
    this.sweepTimer = setInterval(() => void this.sweep(), interval);
    this.sweepTimer.unref();
    this.statusTimer = setInterval(() => {
      for (const recorder of this.recorders.values()) recorder.refresh();
    }, STATUS_INTERVAL_MS);
    this.statusTimer.unref();
    void this.sweep();
  }

  /**
   * Follows the recordable sources that are not cameras (published RTMP streams): starts and
   * stops their recorders as they come and go or their policies change. Cheap to call often.
   */
  setExternalSources(sources: readonly ExternalRecordingSource[]): void {
    if (this.closed) return;
    const next = new Map(sources.map((s) => [s.id, s]));
    const before = this.external;
    this.external = next;
    if (!this.started) return; // start() reconciles them
    let limitsChanged = false;
    for (const [id, source] of next) {
      const old = before.get(id);
      const wanted = source.active && source.recording.enabled;
      const wasWanted = old ? old.active && old.recording.enabled : false;
      const restart = old !== undefined && old.recording.segmentSeconds !== source.recording.segmentSeconds;
      if (old?.recording.retainHours !== source.recording.retainHours || old?.recording.maxSizeMb !== source.recording.maxSizeMb) limitsChanged = true;
      if (wanted === wasWanted && !restart) continue;
      this.serialise(() => this.reconcile({ id, name: source.name, wanted, segmentSeconds: source.recording.segmentSeconds }, restart, false));
    }
    for (const id of before.keys()) {
      if (next.has(id)) continue;
      limitsChanged = true;
      this.serialise(() => this.stopRecorder(id));
    }
    if (limitsChanged) void this.sweep();
  }

  /** The recorder of one camera, live. */
  status(cameraId: string): RecorderStatus {
    return this.recorders.get(cameraId)?.status() ?? recorderOff(this.offSince.get(cameraId) ?? this.startedAt);
  }

  /** Resolves once every registry change so far has reached the recorders. */
  settled(): Promise<void> {
    return this.queue;
  }

  /** A camera's recordings, newest first; every camera's when no id is given. */
  async list(cameraId?: string): Promise<RecordingInfo[]> {
    if (cameraId !== undefined && !isCameraDirName(cameraId)) throw new ApiError('invalid_input', 'cameraId: not a camera or stream source id');
    const ids = cameraId !== undefined ? [cameraId] : await listCameraDirs(this.options.root);
    const all: RecordingInfo[] = [];
    for (const id of ids) all.push(...(await this.listCamera(id)));
    return all.sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : a.cameraId.localeCompare(b.cameraId)));
  }

  async remove(cameraId: string, id: string): Promise<void> {
    const file = await this.existing(cameraId, id);
    const recorder = this.recorders.get(cameraId);
    const newest = recorder?.pid ? (await listCameraRecordings(this.options.root, cameraId)).at(-1)?.name : undefined;
    if (newest === id) {
      throw new ApiError('conflict', `id: ${id} is being recorded; it can be removed once its segment is finished`);
    }
    await fs.unlink(file);
    this.durations.delete(path.join(this.options.root, cameraId, id));
    this.log.info('Recording removed', { camera: cameraId, file: id });
    this.emit('changed', cameraId);
  }

  /** A ticketed path to one recording, for playback or (with `download`) to save it. */
  async url(cameraId: string, id: string, download: boolean): Promise<RecordingUrl> {
    await this.existing(cameraId, id);
    const { ticket, expiresAt } = this.options.tickets.issue(recordingScope(cameraId, id), LONG_TICKET_TTL_MS);
    return { path: `/media/recordings/${cameraId}/${id}?ticket=${ticket}${download ? '&download=1' : ''}`, expiresAt };
  }

  /** Applies retention now (also runs by itself every few seconds and after each new segment). */
  sweep(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.sweeping) {
      this.sweepAgain = true;
      return this.sweeping;
    }
    this.sweeping = (async () => {
      try {
        do {
          this.sweepAgain = false;
          await this.sweepOnce();
        } while (this.sweepAgain && !this.closed);
      } catch (err) {
        this.log.error('Retention sweep failed', { error: err });
      } finally {
        this.sweeping = null;
      }
    })();
    return this.sweeping;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const { registry } = this.options;
    registry.off('added', this.onAdded);
    registry.off('updated', this.onUpdated);
    registry.off('removed', this.onRemoved);
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    if (this.soonTimer) clearTimeout(this.soonTimer);
    if (this.statusTimer) clearInterval(this.statusTimer);
    await this.queue;
    await this.sweeping;
    await Promise.all([...this.recorders.keys()].map((id) => this.stopRecorder(id)));
    this.removeAllListeners();
  }

  private readonly onAdded = (camera: StoredCamera): void => this.serialise(() => this.reconcile(cameraTarget(camera), false, true));
  private readonly onUpdated = (before: StoredCamera, after: StoredCamera, sourceChanged: boolean): void =>
    this.serialise(async () => {
      // A new source (or segment length) starts new files: a segment never mixes two streams.
      const restart = sourceChanged || before.recording.segmentSeconds !== after.recording.segmentSeconds;
      await this.reconcile(cameraTarget(after), restart, true);
      void this.sweep(); // the limits may have changed
    });
  private readonly onRemoved = (camera: StoredCamera): void =>
    this.serialise(async () => {
      await this.stopRecorder(camera.id);
      this.emit('changed', camera.id);
    });

  private serialise(task: () => Promise<void> | void): void {
    this.queue = this.queue.then(task).catch((err: unknown) => this.log.error('Recording change failed', { error: err }));
  }

  private async reconcile(target: RecordTarget, restart: boolean, isCamera: boolean): Promise<void> {
    if (this.closed) return;
    const { wanted } = target;
    const current = this.recorders.get(target.id);
    if (current && (!wanted || restart)) await this.stopRecorder(target.id);
    if (!wanted || (current && !restart)) return;
    if (!isCameraDirName(target.id)) {
      this.log.warn('Source id cannot name a folder: not recording it', { camera: target.id });
      return;
    }
    // Start after the camera's ingest has taken the change, so the recorder joins the new stream.
    if (isCamera) await this.options.camerasSettled();
    if (this.closed || this.recorders.has(target.id)) return;
    const recorder = new Recorder({
      cameraId: target.id,
      cameraName: target.name,
      root: this.options.root,
      segmentSeconds: target.segmentSeconds,
      supervisor: this.options.supervisor,
      hub: this.options.hub,
      logger: this.log.child({ camera: target.id }),
    });
    recorder.on('status', (status) => this.emit('status', target.id, status));
    recorder.on('segment', () => {
      this.emit('changed', target.id);
      this.sweepSoon();
    });
    this.recorders.set(target.id, recorder);
    try {
      await recorder.start();
    } catch (err) {
      this.recorders.delete(target.id);
      await recorder.stop();
      throw err;
    }
  }

  private async stopRecorder(cameraId: string): Promise<void> {
    const recorder = this.recorders.get(cameraId);
    if (!recorder) return;
    this.recorders.delete(cameraId);
    await recorder.stop();
    const since = new Date().toISOString();
    this.offSince.set(cameraId, since);
    this.emit('status', cameraId, recorderOff(since));
  }

  private sweepSoon(): void {
    if (this.soonTimer || this.closed) return;
    this.soonTimer = setTimeout(() => {
      this.soonTimer = null;
      void this.sweep();
    }, SWEEP_AFTER_SEGMENT_MS);
    this.soonTimer.unref();
  }

  private async sweepOnce(): Promise<void> {
    const cameraIds = await listCameraDirs(this.options.root);
    const policies = new Map<string, CameraRetention>();
    for (const camera of this.options.registry.list()) {
      policies.set(camera.id, { retainHours: camera.recording.retainHours, maxSizeMb: camera.recording.maxSizeMb });
    }
    for (const source of this.external.values()) {
      if (!policies.has(source.id)) policies.set(source.id, { retainHours: source.recording.retainHours, maxSizeMb: source.recording.maxSizeMb });
    }
    const files: RetentionFile[] = [];
    for (const cameraId of cameraIds) {
      const recordings = await listCameraRecordings(this.options.root, cameraId);
      const recorder = this.recorders.get(cameraId);
      const newest = recordings.at(-1)?.name ?? null;
      // The periodic sweep also notices segments the folder watch missed.
      if (recorder && newest) recorder.noteSegment(newest);
      for (const file of recordings) files.push({ ...file, inProgress: recorder !== undefined && file.name === newest });
      if (recordings.length === 0 && !recorder && !policies.has(cameraId)) {
        // A removed camera whose last recording is gone: drop its empty folder.
        await fs.rmdir(path.join(this.options.root, cameraId)).catch(() => undefined);
      }
    }
    const doomed = selectForDeletion({ files, policies, maxTotalBytes: this.options.maxTotalGb() * GB, now: Date.now() });
    const touched = new Set<string>();
    for (const file of doomed) {
      const target = path.join(this.options.root, file.cameraId, file.name);
      try {
        await fs.unlink(target);
        this.durations.delete(target);
        touched.add(file.cameraId);
        this.log.info('Retention removed a recording', { camera: file.cameraId, file: file.name, rule: file.rule, sizeBytes: file.sizeBytes });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.log.warn('Retention could not remove a recording', { file: target, error: err });
      }
    }
    for (const cameraId of touched) this.emit('changed', cameraId);
  }

  private async listCamera(cameraId: string): Promise<RecordingInfo[]> {
    const files = await listCameraRecordings(this.options.root, cameraId);
    const current = this.recorders.get(cameraId)?.currentFile ?? null;
    const newest = files.at(-1)?.name ?? null;
    const out: RecordingInfo[] = [];
    for (let i = 0; i < files.length; i++) {
      const file = files[i]!;
      const inProgress = current !== null && file.name === newest;
      let durationSeconds = inProgress ? null : await this.duration(file);
      const next = files[i + 1];
      if (durationSeconds === null && !inProgress && next) durationSeconds = (next.startedAt - file.startedAt) / 1000;
      out.push({
        id: file.name,
        cameraId,
        startedAt: new Date(file.startedAt).toISOString(),
        sizeBytes: file.sizeBytes,
        durationSeconds: durationSeconds === null ? null : Math.round(durationSeconds * 1000) / 1000,
        inProgress,
      });
    }
    return out.reverse();
  }

  /** The segment's duration from its MP4 fragments, cached while the file is unchanged. */
  private async duration(file: RecordingFile): Promise<number | null> {
    const target = path.join(this.options.root, file.cameraId, file.name);
    const cached = this.durations.get(target);
    if (cached && cached.sizeBytes === file.sizeBytes && cached.mtimeMs === file.mtimeMs) return cached.seconds;
    let seconds: number | null = null;
    try {
      seconds = await fragmentedMp4Duration(target);
    } catch {
      seconds = null; // deleted meanwhile, or unreadable
    }
    if (this.durations.size >= DURATION_CACHE_LIMIT) this.durations.clear();
    this.durations.set(target, { sizeBytes: file.sizeBytes, mtimeMs: file.mtimeMs, seconds });
    return seconds;
  }

  private async existing(cameraId: string, id: string): Promise<string> {
    if (!isCameraDirName(cameraId)) throw new ApiError('invalid_input', 'cameraId: not a camera or stream source id');
    if (!isRecordingName(id)) throw new ApiError('invalid_input', 'id: not a recording name');
    const file = await resolveRecordingPath(this.options.root, cameraId, id);
    if (!file) throw new ApiError('not_found', `id: no recording ${id} for camera ${cameraId}`);
    return file;
  }
}

function cameraTarget(camera: StoredCamera): RecordTarget {
  return { id: camera.id, name: camera.name, wanted: camera.enabled && camera.recording.enabled, segmentSeconds: camera.recording.segmentSeconds };
}
