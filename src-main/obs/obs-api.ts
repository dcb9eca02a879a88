import type { EngineRouter } from '../app/engine';
import { ChangePublisher } from '../util/change-publisher';
import type { ObsFeeds } from './obs-feeds';
import type { ObsService } from './obs-service';
import type { ObsConnectionView } from './obs-types';

export function registerObsApi(api: EngineRouter, obs: ObsService, feeds: ObsFeeds): void {
  api.implement('obs.list', () => obs.list());
  api.implement('obs.add', (input) => obs.add(input));
  api.implement('obs.update', (patch) => obs.update(patch));
  api.implement('obs.remove', async ({ id }) => {
    await obs.remove(id);
    return { removed: true as const };
  });
  api.implement('obs.reconnect', ({ id }) => obs.reconnect(id));
  api.implement('obs.scene.program', ({ id, scene }) => obs.setProgramScene(id, scene));
  api.implement('obs.scene.preview', ({ id, scene }) => obs.setPreviewScene(id, scene));
  api.implement('obs.studioMode', ({ id, enabled }) => obs.setStudioMode(id, enabled));
  api.implement('obs.transition', ({ id }) => obs.triggerTransition(id));
  api.implement('obs.sceneItem.enabled', ({ id, scene, itemId, enabled }) => obs.setSceneItemEnabled(id, scene, itemId, enabled));
  api.implement('obs.input.mute', ({ id, input, muted }) => obs.setInputMute(id, input, muted));
  api.implement('obs.input.volume', ({ id, input, volumeDb }) => obs.setInputVolume(id, input, volumeDb));
  api.implement('obs.stream.start', ({ id }) => obs.output(id, 'stream', 'start'));
  api.implement('obs.stream.stop', ({ id }) => obs.output(id, 'stream', 'stop'));
  api.implement('obs.record.start', ({ id }) => obs.output(id, 'record', 'start'));
  api.implement('obs.record.stop', ({ id }) => obs.output(id, 'record', 'stop'));
  api.implement('obs.camera.place', (input) => obs.placeCamera(input));
  api.implement('obs.feeds.list', () => feeds.list());
  api.implement('obs.feeds.revoke', async ({ feedId }) => {
    await feeds.revoke(feedId);
    return { revoked: true as const };
  });
  api.implement('obs.batch', (input) => obs.batch(input));

  api.provide('obs', {
    snapshot: () => obs.list(),
    subscribe: (_params, onChange) => {
      // State changes go out at once; polled figures only when something visible changed.
      const publisher = new ChangePublisher<ObsConnectionView[]>((views) => JSON.stringify(views), onChange);
      const changed = () => publisher.publish(obs.list());
      const figures = () => publisher.publishIfChanged(obs.list());
      obs.on('changed', changed);
      obs.on('figures', figures);
      return () => {
        obs.off('changed', changed);
        obs.off('figures', figures);
      };
    },
  });
  api.provide('obs.meters', {
    snapshot: ({ id }) => {
      obs.view(id);
      return { id, live: false, inputs: [] };
    },
    subscribe: ({ id }, onChange) => {
      const watch = obs.watchMeters(id);
      const publish = (connectionId: string) => {
        if (connectionId === id) onChange({ id, live: watch.live(), inputs: watch.meters() });
      };
      obs.on('meters', publish);
      // Meters stop when OBS goes away: say so, instead of freezing the last levels.
      const changed = () => {
        if (!watch.live()) onChange({ id, live: false, inputs: [] });
      };
      obs.on('changed', changed);
      return () => {
        obs.off('meters', publish);
        obs.off('changed', changed);
        watch.stop();
      };
    },
  });
}
