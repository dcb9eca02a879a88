import type { CameraState } from '../../../src-main/api/contract';
import { cameraStateHint, cameraStateLabel, cameraTone } from './camera-format';

/** A coloured pill with the camera's state in words; grey "Unknown" while the engine is unreachable. */
export function CameraStateBadge({ state, stale = false }: { state: CameraState; stale?: boolean }) {
  if (stale) {
    return (
      <span className="state-badge idle" title={`The engine is unreachable; last known state: ${cameraStateLabel(state)}`} data-state="unknown" data-testid="camera-state">
        Unknown
      </span>
    );
  }
  return (
    <span className={`state-badge ${cameraTone(state)}`} title={cameraStateHint(state)} data-state={state} data-testid="camera-state">
      {cameraStateLabel(state)}
    </span>
  );
}
