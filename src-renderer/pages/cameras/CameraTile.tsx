import type { CameraView } from '../../../src-main/api/contract';
import { useIsConnected } from '../../hooks/use-connection-state';
import { CameraFiguresLine } from './CameraFiguresLine';
import { CameraStateBadge } from './CameraStateBadge';
import { LiveVideo } from './LiveVideo';
import { RecorderBadge } from './RecorderBadge';
import { useCameraPicture } from './use-camera-picture';
import { useLastPicture } from './use-last-picture';
import { TileMenu, type TileMenuActions } from './TileMenu';

/** Tiles keep (and ask the engine for) pictures this wide: sharp enough for a tile, small to hold. */
const TILE_PICTURE_WIDTH = 640;

interface CameraTileProps {
  camera: CameraView;
  actions: TileMenuActions;
}

/** One camera in the grid: its sub-stream picture (muted) or why there is none, name, state and figures. */
export function CameraTile({ camera, actions }: CameraTileProps) {
  const { status } = camera;
  const stale = !useIsConnected();
  const picture = useCameraPicture(camera, { variant: 'sub', withAudio: false, onlyWhenSeen: true });
  const lastPicture = useLastPicture(camera, picture, TILE_PICTURE_WIDTH);
  const enable =
    status.state === 'disabled' ? (
      <button type="button" className="button small" onClick={actions.onToggleEnabled} data-testid="camera-slate-enable">
        Enable
      </button>
    ) : undefined;

  return (
    <article
      className={`camera-tile state-${stale ? 'unknown' : status.state}`}
      data-testid="camera-tile"
      data-camera-id={camera.id}
      data-name={camera.name}
      data-state={stale ? 'unknown' : status.state}
      data-recorder={stale ? 'unknown' : camera.recorder.state}
      aria-label={camera.name}
    >
      <div className="tile-media">
        <LiveVideo camera={camera} picture={picture} testId="camera-video" slateAction={enable} compactSlate lastPicture={lastPicture}>
          <button type="button" className="tile-open" onClick={actions.onOpen} title={`Open ${camera.name}`} data-testid="camera-open">
            <span className="visually-hidden">Open {camera.name}</span>
          </button>
        </LiveVideo>
        {!stale && (
          <div className="tile-overlay">
            <RecorderBadge recorder={camera.recorder} />
          </div>
        )}
      </div>
      <div className="tile-info">
        <div className="tile-title">
          <CameraStateBadge state={status.state} stale={stale} />
          <h2 className="tile-name" title={camera.name} data-testid="camera-name">
            {camera.name}
          </h2>
          <TileMenu camera={camera} actions={actions} />
        </div>
        <CameraFiguresLine camera={camera} stale={stale} />
      </div>
    </article>
  );
}
