import { useCallback, useEffect, useState } from 'react';
import type { CameraView } from '../../../src-main/api/contract';
import { useIsConnected } from '../../hooks/use-connection-state';
import { useFrameGrab } from './use-frame-grab';
import { useSnapshotUrl } from './use-snapshot-url';
import type { CameraPicture } from './use-camera-picture';

/** The last picture of a camera that is not live, shown dimmed under its slate. */
export interface LastPicture {
  src: string;
  /** `local`: copied from this page's own preview; `engine`: the engine's cached snapshot. */
  source: 'local' | 'engine';
  /** When it was taken, when known. */
  at: number | null;
}

export interface LastPictureState {
  /** Null while the camera is live, or when there is no earlier picture of it. */
  picture: LastPicture | null;
  /** The <img> could not load it (the engine has no frame: 409): it is not offered again. */
  onError(): void;
}

/**
 * What to show under the slate of a camera that is not live: the last frame this page's preview
 * showed (copied every few seconds while it played), else the engine's cached snapshot, asked for
 * again after every time the camera was live (or the engine came back). Live cameras keep their
 * video: no picture then.
 */
export function useLastPicture(camera: CameraView, picture: CameraPicture, width: number): LastPictureState {
  const connected = useIsConnected();
  const { status } = camera;
  const down = !connected || status.state !== 'live';
  const grabbed = useFrameGrab(picture.video, picture.preview?.kind === 'playing', width);
  // The engine's kept frame changes only while the camera is live: ask again after each live spell, not on every retry.
  const [liveSpells, setLiveSpells] = useState(0);
  const live = status.state === 'live';
  useEffect(() => {
    if (live) setLiveSpells((n) => n + 1);
  }, [live]);
  const engine = useSnapshotUrl(camera.id, {
    width,
    enabled: connected && down && grabbed === null,
    refreshKey: liveSpells,
  });
  const [failedUrl, setFailedUrl] = useState<string | null>(null);
  const engineUrl = engine.url;
  const onError = useCallback(() => setFailedUrl(engineUrl), [engineUrl]);

  if (!down) return { picture: null, onError };
  if (grabbed) return { picture: { src: grabbed.url, source: 'local', at: grabbed.at }, onError };
  if (engineUrl && engineUrl !== failedUrl) return { picture: { src: engineUrl, source: 'engine', at: null }, onError };
  return { picture: null, onError };
}
