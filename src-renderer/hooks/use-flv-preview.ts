import { useEffect, useState } from 'react';
import { LiveFlvPlayer, type PreviewStatus } from '../media/live-flv-player';
import { wsFlvUrl } from '../media/media-url';
import { useApiClient } from './api-context';
import { useMediaBase } from './media-base-context';

/**
 * Plays a published RTMP stream's live FLV in `video` while `active`: every (re)connect asks
 * the engine for a new `rtmp.preview` ticket. Null while inactive.
 */
export function useRtmpStreamPreview(video: HTMLVideoElement | null, streamName: string, active: boolean): PreviewStatus | null {
  const client = useApiClient();
  const base = useMediaBase();
  const [status, setStatus] = useState<PreviewStatus | null>(null);
  const baseUrl = base.url;

  useEffect(() => {
    if (!video || !active || !baseUrl) return;
    const player = new LiveFlvPlayer({
      video,
      withAudio: false,
      onStatus: setStatus,
      resolveUrl: async () => wsFlvUrl(baseUrl, (await client.call('rtmp.preview', { name: streamName })).path),
    });
    player.start();
    return () => {
      player.destroy();
      setStatus(null);
    };
  }, [video, active, baseUrl, client, streamName]);

  if (!active) return null;
  if (!baseUrl && !base.loading) return { kind: 'unavailable', problem: 'the engine did not say where it serves media' };
  return status ?? { kind: 'connecting' };
}
