import { ApiError } from '../api/errors';
import type { ObsBatchOperation } from './obs-schema';
import type { ObsMirror } from './obs-types';

type Request = { requestType: string; requestData?: Record<string, unknown> };

/**
 * Checks every operation against OBS's state as mirrored (names that do not exist are refused
 * before anything is sent, naming the first one) and turns them into obs-websocket requests.
 * Scenes created earlier in the same batch count as existing for the later operations.
 */
export function batchRequests(connectionName: string, mirror: ObsMirror, operations: readonly ObsBatchOperation[]): Request[] {
  const scenes = new Set(mirror.scenes.map((s) => s.name));
  const inputs = new Map(mirror.inputs.map((i) => [i.name, i]));
  let studioMode = mirror.studioMode;
  const where = (i: number) => `operation ${i + 1}`;
  const needScene = (i: number, scene: string) => {
    if (!scenes.has(scene)) throw new ApiError('not_found', `${where(i)}: OBS “${connectionName}” has no scene “${scene}”`);
  };
  const needAudioInput = (i: number, input: string) => {
    const found = inputs.get(input);
    if (!found) throw new ApiError('not_found', `${where(i)}: OBS “${connectionName}” has no input “${input}”`);
    if (found.muted === null) throw new ApiError('invalid_input', `${where(i)}: input “${input}” of OBS “${connectionName}” has no audio`);
  };

  return operations.map((op, i): Request => {
    switch (op.op) {
      case 'setProgramScene':
        needScene(i, op.scene);
        return { requestType: 'SetCurrentProgramScene', requestData: { sceneName: op.scene } };
      case 'setPreviewScene':
        needScene(i, op.scene);
        if (!studioMode) throw new ApiError('conflict', `${where(i)}: OBS “${connectionName}” is not in studio mode, so it has no preview scene`);
        return { requestType: 'SetCurrentPreviewScene', requestData: { sceneName: op.scene } };
      case 'setStudioMode':
        studioMode = op.enabled;
        return { requestType: 'SetStudioModeEnabled', requestData: { studioModeEnabled: op.enabled } };
      case 'triggerTransition':
        if (!studioMode) throw new ApiError('conflict', `${where(i)}: OBS “${connectionName}” is not in studio mode: switch the program scene instead`);
        return { requestType: 'TriggerStudioModeTransition' };
      case 'createScene':
        if (scenes.has(op.scene) || inputs.has(op.scene)) throw new ApiError('conflict', `${where(i)}: OBS “${connectionName}” already has a source named “${op.scene}”`);
        scenes.add(op.scene);
        return { requestType: 'CreateScene', requestData: { sceneName: op.scene } };
      case 'setSceneItemEnabled': {
        needScene(i, op.scene);
        const scene = mirror.scenes.find((s) => s.name === op.scene);
        if (scene && !scene.items.some((item) => item.id === op.itemId)) {
          throw new ApiError('not_found', `${where(i)}: scene “${op.scene}” of OBS “${connectionName}” has no item ${op.itemId}`);
        }
        return { requestType: 'SetSceneItemEnabled', requestData: { sceneName: op.scene, sceneItemId: op.itemId, sceneItemEnabled: op.enabled } };
      }
      case 'setInputMute':
        needAudioInput(i, op.input);
        return { requestType: 'SetInputMute', requestData: { inputName: op.input, inputMuted: op.muted } };
      case 'setInputVolume':
        needAudioInput(i, op.input);
        return { requestType: 'SetInputVolume', requestData: { inputName: op.input, inputVolumeDb: op.volumeDb } };
    }
  });
}
