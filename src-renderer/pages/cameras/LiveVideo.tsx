import type { ReactNode } from 'react';
import type { CameraView } from '../../../src-main/api/contract';
import { useIsConnected } from '../../hooks/use-connection-state';
import { useNow } from '../../hooks/use-now';
import { slateFor } from './camera-slate';
import { CameraSlate } from './CameraSlate';
import type { CameraPicture } from './use-camera-picture';

interface LiveVideoProps {
  camera: CameraView;
  picture: CameraPicture;
  testId: string;
  /** Shown on the slate (e.g. "Enable" for a disabled camera). */
  slateAction?: ReactNode;
  compactSlate?: boolean;
  /** Above the picture, below the slate: e.g. a button that opens the camera. */
  children?: ReactNode;
}

/** A camera's live picture while it moves; a slate saying why whenever it does not. */
export function LiveVideo({ camera, picture, testId, slateAction, compactSlate, children }: LiveVideoProps) {
  const now = useNow(500);
  const slate = slateFor(camera, picture.preview, now, useIsConnected());

  return (
    <div className="live-video">
      <video
        ref={picture.videoRef}
        className={slate ? 'hidden-picture' : undefined}
        muted={!picture.withAudio}
        playsInline
        disablePictureInPicture
        data-testid={testId}
        data-preview={picture.preview?.kind ?? 'off'}
      />
      {children}
      {slate && <CameraSlate slate={slate} action={slateAction} compact={compactSlate} />}
    </div>
  );
}
