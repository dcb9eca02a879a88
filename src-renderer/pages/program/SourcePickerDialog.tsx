import { TitledModal } from '../../components/Modal';
import { CameraStateBadge } from '../cameras/CameraStateBadge';
import type { VideoSource } from './video-sources';

interface SourcePickerDialogProps {
  title: string;
  sources: VideoSource[];
  /** The source chosen now (highlighted), when changing a layer's. */
  currentId?: string;
  onPick(source: VideoSource): void;
  onClose(): void;
}

/** Picks a camera or a published stream for a video layer. */
export function SourcePickerDialog({ title, sources, currentId, onPick, onClose }: SourcePickerDialogProps) {
  return (
    <TitledModal title={title} onClose={onClose} className="program-dialog" testId="source-picker">
      {sources.length === 0 ? (
        <p className="muted" data-testid="source-picker-empty">
          No cameras or published streams yet. Add a camera on the Cameras page (a test pattern such as <code>test://bars</code> works), or publish to the RTMP server.
        </p>
      ) : (
        <ul className="picker-list">
          {sources.map((source) => (
            <li key={source.id}>
              <button
                type="button"
                className={`picker-item${source.id === currentId ? ' selected' : ''}`}
                onClick={() => onPick(source)}
                data-testid="source-option"
                data-source-id={source.id}
              >
                <span className="picker-name truncate">{source.name}</span>
                <span className="picker-meta">{source.kind === 'camera' ? 'Camera' : 'Published stream'}</span>
                <CameraStateBadge state={source.state} />
              </button>
            </li>
          ))}
        </ul>
      )}
    </TitledModal>
  );
}
