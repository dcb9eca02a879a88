import { z } from 'zod';
import { procedure, topic, type ProcedureDef, type TopicDef } from '../api/define';
import {
  obsBatchInputSchema,
  obsConnectionInputSchema,
  obsConnectionUpdateSchema,
  obsFeedRefSchema,
  obsMetersParamsSchema,
  obsMuteInputSchema,
  obsPlaceCameraInputSchema,
  obsRefSchema,
  obsSceneInputSchema,
  obsSceneItemInputSchema,
  obsStudioModeInputSchema,
  obsVolumeInputSchema,
} from './obs-schema';
import type { ObsBatchResult, ObsConnectionView, ObsFeedView, ObsMeters, ObsPlacement } from './obs-types';

export type * from './obs-types';

const noInput = z.strictObject({});

/** The obs domain's procedures and topics; spread into the engine's one contract (api/contract.ts). */
export const obsProcedures = {
  'obs.list': procedure<ObsConnectionView[]>()(noInput, 'Every OBS connection with its state, last failure and a mirror of OBS (scenes, inputs, outputs, stats); never a password.'),
  'obs.add': procedure<ObsConnectionView>()(obsConnectionInputSchema, 'Add an OBS instance (obs-websocket 5): it connects at once when enabled and reconnects forever.'),
  'obs.update': procedure<ObsConnectionView>()(obsConnectionUpdateSchema, 'Change an OBS connection; a new address, password or enabled flag reconnects it.'),
  'obs.remove': procedure<{ removed: true }>()(obsRefSchema, 'Remove an OBS connection, its password and its camera feed credentials.'),
  'obs.reconnect': procedure<ObsConnectionView>()(obsRefSchema, 'Connect again now instead of waiting for the next retry.'),
  'obs.scene.program': procedure<ObsConnectionView>()(obsSceneInputSchema, 'Switch the program scene (with studio mode off: what goes out).'),
  'obs.scene.preview': procedure<ObsConnectionView>()(obsSceneInputSchema, 'Set the preview scene (studio mode only).'),
  'obs.studioMode': procedure<ObsConnectionView>()(obsStudioModeInputSchema, 'Turn studio mode (preview/program) on or off.'),
  'obs.transition': procedure<ObsConnectionView>()(obsRefSchema, 'Studio mode: take the preview scene to program with the current transition.'),
  'obs.sceneItem.enabled': procedure<ObsConnectionView>()(obsSceneItemInputSchema, 'Show or hide one item of a scene.'),
  'obs.input.mute': procedure<ObsConnectionView>()(obsMuteInputSchema, 'Mute or unmute an audio input.'),
  'obs.input.volume': procedure<ObsConnectionView>()(obsVolumeInputSchema, 'Set an audio input’s volume in dB (-100 … +26).'),
  'obs.stream.start': procedure<ObsConnectionView>()(obsRefSchema, 'Start streaming with OBS’s own stream settings.'),
  'obs.stream.stop': procedure<ObsConnectionView>()(obsRefSchema, 'Stop streaming.'),
  'obs.record.start': procedure<ObsConnectionView>()(obsRefSchema, 'Start recording to OBS’s recording path.'),
  'obs.record.stop': procedure<ObsConnectionView>()(obsRefSchema, 'Stop recording; the file appears as record.lastFile.'),
  'obs.camera.place': procedure<ObsPlacement>()(
    obsPlaceCameraInputSchema,
    'Put a camera or published stream into an OBS scene as a media source playing the engine’s live feed (scene created if needed, an input of that name replaced): idempotent.',
  ),
  'obs.feeds.list': procedure<ObsFeedView[]>()(noInput, 'Feed credentials of cameras placed into OBS (never the secret).'),
  'obs.feeds.revoke': procedure<{ revoked: true }>()(obsFeedRefSchema, 'Revoke a feed credential: that OBS input can no longer read the camera.'),
  'obs.batch': procedure<ObsBatchResult & { connection: ObsConnectionView }>()(
    obsBatchInputSchema,
    'Several operations (scenes, studio mode, items, mute, volume, new scenes) sent to OBS as one request batch, checked first, stopping at the first failure.',
  ),
} satisfies Record<string, ProcedureDef>;

export const obsTopics = {
  obs: topic<ObsConnectionView[]>()(noInput, 'Every OBS connection and its mirrored state, on every change and every second while figures change.'),
  'obs.meters': topic<ObsMeters>()(obsMetersParamsSchema, 'Audio levels of one OBS connection’s inputs, about 10 times a second; OBS sends them only while someone subscribes.'),
} satisfies Record<string, TopicDef>;
