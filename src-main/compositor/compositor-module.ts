import type { EngineContext, EngineModule, KnownSource } from '../app/engine-module';
import { MAX_SNAPSHOT_WIDTH } from '../snapshots/snapshot-service';
import type { ExternalRecordingSource } from '../recordings/recording-service';
import { registerCompositorApi } from './compositor-api';
import { CompositorRoute } from './compositor-route';
import { CompositorService } from './compositor-service';
import { programHealth } from './output-service';

/** The compositor domain: scenes, graphics, the mixer and program outputs into the hub. */
export function createCompositorModule(context: EngineContext): EngineModule {
  const isProgram = (id: string) => id.startsWith('program_');
  const compositor = context.registry.add(
    new CompositorService({
      store: context.store,
      dataDir: context.dataDir,
      logger: context.logger.child('compositor'),
      // A program output cannot be a layer of a scene (it would show itself).
      sourceExists: (id) => !isProgram(id) && context.sources().some((s) => s.id === id),
      sourceName: (id) => context.sources().find((s) => s.id === id)?.name ?? null,
      sourceSize: (id) => {
        const video = context.sources().find((s) => s.id === id)?.status.video;
        return video?.width && video.height ? { width: video.width, height: video.height } : null;
      },
      // The snapshot service's cached latest frames, as `/media/snapshot` serves them (a source
      // that is not live throws: the still shows a slate for it).
      sourceStill: async (id, width) => (await context.snapshots.jpeg(id, Math.max(16, Math.min(MAX_SNAPSHOT_WIDTH, Math.round(width))))).jpeg,
      supervisor: context.supervisor,
      hub: context.hub,
    }),
  );
  // Program outputs are recorded like any source while live; their views carry the recorder's state.
  compositor.outputs.useRecorderStatus((sourceId) => context.recordings.status(sourceId));
  compositor.outputs.on('changed', () => context.recordingSourcesChanged());
  context.recordings.on('status', (sourceId) => {
    if (isProgram(sourceId)) compositor.publish();
  });
  return {
    registerApi(api) {
      registerCompositorApi(api, compositor, context.tickets);
    },
    registerRoutes(routes) {
      routes.register(
        'compositor',
        new CompositorRoute({
          asset: (id) => {
            const file = compositor.assets.pathOf(id);
            return file ? { file, format: compositor.assets.get(id).format } : null;
          },
          sceneExists: (id) => compositor.scenes.has(id),
          scenePreviewJpeg: (id, width) => compositor.scenePreviewJpeg(id, width),
        }),
      );
    },
    async start() {
      await compositor.outputs.startAll();
    },
    recordingSources(): ExternalRecordingSource[] {
      return compositor.outputs
        .list()
        .map((o) => ({ id: o.sourceId, name: `Program ${o.name}`, recording: o.recording, active: o.enabled && o.status.state === 'live' }));
    },
    sources(): KnownSource[] {
      return compositor.outputs.list().map((o): KnownSource => ({ id: o.sourceId, name: `Program: ${o.name}`, kind: 'program', status: programHealth(o) }));
    },
  };
}
