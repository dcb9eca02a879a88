import type { EngineRouter } from '../app/engine';
import type { RecordingInfo } from './recording-types';
import type { RecordingService } from './recording-service';

export function registerRecordingsApi(api: EngineRouter, recordings: RecordingService): void {
  api.implement('recordings.list', ({ cameraId }) => recordings.list(cameraId));
  api.implement('recordings.remove', async ({ cameraId, id }) => {
    await recordings.remove(cameraId, id);
    return { removed: true as const };
  });
  api.implement('recordings.url', ({ cameraId, id, download }) => recordings.url(cameraId, id, download));
  api.provide('recordings', {
    snapshot: ({ cameraId }) => recordings.list(cameraId),
    subscribe: ({ cameraId }, onChange) => {
      // Lists are read from disk: one at a time, in order, so an older list never follows a newer one.
      let chain: Promise<void> = Promise.resolve();
      let active = true;
      const publish = (changed: string) => {
        if (changed !== cameraId) return;
        chain = chain.then(async () => {
          if (!active) return;
          let list: RecordingInfo[];
          try {
            list = await recordings.list(cameraId);
          } catch {
            return;
          }
          if (active) onChange(list);
        });
      };
      recordings.on('changed', publish);
      return () => {
        active = false;
        recordings.off('changed', publish);
      };
    },
  });
}
