import type { EngineRouter } from '../app/engine';
import type { CameraRegistry } from './camera-registry';
import type { CameraService } from './camera-service';

export function registerCameraApi(api: EngineRouter, registry: CameraRegistry, cameras: CameraService): void {
  // Answer only once the change has reached the ingests: a removed camera's process is gone.
  const view = async (id: string) => {
    await cameras.settled();
    const found = cameras.list().find((c) => c.id === id);
    if (!found) throw new Error(`camera ${id} vanished`);
    return found;
  };
  api.implement('cameras.list', () => cameras.list());
  api.implement('cameras.add', async (input) => view((await registry.add(input)).id));
  api.implement('cameras.update', async (patch) => view((await registry.update(patch)).id));
  api.implement('cameras.remove', async ({ id }) => {
    await registry.remove(id);
    await cameras.settled();
    return { removed: true as const };
  });
  api.implement('cameras.preview', ({ id, variant }) => cameras.preview(id, variant));
  api.provide('cameras', {
    snapshot: () => cameras.list(),
    subscribe: (_params, onChange) => {
      cameras.on('changed', onChange);
      return () => cameras.off('changed', onChange);
    },
  });
}
