import type { ReactNode } from 'react';
import type { CameraView } from '../../../src-main/api/contract';
import { formatClockTime } from '../../app/format';
import { useIsConnected } from '../../hooks/use-connection-state';
import { useNow } from '../../hooks/use-now';
import { slateFor } from './camera-slate';
import { CameraSlate } from './CameraSlate';
import type { CameraPicture } from './use-camera-picture';
import type { LastPictureState } from './use-last-picture';

interface LiveVideoProps {
  camera: CameraView;
  picture: CameraPicture;
  testId: string;
  /** Shown on the slate (e.g. "Enable" for a disabled camera). */
  slateAction?: ReactNode;
  compactSlate?: boolean;
  /** The camera's last picture, shown dimmed under the slate while it is not live. */
  lastPicture?: LastPictureState;
  /** Above the picture, below the slate: e.g. a button that opens the camera. */
  children?: ReactNode;
}

/** A camera's live picture while it moves; a slate saying why whenever it does not (over its last picture, when there is one). */
export function LiveVideo({ camera, picture, testId, slateAction, compactSlate, lastPicture, children }: LiveVideoProps) {
  const now = useNow(500);
  const slate = slateFor(camera, picture.preview, now, useIsConnected());
  // A live camera whose preview is still opening keeps its plain slate: the last picture is for cameras that are down.
  const still = slate && slate.cause !== 'preview' ? (lastPicture?.picture ?? null) : null;

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
      {still && (
        <img
          key={still.src}
          className="last-picture"
          src={still.src}
          alt={`Last picture of ${camera.name}`}
          onError={lastPicture?.onError}
          data-testid="camera-last-picture"
          data-source={still.source}
        />
      )}
      {children}
      {slate && <CameraSlate slate={slate} action={slateAction} compact={compactSlate} overPicture={still !== null} />}
      {still && (
        <span className="last-picture-caption" data-testid="camera-last-picture-caption">
          {still.at ? `Last picture ${formatClockTime(still.at, now)}` : 'Last picture'}
        </span>
      )}
    </div>
  );
}
