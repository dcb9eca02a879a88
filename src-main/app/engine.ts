import fs from 'node:fs/promises';
import path from 'node:path';
import { EventEmitter } from 'node:events';
import packageJson from '../../package.json';
import { ApiRouter, type ApiDispatcher } from '../api/router';
import { procedures, topics } from '../api/contract';
import { LogManager, type Logger, type LogLevel } from '../logging/logger';
import { StateStore } from '../store/state-store';
import { SettingsService } from '../settings/settings-service';
import { registerSettingsApi } from '../settings/settings-api';
import { SystemService } from '../system/system-service';
import { registerSystemApi } from '../system/system-api';
import { detectSfu } from '../sfu/sfu-availability';
import { resolveFfmpeg } from '../media/ffmpeg-binary';
import { ProcessSupervisor } from '../media/supervisor';
import { registerMediaApi } from '../media/media-api';
import { HttpServer } from '../transport/http-server';
import { MediaHub } from '../media/hub/media-hub';
import { MediaTickets } from '../media/hub/media-tickets';
import { LiveFlvRoute } from '../media/hub/live-flv-route';
import { MediaRoutes } from '../media/media-routes';
import { CameraRegistry } from '../cameras/camera-registry';
import { CameraService } from '../cameras/camera-service';
import { registerCameraApi } from '../cameras/camera-api';
import { SnapshotService } from '../snapshots/snapshot-service';
import { SnapshotRoute } from '../snapshots/snapshot-route';
import { registerSnapshotApi } from '../snapshots/snapshot-api';
import { RecordingService } from '../recordings/recording-service';
import { RecordingsRoute } from '../recordings/recordings-route';
import { registerRecordingsApi } from '../recordings/recordings-api';
import { HlsService } from '../hls/hls-service';
import { HlsRoute } from '../hls/hls-route';
import { registerHlsApi } from '../hls/hls-api';
import { RestreamService } from '../restream/restream-service';
import { registerRestreamApi } from '../restream/restream-api';
import { StreamKeyService } from '../rtmp/stream-key-service';
import { RtmpServer } from '../rtmp/rtmp-server';
import { registerRtmpApi } from '../rtmp/rtmp-api';
import { StreamRecordingPolicies } from '../rtmp/stream-recording';
import type { ShellKind } from '../system/system-types';
import { loadOrCreateToken } from './api-token';
import { ServiceRegistry } from './service-registry';
import type { EngineContext, EngineModule, KnownSource } from './engine-module';
import { createObsModule } from '../obs/obs-module';
import { createCompositorModule } from '../compositor/compositor-module';

export const PRODUCT_NAME = 'Control Room';
export const ENGINE_VERSION: string = packageJson.version;

export type EngineRouter = ApiRouter<typeof procedures, typeof topics>;

export interface EngineOptions {
  dataDir: string;
  shell: ShellKind;
  host: string;
  port: number;
  /** API token; when absent, the saved one or a new one (see `tokenGenerated`). */
  token?: string;
  /** Overrides the saved log level for this run. */
  logLevel?: LogLevel;
  /** The built renderer to serve at `/`; none when absent. */
  rendererDir?: string | null;
  maxBodyBytes?: number;
  /** Log to the console as well as the file (default true). */
  consoleLog?: boolean;
  electronVersion?: string | null;
  /** How long an HLS writer runs without requests before it stops (default a minute; tests shorten it). */
  hlsIdleTimeoutMs?: number;
}

export type EngineState = 'running' | 'stopping' | 'stopped';

export interface EngineStatus {
  state: EngineState;
  childProcesses: number;
  message: string;
}

/**
 * The composition root: builds every service in dependency order, wires the API, and closes
 * them in reverse. The same engine runs in the desktop app, the headless server and remote nodes.
 */
export class Engine extends EventEmitter<{ status: [EngineStatus] }> {
  private state: EngineState = 'running';
  private closing: Promise<void> | null = null;

  constructor(
    readonly api: EngineRouter,
    readonly http: HttpServer,
    readonly token: string,
    readonly tokenGenerated: boolean,
    readonly tokenFile: string,
    readonly store: StateStore,
    readonly supervisor: ProcessSupervisor,
    private readonly registry: ServiceRegistry,
    private readonly logs: LogManager,
    readonly logger: Logger,
  ) {
    super();
    supervisor.on('state', () => this.emit('status', this.status()));
  }

  get url(): string {
    return this.http.url;
  }

  get dispatcher(): ApiDispatcher {
    return this.api;
  }

  status(): EngineStatus {
    const childProcesses = this.supervisor.list().filter((p) => p.pid !== null).length;
    const message =
      this.state === 'running' ? `running · ${childProcesses} process${childProcesses === 1 ? '' : 'es'}` : this.state;
    return { state: this.state, childProcesses, message };
  }

  /** Closes every service in reverse order of creation; idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.state = 'stopping';
      this.emit('status', this.status());
      this.logger.info('Engine stopping');
      this.api.close();
      await this.registry.closeAll();
      this.state = 'stopped';
      this.logger.info('Engine stopped');
      this.emit('status', this.status());
      this.logs.close();
    })();
    return this.closing;
  }
}

export async function createEngine(options: EngineOptions): Promise<Engine> {
  await fs.mkdir(options.dataDir, { recursive: true });
  const logs = new LogManager({ level: options.logLevel ?? 'info', dir: path.join(options.dataDir, 'logs'), console: options.consoleLog });
  const logger = logs.get('engine');
  const registry = new ServiceRegistry(logger.child('registry'));
  // Running `ffmpeg -version` takes a while; let it overlap with opening the store.
  const ffmpegLookup = resolveFfmpeg().then(
    (info) => ({ info, error: null }),
    (err: Error) => ({ info: null, error: err.message }),
  );
  try {
    const store = registry.add(await StateStore.open(options.dataDir, logger.child('store')));
    const settings = registry.add(new SettingsService(store, logger.child('settings')));
    if (!options.logLevel) logs.setLevel(settings.get().logLevel);
    logger.info(`${PRODUCT_NAME} ${ENGINE_VERSION} starting`, { shell: options.shell, dataDir: options.dataDir, nodeId: store.get().nodeId });

    const ffmpeg = await ffmpegLookup;
    if (ffmpeg.info) logger.info(`FFmpeg ${ffmpeg.info.version}`, { path: ffmpeg.info.path, source: ffmpeg.info.source });
    else logger.warn(`FFmpeg unavailable: ${ffmpeg.error}`);

    const media = settings.get().media;
    const supervisor = registry.add(
      new ProcessSupervisor({ ffmpegPath: ffmpeg.info?.path ?? null, logger: logger.child('media'), maxConcurrentStarts: media.maxConcurrentStarts }),
    );
    supervisor.setDefaults({ stallTimeoutMs: media.stallTimeoutSeconds * 1000, stopGraceMs: media.stopGraceSeconds * 1000 });
    settings.on('changed', (next) => {
      if (!options.logLevel) logs.setLevel(next.logLevel);
      supervisor.setMaxConcurrentStarts(next.media.maxConcurrentStarts);
      supervisor.setDefaults({ stallTimeoutMs: next.media.stallTimeoutSeconds * 1000, stopGraceMs: next.media.stopGraceSeconds * 1000 });
    });

    const sfu = detectSfu();
    if (!sfu.available) logger.info(`SFU unavailable: ${sfu.reason}`);

    let http: HttpServer | null = null;
    const system = registry.add(
      new SystemService({
        product: PRODUCT_NAME,
        version: ENGINE_VERSION,
        shell: options.shell,
        dataDir: options.dataDir,
        electronVersion: options.electronVersion ?? process.versions.electron ?? null,
        nodeId: () => store.get().nodeId,
        nodeName: () => settings.get().nodeName,
        ffmpeg,
        sfu,
        children: supervisor,
        logger: logger.child('system'),
        listenUrl: () => http?.url ?? null,
      }),
    );

    const hub = registry.add(new MediaHub());
    const tickets = new MediaTickets();
    const mediaDir = path.join(options.dataDir, 'media');
    await fs.mkdir(mediaDir, { recursive: true });
    const cameraRegistry = registry.add(new CameraRegistry(store, () => [mediaDir], logger.child('cameras')));
    const cameras = registry.add(new CameraService(cameraRegistry, supervisor, hub, tickets, logger.child('cameras')));
    // Every hub source the engine knows: cameras, published RTMP streams (once the RTMP server
    // exists) and the modules' own (program outputs). Snapshots and restreams work on any of them.
    let rtmpStreams: () => KnownSource[] = () => [];
    let modules: EngineModule[] = [];
    const allSources = (): KnownSource[] => [
      ...cameras.list().map((c): KnownSource => ({ id: c.id, name: c.name, kind: 'camera', status: c.status })),
      ...rtmpStreams(),
      ...modules.flatMap((m) => m.sources?.() ?? []),
    ];
    const notLiveReason = (id: string) => {
      const source = allSources().find((s) => s.id === id);
      if (source?.status.state === 'live') return null;
      const noun = { camera: 'camera', rtmp: 'stream', program: 'program output' }[source?.kind ?? 'camera'];
      return `the ${noun} is ${source?.status.state ?? 'unknown'}${source?.status.reason ? ` (${source.status.reason})` : ''}`;
    };
    const snapshots = registry.add(new SnapshotService(hub, supervisor, notLiveReason, logger.child('snapshots')));
    cameraRegistry.on('removed', (camera) => snapshots.forget(camera.id));
    const recordingsDir = path.join(options.dataDir, 'recordings');
    const recordings = registry.add(
      await RecordingService.create({
        root: recordingsDir,
        registry: cameraRegistry,
        camerasSettled: () => cameras.ingestsSettled(),
        supervisor,
        hub,
        tickets,
        maxTotalGb: () => settings.get().recordings.maxTotalGb,
        logger: logger.child('recordings'),
      }),
    );
    cameras.useRecorderStatus((id) => recordings.status(id));
    cameras.addFollower(() => recordings.settled());
    recordings.on('status', () => cameras.refresh());
    settings.on('changed', () => void recordings.sweep());
    const hls = registry.add(
      await HlsService.create({
        root: path.join(options.dataDir, 'hls'),
        registry: cameraRegistry,
        hub,
        supervisor,
        tickets,
        logger: logger.child('hls'),
        idleTimeoutMs: options.hlsIdleTimeoutMs,
      }),
    );
    cameras.addFollower(() => hls.settled());
    const streamKeys = new StreamKeyService(store);
    const rtmp = registry.add(new RtmpServer(settings.get().rtmp, streamKeys, hub, tickets, logger.child('rtmp')));
    settings.on('changed', (next) => void rtmp.reconfigure(next.rtmp));
    rtmpStreams = () => rtmp.listStreams().map((s): KnownSource => ({ id: s.sourceId, name: s.name, kind: 'rtmp', status: s.status }));
    // Published streams with a recording policy are recorded while they have a publisher, and
    // modules' sources (program outputs) while they are live: one list, since each call replaces it.
    const streamRecording = new StreamRecordingPolicies(store);
    const syncExternalRecording = () =>
      recordings.setExternalSources([...streamRecording.sources(rtmp.listStreams()), ...modules.flatMap((m) => m.recordingSources?.() ?? [])]);
    rtmp.on('changed', syncExternalRecording);
    streamRecording.on('changed', syncExternalRecording);
    syncExternalRecording();

    const sourceStatus = (id: string) => allSources().find((s) => s.id === id)?.status;
    const restream = registry.add(
      new RestreamService({
        store,
        supervisor,
        hub,
        sourceExists: (id) => sourceStatus(id) !== undefined,
        sourceLive: (id) => sourceStatus(id)?.state === 'live',
        sourceFormat: (id) => {
          const status = sourceStatus(id);
          const video = status?.video;
          return {
            ...(video?.width && video.height ? { width: video.width, height: video.height } : {}),
            ...(status?.fps ? { fps: Math.max(1, Math.min(60, Math.round(status.fps))) } : {}),
            ...(status?.audio !== undefined && status.video !== null ? { audio: status.audio !== null } : {}),
          };
        },
        logger: logger.child('restream'),
      }),
    );
    cameraRegistry.on('removed', (camera) => void restream.forgetSource(camera.id).catch(() => undefined));
    cameras.addFollower(() => restream.settled());

    const token = await loadOrCreateToken(options.dataDir, options.token);
    const context: EngineContext = {
      dataDir: options.dataDir,
      mediaDir,
      store,
      settings,
      supervisor,
      hub,
      tickets,
      registry,
      logger,
      cameraRegistry,
      cameras,
      rtmp,
      restream,
      snapshots,
      recordings,
      recordingSourcesChanged: () => syncExternalRecording(),
      sources: allSources,
      apiUrl: () => http?.url ?? null,
    };
    modules = [createObsModule(context), createCompositorModule(context)];
    syncExternalRecording();

    const api: EngineRouter = new ApiRouter(procedures, topics);
    registerSystemApi(api, system);
    registerSettingsApi(api, settings);
    registerMediaApi(api, supervisor, ffmpeg.error);
    registerCameraApi(api, cameraRegistry, cameras);
    registerSnapshotApi(api, cameraRegistry, rtmp, tickets);
    registerRecordingsApi(api, recordings);
    registerHlsApi(api, hls);
    registerRestreamApi(api, restream);
    registerRtmpApi(api, rtmp, streamKeys, streamRecording, (id) => recordings.status(id));
    for (const module of modules) module.registerApi(api);
    api.assertComplete();

    const mediaRoutes = new MediaRoutes(tickets, token.token, logger.child('media'));
    mediaRoutes.register('live', new LiveFlvRoute(hub));
    mediaRoutes.register(
      'snapshot',
      new SnapshotRoute(snapshots, (id) => allSources().some((s) => s.id === id)),
    );
    mediaRoutes.register('recordings', new RecordingsRoute(recordingsDir));
    mediaRoutes.register('hls', new HlsRoute(hls));
    for (const module of modules) module.registerRoutes?.(mediaRoutes);
    http = registry.add(
      await HttpServer.listen({
        host: options.host,
        port: options.port,
        token: token.token,
        api,
        logger: logger.child('http'),
        rendererDir: options.rendererDir ?? null,
        maxBodyBytes: options.maxBodyBytes,
        identity: () => ({ version: ENGINE_VERSION, nodeId: store.get().nodeId }),
        health: () => ({ version: ENGINE_VERSION, uptimeSeconds: Math.round(process.uptime()) }),
        media: mediaRoutes,
      }),
    );
    cameras.start();
    await rtmp.start();
    recordings.start();
    restream.start();
    for (const module of modules) await module.start?.();
    logger.info(`API listening on ${http.url}`);
    return new Engine(api, http, token.token, token.generated, token.file, store, supervisor, registry, logs, logger);
  } catch (err) {
    logger.error('Engine failed to start', { error: err });
    await registry.closeAll();
    logs.close();
    throw err;
  }
}
