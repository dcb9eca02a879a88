import type { CameraView } from '../../../src-main/api/contract';
import { useIsConnected } from '../../hooks/use-connection-state';
import { useEscapeKey } from '../../hooks/use-escape-key';
import { AudioControls } from './AudioControls';
import { CameraStateBadge } from './CameraStateBadge';
import { FocusFigures } from './FocusFigures';
import { LiveVideo } from './LiveVideo';
import { useCameraPicture } from './use-camera-picture';

interface CameraFocusViewProps {
  camera: CameraView;
  onClose(): void;
  onEdit(): void;
  onToggleEnabled(): void;
}

/** One camera large: its main stream with sound, every live figure; Escape goes back to the grid. */
export function CameraFocusView({ camera, onClose, onEdit, onToggleEnabled }: CameraFocusViewProps) {
  const picture = useCameraPicture(camera, { variant: 'main', withAudio: true, onlyWhenSeen: false });
  const stale = !useIsConnected();
  useEscapeKey(onClose);

  return (
    <section className="camera-focus" data-testid="camera-focus" data-camera-id={camera.id} aria-labelledby="camera-focus-title">
      <header className="focus-header">
        <button type="button" className="button" onClick={onClose} data-testid="focus-back" title="Back to all cameras (Esc)">
          ← All cameras
        </button>
        <h1 id="camera-focus-title" className="focus-title" data-testid="focus-name">
          {camera.name}
        </h1>
        <CameraStateBadge state={camera.status.state} stale={stale} />
        <span className="header-spacer" />
        <button type="button" className="button" onClick={onToggleEnabled} data-testid="focus-toggle">
          {camera.enabled ? 'Disable' : 'Enable'}
        </button>
        <button type="button" className="button" onClick={onEdit} data-testid="focus-edit">
          Edit…
        </button>
        <button type="button" className="icon-button close-button" onClick={onClose} aria-label="Close (Esc)" title="Close (Esc)" data-testid="focus-close">
          <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M6 6l12 12M18 6L6 18" />
          </svg>
        </button>
      </header>
      <div className="focus-body">
        <div className="focus-stage">
          <div className="focus-picture">
            <LiveVideo camera={camera} picture={picture} testId="focus-video" />
          </div>
          <AudioControls video={picture.video} hasAudio={camera.status.audio !== null || camera.status.state !== 'live'} />
        </div>
        <aside className="card focus-side" aria-label="Live figures">
          <FocusFigures camera={camera} preview={picture.preview} variant="main" stale={stale} />
        </aside>
      </div>
    </section>
  );
}
