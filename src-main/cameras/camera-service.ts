import { EventEmitter } from 'node:events';
import type { Service } from '../app/service';
import type { Logger } from '../logging/logger';
import type { MediaHub } from '../media/hub/media-hub';
import type { MediaTickets } from '../media/hub/media-tickets';
import type { ProcessSupervisor } from '../media/supervisor';
import { ApiError } from '../api/errors';
import type { CameraDefinition, CameraRegistry } from './camera-registry';
import { withCredentials } from './camera-url';
import { blankHealth, SourceIngest, type SourceHealth } from './source-ingest';
import type { StoredCamera } from './camera-schema';
import { recorderOff, type RecorderStatus } from '../recordings/recording-types';
import { ChangePublisher } from '../util/change-publisher';

/** A camera as the operator sees it: its definition and its live health. */
export interface CameraView extends CameraDefinition {
  status: SourceHealth & { readers: number };
  /** The camera's recorder, live (`recording` is its policy). */
  recorder: RecorderStatus;
}

export type PreviewVariant = 'main' | 'sub';

/** How often live figures (fps, bitrate) are pushed to subscribers while they change. */
const FIGURES_INTERVAL_MS = 1_000;

/**
 * Keeps one ingest running for every enabled camera (two with a sub-stream), follows the
 * registry's changes, and publishes the cameras with their health.
 */
export class CameraService extends EventEmitter<{ changed: [CameraView[]] }> implements Service {
  readonly name = 'camera-service';
  private readonly ingests = new Map<string, { main: SourceIngest; sub: SourceIngest | null }>();
  private readonly figuresTimer: NodeJS.Timeout;
  private readonly changes = new ChangePublisher<CameraView[]>(figuresKey, (list) => this.emit('changed', list));
  private queue: Promise<void> = Promise.resolve();
  private recorderOf: (id: string) => RecorderStatus = () => recorderOff();
  private readonly followers: Array<() => Promise<void>> = [];

  constructor(
    private readonly registry: CameraRegistry,
    private readonly supervisor: ProcessSupervisor,
    private readonly hub: MediaHub,
    private readonly tickets: MediaTickets,
    private readonly logger: Logger,
  ) {
    super();
    registry.on('added', (camera) => this.serialise(() => this.startCamera(camera)));
    registry.on('updated', (_before, after, sourceChanged) =>
      this.serialise(async () => {
        if (!sourceChanged) return this.publish();
        await this.stopCamera(after.id, false);
        this.startCamera(after);
      }),
    );
    registry.on('removed', (camera) => this.serialise(() => this.stopCamera(camera.id, true)));
    this.figuresTimer = setInterval(() => this.publishFigures(), FIGURES_INTERVAL_MS);
    this.figuresTimer.unref();
  }

  /** Starts the ingest of every enabled camera. */
  start(): void {
    for (const camera of this.registry.list()) this.startCamera(camera);
  }

  list(): CameraView[] {
    return this.registry.list().map((camera) => this.view(camera));
  }

  /** A ticketed path to the camera's live FLV (the sub-stream when asked and present). */
  preview(id: string, variant: PreviewVariant): { path: string; expiresAt: string; variant: PreviewVariant } {
    const camera = this.registry.get(id);
    const ingest = this.ingests.get(id);
    if (!ingest) throw new ApiError('conflict', `id: camera "${camera.name}" is disabled`);
    const useSub = variant === 'sub' && ingest.sub !== null;
    const sourceId = useSub ? subSourceId(id) : id;
    const { ticket, expiresAt } = this.tickets.issue(sourceId);
    return { path: `/media/live/${sourceId}.flv?ticket=${ticket}`, expiresAt, variant: useSub ? 'sub' : 'main' };
  }

  /** Where the recorders' state comes from (the recordings domain, built after this service). */
  useRecorderStatus(of: (id: string) => RecorderStatus): void {
    this.recorderOf = of;
  }

  /** Publishes the cameras again (a recorder changed state). */
  refresh(): void {
    this.publish();
  }

  /** Others acting on registry changes after the ingests (recorders, HLS): `settled()` waits for them too. */
  addFollower(settled: () => Promise<void>): void {
    this.followers.push(settled);
  }

  /** Resolves once every registry change so far has reached the ingests and the followers (processes started or gone). */
  async settled(): Promise<void> {
    await this.queue;
    await Promise.all(this.followers.map((settled) => settled()));
  }

  /** Resolves once every registry change so far has reached the ingests. */
  ingestsSettled(): Promise<void> {
    return this.queue;
  }

  async close(): Promise<void> {
    clearInterval(this.figuresTimer);
    await this.queue;
    await Promise.all([...this.ingests.keys()].map((id) => this.stopCamera(id, true)));
    this.removeAllListeners();
  }

  private serialise(task: () => Promise<void> | void): void {
    this.queue = this.queue.then(task).catch((err: unknown) => this.logger.error('Camera change failed', { error: err }));
  }

  private view(camera: CameraDefinition): CameraView {
    const ingest = this.ingests.get(camera.id);
    const health = ingest?.main.health() ?? blankHealth('disabled', 'disabled by the operator');
    return { ...camera, status: { ...health, readers: this.hub.find(camera.id)?.readerCount ?? 0 }, recorder: this.recorderOf(camera.id) };
  }

  private startCamera(camera: StoredCamera): void {
    if (!camera.enabled || this.ingests.has(camera.id)) {
      this.publish();
      return;
    }
    const credentials = this.registry.credentials(camera.id);
    const make = (sourceId: string, url: string, label: string) => {
      const ingest = new SourceIngest({
        hubSource: this.hub.source(sourceId),
        name: label,
        url: withCredentials(url, credentials),
        camera,
        supervisor: this.supervisor,
        logger: this.logger.child({ camera: camera.id, source: sourceId }),
      });
      return ingest;
    };
    const main = make(camera.id, camera.url, camera.name);
    const sub = camera.subUrl ? make(subSourceId(camera.id), camera.subUrl, `${camera.name} (sub-stream)`) : null;
    main.on('health', () => this.publish());
    this.ingests.set(camera.id, { main, sub });
    main.start();
    sub?.start();
    this.publish();
  }

  private async stopCamera(id: string, forget: boolean): Promise<void> {
    const ingest = this.ingests.get(id);
    this.ingests.delete(id);
    if (ingest) await Promise.all([ingest.main.stop(), ingest.sub?.stop()]);
    if (forget) {
      this.hub.remove(id);
      this.hub.remove(subSourceId(id));
    }
    this.publish();
  }

  private publish(): void {
    this.changes.publish(this.list());
  }

  private publishFigures(): void {
    this.changes.publishIfChanged(this.list());
  }
}

export function subSourceId(cameraId: string): string {
  return `${cameraId}~sub`;
}

function figuresKey(list: CameraView[]): string {
  return list.map((c) => `${c.id}:${c.status.state}:${c.status.fps}:${c.status.bitrateKbps}:${c.status.readers}:${c.recorder.state}:${c.recorder.currentFile}`).join('|');
}
