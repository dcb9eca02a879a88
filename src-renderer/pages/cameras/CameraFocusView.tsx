import type { CameraView } from '../../../src-main/api/contract';
import { useIsConnected } from '../../hooks/use-connection-state';
import { useEscapeKey } from '../../hooks/use-escape-key';
import { AudioControls } from './AudioControls';
import { CameraStateBadge } from './CameraStateBadge';
import { FocusFigures } from './FocusFigures';
import { FocusPopover } from './FocusPopover';
import { HlsPanel } from './HlsPanel';
import { LiveVideo } from './LiveVideo';
import { RecorderBadge } from './RecorderBadge';
import { RecorderFacts } from './RecorderFacts';
import { RecordingsPanel } from './RecordingsPanel';
import { SnapshotPanel } from './SnapshotPanel';
import { SourceDestinationsPanel } from '../rtmp/SourceDestinationsPanel';
import { useCameraPicture } from './use-camera-picture';
import { useLastPicture } from './use-last-picture';

/** The focused view keeps (and asks the engine for) last pictures this wide. */
const FOCUS_PICTURE_WIDTH = 1280;

interface CameraFocusViewProps {
  camera: CameraView;
  onClose(): void;
  onEdit(): void;
  onToggleEnabled(): void;
}

/**
 * One camera large: its main stream with sound, every live figure, its recorder and recordings;
 * a snapshot and an HLS link on demand. Escape goes back to the grid.
 */
export function CameraFocusView({ camera, onClose, onEdit, onToggleEnabled }: CameraFocusViewProps) {
  const picture = useCameraPicture(camera, { variant: 'main', withAudio: true, onlyWhenSeen: false });
  const lastPicture = useLastPicture(camera, picture, FOCUS_PICTURE_WIDTH);
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
        {!stale && <RecorderBadge recorder={camera.recorder} detailed testId="focus-rec" />}
        <span className="header-spacer" />
        <FocusPopover label="Snapshot" title="Snapshot" testId="focus-snapshot" hint="The latest frame as a JPEG, to open or save">
          <SnapshotPanel camera={camera} />
        </FocusPopover>
        <FocusPopover
          label="HLS link"
          title="HLS link"
          testId="focus-hls"
          disabled={!camera.enabled}
          hint={camera.enabled ? 'An address for external players (VLC, a set-top box)' : 'Enable the camera to serve it as HLS'}
        >
          <HlsPanel camera={camera} />
        </FocusPopover>
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
            <LiveVideo camera={camera} picture={picture} testId="focus-video" lastPicture={lastPicture} />
          </div>
          <AudioControls video={picture.video} hasAudio={camera.status.audio !== null || camera.status.state !== 'live'} />
          <RecordingsPanel key={camera.id} camera={camera} />
        </div>
        <aside className="focus-side-column">
          <section className="card focus-side" aria-label="Live figures">
            <FocusFigures camera={camera} preview={picture.preview} variant="main" stale={stale} />
          </section>
          <section className="card focus-side" aria-labelledby="recorder-facts-title">
            <h2 id="recorder-facts-title" className="side-title">
              Recording
            </h2>
            <RecorderFacts camera={camera} stale={stale} />
          </section>
          <section className="card focus-side" aria-labelledby="focus-destinations-title">
            <h2 id="focus-destinations-title" className="side-title">
              Restream destinations
            </h2>
            <SourceDestinationsPanel sourceId={camera.id} sourceName={camera.name} />
          </section>
        </aside>
      </div>
    </section>
  );
}
