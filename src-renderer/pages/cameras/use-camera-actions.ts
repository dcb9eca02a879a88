import { useCallback, useState } from 'react';
import type { CameraView } from '../../../src-main/api/contract';
import { errorMessage } from '../../api/api-client-error';
import { useApiClient } from '../../hooks/api-context';

export interface CameraActions {
  setEnabled(camera: CameraView, enabled: boolean): void;
  /** Rejects with the engine's message (the confirmation dialog shows it). */
  remove(camera: CameraView): Promise<void>;
  /** The last action that failed, in words; null when none did. */
  failure: string | null;
  dismissFailure(): void;
}

/** Quick actions from the grid and the focused view; the `cameras` topic shows their effect. */
export function useCameraActions(): CameraActions {
  const client = useApiClient();
  const [failure, setFailure] = useState<string | null>(null);

  const setEnabled = useCallback(
    (camera: CameraView, enabled: boolean) => {
      setFailure(null);
      client.call('cameras.update', { id: camera.id, enabled }).catch((error: unknown) => {
        setFailure(`Could not ${enabled ? 'enable' : 'disable'} “${camera.name}”: ${errorMessage(error)}`);
      });
    },
    [client],
  );

  const remove = useCallback(
    async (camera: CameraView) => {
      setFailure(null);
      await client.call('cameras.remove', { id: camera.id });
    },
    [client],
  );

  const dismissFailure = useCallback(() => setFailure(null), []);
  return { setEnabled, remove, failure, dismissFailure };
}
