import { useCallback, useId, useRef, useState } from 'react';
import type { LayerKind } from '../../../src-main/compositor/compositor-schema';
import { useDismiss } from '../../hooks/use-dismiss';
import { LAYER_KINDS } from './layer-kinds';

/** "Add layer" with a menu of every kind. */
export function AddLayerMenu({ disabled, onChoose }: { disabled: boolean; onChoose(kind: LayerKind): void }) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const menuId = useId();
  const close = useCallback(() => setOpen(false), []);
  useDismiss(root, open, close);

  return (
    <div className="add-layer" ref={root}>
      <button
        type="button"
        className="button primary small"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        disabled={disabled}
        onClick={() => setOpen((o) => !o)}
        data-testid="layer-add"
      >
        Add layer ▾
      </button>
      {open && (
        <ul className="menu add-layer-menu" role="menu" id={menuId} data-testid="layer-add-menu">
          {LAYER_KINDS.map(({ kind, label, hint }) => (
            <li role="none" key={kind}>
              <button
                type="button"
                role="menuitem"
                className="menu-item"
                onClick={() => {
                  setOpen(false);
                  onChoose(kind);
                }}
                data-testid={`layer-add-${kind}`}
              >
                <span className={`kind-chip kind-${kind}`}>{label}</span>
                <span className="menu-hint">{hint}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
