import { useEffect, useState } from 'react';
import { errorMessage } from '../../api/api-client-error';
import { useApiClient } from '../../hooks/api-context';
import { useMediaBase } from '../../hooks/media-base-context';
import { httpMediaUrl } from '../../media/media-url';

export type RecordingUrlState = { kind: 'asking' } | { kind: 'ready'; url: string } | { kind: 'failed'; problem: string };

/** The full ticketed address of one recording (for playback, or with `download` to save it); null `id` asks for nothing. */
export function useRecordingUrl(cameraId: string, id: string | null, download: boolean): RecordingUrlState {
  const client = useApiClient();
  const baseUrl = useMediaBase().url;
  const [state, setState] = useState<{ key: string; value: RecordingUrlState } | null>(null);
  const key = `${cameraId}/${id}/${download}`;

  useEffect(() => {
    if (id === null || !baseUrl) return;
    let current = true;
    client.call('recordings.url', { cameraId, id, download }).then(
      (answer) => current && setState({ key, value: { kind: 'ready', url: httpMediaUrl(baseUrl, answer.path) } }),
      (error: unknown) => current && setState({ key, value: { kind: 'failed', problem: errorMessage(error).replace(/^id: /, '') } }),
    );
    return () => {
      current = false;
    };
  }, [client, baseUrl, cameraId, id, download, key]);

  if (!baseUrl && id !== null) return { kind: 'failed', problem: 'the engine did not say where it serves media' };
  return state?.key === key ? state.value : { kind: 'asking' };
}
