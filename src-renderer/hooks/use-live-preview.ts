import { useEffect, useState } from 'react';
import type { PreviewVariant } from '../../src-main/api/contract';
import { LiveFlvPlayer, type PreviewStatus } from '../media/live-flv-player';
import { wsFlvUrl } from '../media/media-url';
import { useApiClient } from './api-context';
import { useMediaBase } from './media-base-context';

export interface LivePreviewOptions {
  cameraId: string;
  variant: PreviewVariant;
  withAudio: boolean;
  /** Play only while the camera is live: the player is destroyed when this turns false. */
  active: boolean;
}

/**
 * Plays a camera's live preview in `video` while `active`. Every (re)connect asks the engine
 * for a new ticket. Null while inactive.
 */
export function useLivePreview(video: HTMLVideoElement | null, options: LivePreviewOptions): PreviewStatus | null {
  const client = useApiClient();
  const base = useMediaBase();
  const [status, setStatus] = useState<PreviewStatus | null>(null);
  const { cameraId, variant, withAudio, active } = options;
  const baseUrl = base.url;

  useEffect(() => {
    if (!video || !active || !baseUrl) return;
    const player = new LiveFlvPlayer({
      video,
      withAudio,
      onStatus: setStatus,
      resolveUrl: async () => wsFlvUrl(baseUrl, (await client.call('cameras.preview', { id: cameraId, variant })).path),
    });
    player.start();
    return () => {
      player.destroy();
      setStatus(null);
    };
  }, [video, active, baseUrl, client, cameraId, variant, withAudio]);

  if (!active) return null;
  if (!baseUrl && !base.loading) return { kind: 'unavailable', problem: 'the engine did not say where it serves media' };
  return status ?? { kind: 'connecting' };
}
