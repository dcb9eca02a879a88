import { useState } from 'react';
import type { CameraView, PreviewVariant } from '../../../src-main/api/contract';
import type { PreviewStatus } from '../../media/live-flv-player';
import { useIsConnected } from '../../hooks/use-connection-state';
import { useInView } from '../../hooks/use-in-view';
import { useLivePreview } from '../../hooks/use-live-preview';

export interface CameraPicture {
  /** Give this to the <video> as its ref (stable). */
  videoRef(video: HTMLVideoElement | null): void;
  video: HTMLVideoElement | null;
  preview: PreviewStatus | null;
  withAudio: boolean;
}

export interface CameraPictureOptions {
  variant: PreviewVariant;
  withAudio: boolean;
  /** Grid tiles: play only while on screen and the page is visible. */
  onlyWhenSeen: boolean;
}

/**
 * A camera's live preview, played while the camera is live and torn down whenever it is not,
 * or while the engine is unreachable (its "live" is then only the last thing it said).
 */
export function useCameraPicture(camera: CameraView, { variant, withAudio, onlyWhenSeen }: CameraPictureOptions): CameraPicture {
  const [video, setVideo] = useState<HTMLVideoElement | null>(null);
  const seen = useInView(onlyWhenSeen ? video : null);
  const connected = useIsConnected();
  const live = connected && camera.enabled && camera.status.state === 'live';
  const preview = useLivePreview(video, { cameraId: camera.id, variant, withAudio, active: live && (seen || !onlyWhenSeen) });
  return { videoRef: setVideo, video, preview, withAudio };
}
