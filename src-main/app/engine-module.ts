import type { Logger } from '../logging/logger';
import type { StateStore } from '../store/state-store';
import type { SettingsService } from '../settings/settings-service';
import type { ProcessSupervisor } from '../media/supervisor';
import type { MediaHub } from '../media/hub/media-hub';
import type { MediaTickets } from '../media/hub/media-tickets';
import type { MediaRoutes } from '../media/media-routes';
import type { CameraRegistry } from '../cameras/camera-registry';
import type { CameraService } from '../cameras/camera-service';
import type { SourceHealth } from '../cameras/source-ingest';
import type { RtmpServer } from '../rtmp/rtmp-server';
import type { RestreamService } from '../restream/restream-service';
import type { SnapshotService } from '../snapshots/snapshot-service';
import type { ExternalRecordingSource, RecordingService } from '../recordings/recording-service';
import type { ApiRouter } from '../api/router';
import type { procedures, topics } from '../api/contract';
import type { ServiceRegistry } from './service-registry';

/** A hub source the engine knows (a camera or a published RTMP stream), for domains that read sources. */
export interface KnownSource {
  /** The hub source id (camera id, or `rtmp_<name>`). */
  id: string;
  name: string;
  kind: 'camera' | 'rtmp' | 'program';
  status: SourceHealth;
}

/** What the composition root hands a later domain (OBS, compositor, nodes) when it builds it. */
export interface EngineContext {
  dataDir: string;
  /** `<data-dir>/media`: files cameras may play, and where uploaded media lives. */
  mediaDir: string;
  store: StateStore;
  settings: SettingsService;
  supervisor: ProcessSupervisor;
  hub: MediaHub;
  tickets: MediaTickets;
  registry: ServiceRegistry;
  logger: Logger;
  cameraRegistry: CameraRegistry;
  cameras: CameraService;
  rtmp: RtmpServer;
  restream: RestreamService;
  /** Latest frames of hub sources as JPEG (cached briefly; one capture serves every asker). */
  snapshots: SnapshotService;
  /** Recorders and recordings; a module's own recordable sources go through `recordingSources`. */
  recordings: RecordingService;
  /** Tells the engine a module's `recordingSources()` changed (the recording service follows). */
  recordingSourcesChanged(): void;
  /** Every camera, published stream and module source (program outputs) with its health. */
  sources(): KnownSource[];
  /** The API's base URL once the HTTP server listens (e.g. `http://127.0.0.1:8080`), null before. */
  apiUrl(): string | null;
}

/**
 * A domain wired by the composition root: it registers its procedures and topics, may add
 * `/media/<kind>/` routes, and starts once the HTTP server listens. Its services go into the
 * context's registry so they close in reverse order with the rest.
 */
export interface EngineModule {
  registerApi(api: ApiRouter<typeof procedures, typeof topics>): void;
  registerRoutes?(routes: MediaRoutes): void;
  start?(): void | Promise<void>;
  /** Hub sources this domain publishes (e.g. program outputs): restreamable like cameras. */
  sources?(): KnownSource[];
  /** Its sources with a recording policy, active while there is something to record (an output live). */
  recordingSources?(): ExternalRecordingSource[];
}
