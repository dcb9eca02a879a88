import { useCallback, useId, useRef, useState, type ReactNode } from 'react';
import { useDismiss } from '../../hooks/use-dismiss';

interface FocusPopoverProps {
  label: ReactNode;
  title: string;
  testId: string;
  disabled?: boolean;
  /** The button's tooltip. */
  hint?: string;
  /** Rendered only while open: whatever it asks the engine for, it asks when opened. */
  children: ReactNode;
}

/** A header button of the focused view that opens a small panel under it; Escape or a click elsewhere closes it. */
export function FocusPopover({ label, title, testId, disabled, hint, children }: FocusPopoverProps) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const titleId = useId();
  const close = useCallback(() => setOpen(false), []);
  useDismiss(root, open, close);

  return (
    <div className="focus-popover" ref={root}>
      <button
        type="button"
        className={open ? 'button active' : 'button'}
        onClick={() => setOpen((o) => !o)}
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        disabled={disabled}
        title={hint}
        data-testid={testId}
      >
        {label}
      </button>
      {open && (
        <section className="popover-panel" id={panelId} role="dialog" aria-labelledby={titleId} data-testid={`${testId}-panel`}>
          <header className="popover-header">
            <h2 id={titleId}>{title}</h2>
            <button type="button" className="icon-button close-button" onClick={close} aria-label={`Close ${title}`} data-testid={`${testId}-close`}>
              <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                <path d="M6 6l12 12M18 6L6 18" />
              </svg>
            </button>
          </header>
          {children}
        </section>
      )}
    </div>
  );
}
