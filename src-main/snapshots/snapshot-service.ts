import sharp from 'sharp';
import { ApiError } from '../api/errors';
import type { Service } from '../app/service';
import type { Logger } from '../logging/logger';
import type { MediaHub } from '../media/hub/media-hub';
import type { ProcessSupervisor } from '../media/supervisor';

/** A snapshot younger than this is served from the cache. */
export const SNAPSHOT_MAX_AGE_MS = 3_000;
const CAPTURE_TIMEOUT_MS = 10_000;
export const MAX_SNAPSHOT_WIDTH = 3840;

interface CachedFrame {
  /** The decoded frame, losslessly (PNG from FFmpeg), kept to make any size from. */
  frame: Buffer;
  at: number;
  jpegs: Map<number, Buffer>;
}

/**
 * The latest frame of a hub source (a camera or a published RTMP stream) as JPEG: FFmpeg decodes one frame from the hub (which starts
 * every reader at a keyframe, so this is quick), sharp scales and encodes it. Cached, so a
 * wall of thumbnails costs at most one decode per camera every few seconds.
 */
export class SnapshotService implements Service {
  readonly name = 'snapshots';
  private readonly cache = new Map<string, CachedFrame>();
  private readonly inFlight = new Map<string, Promise<CachedFrame>>();
  private closed = false;

  constructor(
    private readonly hub: MediaHub,
    private readonly supervisor: ProcessSupervisor,
    /** null when live; else why not (a cached frame is served, or 409 with this reason). */
    private readonly isLive: (sourceId: string) => string | null,
    private readonly logger: Logger,
  ) {}

  /** JPEG of the camera's latest frame, `width` pixels wide (the frame's own width when absent). */
  async jpeg(cameraId: string, width?: number): Promise<{ jpeg: Buffer; at: Date }> {
    const frame = await this.frame(cameraId);
    const key = width ?? 0;
    let jpeg = frame.jpegs.get(key);
    if (!jpeg) {
      const image = sharp(frame.frame);
      jpeg = await (width ? image.resize({ width: Math.min(width, MAX_SNAPSHOT_WIDTH), withoutEnlargement: true }) : image).jpeg({ quality: 80, mozjpeg: false }).toBuffer();
      frame.jpegs.set(key, jpeg);
    }
    return { jpeg, at: new Date(frame.at) };
  }

  forget(cameraId: string): void {
    this.cache.delete(cameraId);
  }

  close(): void {
    this.closed = true;
    this.cache.clear();
  }

  private async frame(cameraId: string): Promise<CachedFrame> {
    const cached = this.cache.get(cameraId);
    if (cached && Date.now() - cached.at < SNAPSHOT_MAX_AGE_MS) return cached;
    const notLive = this.isLive(cameraId);
    if (notLive !== null) {
      // A recent frame still beats an error for an operator looking at a down camera.
      if (cached) return cached;
      throw new ApiError('conflict', `id: no picture: ${notLive}`);
    }
    let pending = this.inFlight.get(cameraId);
    if (!pending) {
      pending = this.capture(cameraId).finally(() => this.inFlight.delete(cameraId));
      this.inFlight.set(cameraId, pending);
    }
    return pending;
  }

  private async capture(cameraId: string): Promise<CachedFrame> {
    if (this.closed) throw new ApiError('unavailable', 'The engine is shutting down');
    const source = this.hub.find(cameraId);
    if (!source) throw new ApiError('not_found', `id: no camera or stream with id ${cameraId}`);
    const processId = `snapshot:${cameraId}`;
    const proc = this.supervisor.create({
      id: processId,
      name: `Snapshot ${cameraId}`,
      restart: false,
      stdin: true,
      args: ['-f', 'flv', '-i', 'pipe:0', '-frames:v', '1', '-an', '-c:v', 'png', '-compression_level', '0', '-f', 'image2pipe', 'pipe:1'],
    });
    const chunks: Buffer[] = [];
    let detach = () => {};
    try {
      const done = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new ApiError('unavailable', 'id: the source sent no decodable frame in time')), CAPTURE_TIMEOUT_MS);
        proc.on('spawn', (_pid, stdout) => {
          stdout?.on('data', (chunk: Buffer) => chunks.push(chunk));
          const stdin = proc.stdin;
          detach = source.attach({
            write: (chunk) => void stdin?.write(chunk),
            backlogBytes: () => stdin?.writableLength ?? 0,
            close: () => stdin?.end(),
          });
        });
        proc.on('exit', (exit) => {
          clearTimeout(timer);
          if (chunks.length > 0) resolve();
          else reject(new ApiError('unavailable', `id: could not decode a frame (${exit.stderrTail.at(-1) ?? exit.reason})`));
        });
      });
      proc.start();
      await done;
    } finally {
      detach();
      await this.supervisor.remove(processId);
    }
    const frame: CachedFrame = { frame: Buffer.concat(chunks), at: Date.now(), jpegs: new Map() };
    this.cache.set(cameraId, frame);
    this.logger.debug('Snapshot captured', { camera: cameraId, bytes: frame.frame.length });
    return frame;
  }
}
