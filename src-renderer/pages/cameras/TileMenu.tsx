import { useCallback, useId, useRef, useState } from 'react';
import type { CameraView } from '../../../src-main/api/contract';
import { useDismiss } from '../../hooks/use-dismiss';

export interface TileMenuActions {
  onOpen(): void;
  onEdit(): void;
  onToggleEnabled(): void;
  onRemove(): void;
}

/** The ⋯ menu of a tile: open, edit, enable/disable, remove. */
export function TileMenu({ camera, actions }: { camera: CameraView; actions: TileMenuActions }) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const menuId = useId();
  const close = useCallback(() => setOpen(false), []);
  useDismiss(root, open, close);

  const choose = (action: () => void) => () => {
    setOpen(false);
    action();
  };

  return (
    <div className="tile-menu" ref={root}>
      <button
        type="button"
        className="icon-button"
        aria-label={`Actions for ${camera.name}`}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen((o) => !o)}
        data-testid="camera-menu-button"
      >
        <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <circle cx="5" cy="12" r="1.8" />
          <circle cx="12" cy="12" r="1.8" />
          <circle cx="19" cy="12" r="1.8" />
        </svg>
      </button>
      {open && (
        <ul className="menu" role="menu" id={menuId} data-testid="camera-menu">
          <MenuItem label="Open" onSelect={choose(actions.onOpen)} testId="camera-menu-open" />
          <MenuItem label="Edit…" onSelect={choose(actions.onEdit)} testId="camera-menu-edit" />
          <MenuItem label={camera.enabled ? 'Disable' : 'Enable'} onSelect={choose(actions.onToggleEnabled)} testId="camera-menu-toggle" />
          <li role="separator" className="menu-separator" />
          <MenuItem label="Remove…" danger onSelect={choose(actions.onRemove)} testId="camera-menu-remove" />
        </ul>
      )}
    </div>
  );
}

function MenuItem({ label, onSelect, testId, danger }: { label: string; onSelect(): void; testId: string; danger?: boolean }) {
  return (
    <li role="none">
      <button type="button" role="menuitem" className={danger ? 'menu-item danger' : 'menu-item'} onClick={onSelect} data-testid={testId}>
        {label}
      </button>
    </li>
  );
}
