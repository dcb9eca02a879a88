import type { CameraView } from '../../../src-main/api/contract';
import { CameraTile } from './CameraTile';
import type { TileMenuActions } from './TileMenu';

interface CameraGridProps {
  cameras: CameraView[];
  /** From the `ui.gridColumns` setting. */
  columns: number;
  actionsFor(camera: CameraView): TileMenuActions;
}

export function CameraGrid({ cameras, columns, actionsFor }: CameraGridProps) {
  return (
    <div className="camera-grid" data-columns={columns} data-testid="camera-grid">
      {cameras.map((camera) => (
        <CameraTile key={camera.id} camera={camera} actions={actionsFor(camera)} />
      ))}
    </div>
  );
}
