import { useEffect, useState } from 'react';
import { useApiClient } from '../../hooks/api-context';
import { useMediaBase } from '../../hooks/media-base-context';
import { LiveFlvPlayer, type PreviewStatus } from '../../media/live-flv-player';
import { wsFlvUrl } from '../../media/media-url';

/**
 * Plays a program output's live FLV in `video` while `active`; every (re)connect asks for a
 * new `compositor.outputs.preview` ticket. Null while inactive.
 */
export function useOutputPreview(video: HTMLVideoElement | null, outputId: string | null, active: boolean): PreviewStatus | null {
  const client = useApiClient();
  const base = useMediaBase();
  const [status, setStatus] = useState<PreviewStatus | null>(null);
  const baseUrl = base.url;
  const on = active && outputId !== null;

  useEffect(() => {
    if (!video || !on || !outputId || !baseUrl) return;
    const player = new LiveFlvPlayer({
      video,
      withAudio: false,
      onStatus: setStatus,
      resolveUrl: async () => wsFlvUrl(baseUrl, (await client.call('compositor.outputs.preview', { id: outputId })).path),
    });
    player.start();
    return () => {
      player.destroy();
      setStatus(null);
    };
  }, [video, on, baseUrl, client, outputId]);

  if (!on) return null;
  if (!baseUrl && !base.loading) return { kind: 'unavailable', problem: 'the engine did not say where it serves media' };
  return status ?? { kind: 'connecting' };
}
