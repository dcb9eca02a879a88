import type { EngineContext, EngineModule, KnownSource } from '../app/engine-module';
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
      // The engine's own snapshot route (cached latest frames), asked over loopback with the API token.
      sourceStill: async (id, width) => {
        const base = context.apiUrl();
        if (!base) return null;
        const w = Math.max(16, Math.min(3840, Math.round(width)));
        const res = await fetch(`${base}/media/snapshot/${encodeURIComponent(id)}.jpg?width=${w}`, {
          headers: { authorization: `Bearer ${context.token}` },
          signal: AbortSignal.timeout(5_000),
        });
        return res.ok ? Buffer.from(await res.arrayBuffer()) : null;
      },
      supervisor: context.supervisor,
      hub: context.hub,
    }),
  );
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
    sources(): KnownSource[] {
      return compositor.outputs.list().map((o): KnownSource => ({ id: o.sourceId, name: `Program: ${o.name}`, kind: 'program', status: programHealth(o) }));
    },
  };
}
