import { useId, useState, type ReactNode } from 'react';
import { errorMessage } from '../api/api-client-error';
import { Modal } from './Modal';

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  busyLabel: string;
  /** Resolves when done (the dialog is then closed by its owner); a rejection is shown. */
  onConfirm(): Promise<void>;
  onCancel(): void;
}

/** Asks before something that cannot be undone; shows why it failed if it did. */
export function ConfirmDialog({ title, children, confirmLabel, busyLabel, onConfirm, onCancel }: ConfirmDialogProps) {
  const titleId = useId();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function confirm() {
    setBusy(true);
    setProblem(null);
    try {
      await onConfirm();
    } catch (error) {
      setProblem(errorMessage(error));
      setBusy(false);
    }
  }

  return (
    <Modal onClose={onCancel} labelledBy={titleId} className="confirm-dialog" testId="confirm-dialog">
      <h2 id={titleId} className="modal-title">
        {title}
      </h2>
      <div className="modal-body">{children}</div>
      {problem && (
        <p className="form-error" role="alert" data-testid="confirm-error">
          {problem}
        </p>
      )}
      <div className="modal-buttons">
        <button type="button" className="button" onClick={onCancel} disabled={busy} data-testid="confirm-cancel" autoFocus>
          Cancel
        </button>
        <button type="button" className="button danger" onClick={() => void confirm()} disabled={busy} data-testid="confirm-accept">
          {busy ? busyLabel : confirmLabel}
        </button>
      </div>
    </Modal>
  );
}
