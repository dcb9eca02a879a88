import fs from 'node:fs/promises';
import path from 'node:path';
import { ApiError, ClosedError } from '../api/errors';
import type { Service } from '../app/service';
import type { CameraRegistry } from '../cameras/camera-registry';
import type { StoredCamera } from '../cameras/camera-schema';
import type { Logger } from '../logging/logger';
import type { MediaHub } from '../media/hub/media-hub';
import { LONG_TICKET_TTL_MS, type MediaTickets } from '../media/hub/media-tickets';
import type { ProcessSupervisor, SupervisedProcess } from '../media/supervisor';
import { FfmpegNotFoundError } from '../media/ffmpeg-binary';
import { HubFeed } from '../recordings/hub-feed';
import { isCameraDirName } from '../recordings/recording-files';
import { HLS_PLAYLIST, hlsArgs } from './hls-args';

/** A writer nobody fetched from for this long is stopped and its folder deleted. */
export const HLS_IDLE_TIMEOUT_MS = 60_000;
/** `cameras.hls` waits this long for the first playlist before answering `ready: false`. */
export const HLS_READY_TIMEOUT_MS = 15_000;

export interface HlsPlaylist {
  /** `/media/hls/<cameraId>/index.m3u8?ticket=…`: segment URIs in it carry the same ticket. */
  path: string;
  expiresAt: string;
  /** Whether the playlist existed when this answered (a player retries until it does). */
  ready: boolean;
}

export interface HlsServiceOptions {
  /** `<dataDir>/hls`: emptied at start, one folder per camera being served. */
  root: string;
  registry: CameraRegistry;
  hub: MediaHub;
  supervisor: ProcessSupervisor;
  tickets: MediaTickets;
  logger: Logger;
  idleTimeoutMs?: number;
  readyTimeoutMs?: number;
}

interface HlsWriter {
  cameraId: string;
  dir: string;
  proc: SupervisedProcess;
  feed: HubFeed;
  lastRequestAt: number;
  stopped: boolean;
}

export function hlsScope(cameraId: string): string {
  return `hls:${cameraId}`;
}

export function hlsProcessId(cameraId: string): string {
  return `hls:${cameraId}`;
}

/**
 * HLS for cameras, on demand: `open()` starts a supervised FFmpeg fed from the hub that writes a
 * live playlist and short segments into the camera's folder. Each request keeps it alive; after
 * a minute without one it is stopped and its folder deleted. The writer is only a hub reader.
 */
export class HlsService implements Service {
  readonly name = 'hls';
  private readonly writers = new Map<string, HlsWriter>();
  private readonly log: Logger;
  private readonly idleTimeoutMs: number;
  private readonly idleTimer: NodeJS.Timeout;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(private readonly options: HlsServiceOptions) {
    this.log = options.logger;
    this.idleTimeoutMs = options.idleTimeoutMs ?? HLS_IDLE_TIMEOUT_MS;
    this.idleTimer = setInterval(() => this.stopIdle(), Math.max(250, Math.min(5_000, this.idleTimeoutMs / 4)));
    this.idleTimer.unref();
    options.registry.on('updated', this.onUpdated);
    options.registry.on('removed', this.onRemoved);
  }

  /** Cleans what a previous run left in the folder (it was killed, or crashed), then serves. */
  static async create(options: HlsServiceOptions): Promise<HlsService> {
    await fs.mkdir(options.root, { recursive: true });
    const leftovers = await fs.readdir(options.root);
    await Promise.all(leftovers.map((entry) => fs.rm(path.join(options.root, entry), { recursive: true, force: true })));
    if (leftovers.length > 0) options.logger.info('Removed leftover HLS folders', { count: leftovers.length });
    return new HlsService(options);
  }

  get root(): string {
    return this.options.root;
  }

  /** Starts the camera's HLS when it is not running, and returns its ticketed playlist path. */
  async open(cameraId: string): Promise<HlsPlaylist> {
    if (this.closed) throw new ClosedError('HLS service');
    const camera = this.options.registry.get(cameraId);
    if (!camera.enabled) throw new ApiError('conflict', `id: camera "${camera.name}" is disabled`);
    if (!isCameraDirName(camera.id)) throw new ApiError('conflict', `id: camera ${camera.id} cannot be served as HLS`);
    await this.serialise(() => this.ensureWriter(camera));
    const ready = await this.waitForPlaylist(cameraId);
    const { ticket, expiresAt } = this.options.tickets.issue(hlsScope(cameraId), LONG_TICKET_TTL_MS);
    return { path: `/media/hls/${cameraId}/${HLS_PLAYLIST}?ticket=${ticket}`, expiresAt, ready };
  }

  /** Whether the camera's HLS writer runs; a request for it keeps it alive. */
  touch(cameraId: string): boolean {
    const writer = this.writers.get(cameraId);
    if (!writer || writer.stopped) return false;
    writer.lastRequestAt = Date.now();
    return true;
  }

  isRunning(cameraId: string): boolean {
    const writer = this.writers.get(cameraId);
    return writer !== undefined && !writer.stopped;
  }

  /** The writer's FFmpeg pid, for tests and diagnostics. */
  pid(cameraId: string): number | null {
    return this.writers.get(cameraId)?.proc.pid ?? null;
  }

  /** Resolves once every start and stop asked for so far is done. */
  async settled(): Promise<void> {
    await this.queue;
  }

  /** Stops the camera's HLS writer and deletes its folder. */
  stop(cameraId: string, why: string): Promise<void> {
    return this.serialise(() => this.stopWriter(cameraId, why));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.idleTimer);
    this.options.registry.off('updated', this.onUpdated);
    this.options.registry.off('removed', this.onRemoved);
    await this.queue.catch(() => undefined);
    await Promise.all([...this.writers.keys()].map((id) => this.stopWriter(id, 'engine stopping')));
  }

  private readonly onUpdated = (_before: StoredCamera, after: StoredCamera): void => {
    if (!after.enabled) void this.stop(after.id, 'camera disabled');
  };

  private readonly onRemoved = (camera: StoredCamera): void => {
    void this.stop(camera.id, 'camera removed');
  };

  private serialise<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task);
    this.queue = run.catch((err: unknown) => this.log.error('HLS change failed', { error: err }));
    return run;
  }

  private async ensureWriter(camera: StoredCamera): Promise<void> {
    const existing = this.writers.get(camera.id);
    if (existing && !existing.stopped) {
      existing.lastRequestAt = Date.now();
      return;
    }
    if (this.closed) throw new ClosedError('HLS service');
    const dir = path.join(this.options.root, camera.id);
    await fs.rm(dir, { recursive: true, force: true });
    await fs.mkdir(dir, { recursive: true });
    const proc = this.options.supervisor.create({
      id: hlsProcessId(camera.id),
      name: `HLS ${camera.name}`,
      args: hlsArgs(dir),
      restart: true,
      stdin: true,
      stallTimeoutMs: 0,
    });
    const writer: HlsWriter = { cameraId: camera.id, dir, proc, feed: null as unknown as HubFeed, lastRequestAt: Date.now(), stopped: false };
    writer.feed = new HubFeed(proc, {
      source: () => {
        if (writer.stopped) return null;
        try {
          return this.options.hub.source(camera.id);
        } catch {
          return null; // the hub is closed: the engine is stopping
        }
      },
    });
    this.writers.set(camera.id, writer);
    try {
      proc.start();
    } catch (err) {
      await this.stopWriter(camera.id, 'could not start');
      if (err instanceof FfmpegNotFoundError) throw new ApiError('unavailable', 'FFmpeg is not available: HLS cannot be served');
      throw err;
    }
    this.log.info('HLS writer started', { camera: camera.id });
  }

  private async stopWriter(cameraId: string, why: string): Promise<void> {
    const writer = this.writers.get(cameraId);
    if (!writer) return;
    writer.stopped = true;
    this.writers.delete(cameraId);
    writer.feed.endInput();
    await this.options.supervisor.remove(writer.proc.id);
    writer.feed.dispose();
    await fs.rm(writer.dir, { recursive: true, force: true });
    this.log.info('HLS writer stopped', { camera: cameraId, why });
  }

  private stopIdle(): void {
    const now = Date.now();
    for (const writer of this.writers.values()) {
      if (writer.stopped || now - writer.lastRequestAt <= this.idleTimeoutMs) continue;
      const { cameraId } = writer;
      void this.serialise(async () => {
        const current = this.writers.get(cameraId);
        // A request may have come while this waited its turn.
        if (current && Date.now() - current.lastRequestAt > this.idleTimeoutMs) await this.stopWriter(cameraId, 'idle');
      });
    }
  }

  private async waitForPlaylist(cameraId: string): Promise<boolean> {
    const deadline = Date.now() + (this.options.readyTimeoutMs ?? HLS_READY_TIMEOUT_MS);
    const playlist = path.join(this.options.root, cameraId, HLS_PLAYLIST);
    for (;;) {
      if (!this.touch(cameraId)) return false;
      try {
        await fs.access(playlist);
        return true;
      } catch {
        // not written yet
      }
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
