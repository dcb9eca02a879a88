import type { EngineRouter } from '../app/engine';
import { LONG_TICKET_TTL_MS, type MediaTickets } from '../media/hub/media-tickets';
import { ApiError } from '../api/errors';
import type { CompositorService } from './compositor-service';
import { assetScope, scenePreviewScope } from './compositor-route';
import { listFonts } from './graphics-port';

export function registerCompositorApi(api: EngineRouter, compositor: CompositorService, tickets: MediaTickets): void {
  const { scenes, assets, mixer, outputs } = compositor;
  api.implement('compositor.overview', () => compositor.overview());
  api.implement('compositor.scenes.list', () => scenes.list());
  api.implement('compositor.scenes.create', (input) => scenes.create(input));
  api.implement('compositor.scenes.update', ({ id, name }) => scenes.rename(id, name));
  api.implement('compositor.scenes.remove', async ({ id }) => {
    await compositor.removeScene(id);
    return { removed: true as const };
  });
  api.implement('compositor.scenes.preview', ({ sceneId, width }) => {
    scenes.get(sceneId);
    const { ticket, expiresAt } = tickets.issue(scenePreviewScope(sceneId), LONG_TICKET_TTL_MS);
    return { path: `/media/compositor/scene/${sceneId}/${width}.jpg?ticket=${ticket}`, expiresAt };
  });
  api.implement('compositor.layers.add', (input) => scenes.addLayer(input));
  api.implement('compositor.layers.update', (input) => scenes.updateLayer(input));
  api.implement('compositor.layers.remove', async ({ sceneId, layerId }) => {
    await scenes.removeLayer(sceneId, layerId);
    return { removed: true as const };
  });
  api.implement('compositor.layers.reorder', (input) => scenes.reorder(input));
  api.implement('compositor.assets.list', () => assets.list());
  api.implement('compositor.assets.upload', ({ name, dataBase64 }) => assets.upload(name, dataBase64));
  api.implement('compositor.assets.remove', async ({ id }) => {
    await compositor.removeAsset(id);
    return { removed: true as const };
  });
  api.implement('compositor.assets.url', ({ id }) => {
    assets.get(id);
    const { ticket, expiresAt } = tickets.issue(assetScope(id), LONG_TICKET_TTL_MS);
    return { path: `/media/compositor/asset/${id}?ticket=${ticket}`, expiresAt };
  });
  api.implement('compositor.fonts', () => listFonts());
  api.implement('compositor.mixer.get', () => mixer.view());
  api.implement('compositor.mixer.setPreview', ({ sceneId }) => mixer.setPreview(sceneId));
  api.implement('compositor.mixer.setProgram', ({ sceneId }) => mixer.setProgram(sceneId));
  api.implement('compositor.mixer.take', ({ transition, durationMs }) => mixer.take(transition, durationMs));
  api.implement('compositor.outputs.list', () => outputs.list());
  api.implement('compositor.outputs.add', (input) => outputs.add(input));
  api.implement('compositor.outputs.update', (patch) => outputs.update(patch));
  api.implement('compositor.outputs.remove', async ({ id }) => {
    await outputs.remove(id);
    return { removed: true as const };
  });
  api.implement('compositor.outputs.start', ({ id }) => outputs.update({ id, enabled: true }));
  api.implement('compositor.outputs.stop', ({ id }) => outputs.update({ id, enabled: false }));
  api.implement('compositor.outputs.preview', ({ id }) => {
    const output = outputs.get(id);
    if (!output.enabled) throw new ApiError('conflict', `id: output "${output.name}" is stopped`);
    const { ticket, expiresAt } = tickets.issue(output.sourceId);
    return { path: `/media/live/${output.sourceId}.flv?ticket=${ticket}`, expiresAt };
  });
  api.provide('compositor', {
    snapshot: () => compositor.overview(),
    subscribe: (_input, onChange) => {
      compositor.on('changed', onChange);
      return () => compositor.off('changed', onChange);
    },
  });
}
