import { useEffect, useId, useRef, type ReactNode } from 'react';
import { FormProblem } from './FormField';

interface ModalProps {
  /** Called on Escape; the caller closes the modal by no longer rendering it. */
  onClose(): void;
  labelledBy: string;
  className?: string;
  testId: string;
  children: ReactNode;
}

/** A modal <dialog>, open while rendered: focus stays inside, Escape asks to close. */
export function Modal({ onClose, labelledBy, className, testId, children }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  return (
    <dialog
      ref={ref}
      className={className ? `modal ${className}` : 'modal'}
      aria-labelledby={labelledBy}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      data-testid={testId}
    >
      {children}
    </dialog>
  );
}

interface TitledModalProps {
  title: ReactNode;
  onClose(): void;
  className?: string;
  testId: string;
  bodyClassName?: string;
  /** The row at the bottom; Cancel alone unless given. */
  buttons?: ReactNode;
  children: ReactNode;
}

/** A Modal with its title, a body, and a row of buttons at the bottom. */
export function TitledModal({ title, onClose, className, testId, bodyClassName = 'modal-body', buttons, children }: TitledModalProps) {
  const titleId = useId();
  return (
    <Modal onClose={onClose} labelledBy={titleId} className={className} testId={testId}>
      <h2 id={titleId} className="modal-title">
        {title}
      </h2>
      <div className={bodyClassName}>{children}</div>
      <div className="modal-buttons">
        {buttons ?? (
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
        )}
      </div>
    </Modal>
  );
}

interface FormModalProps {
  title: ReactNode;
  /** Called on Escape and Cancel. */
  onClose(): void;
  onSubmit(): void | Promise<void>;
  className?: string;
  testId: string;
  /** Why the form as a whole failed, shown above the buttons. */
  problem?: string | null;
  problemTestId?: string;
  problemLead?: string | null;
  saving: boolean;
  submitLabel: string;
  savingLabel?: string;
  submitTestId: string;
  /** Disabled for another reason than saving (e.g. nothing changed). */
  submitDisabled?: boolean;
  cancelTestId?: string;
  /** Buttons before Cancel, e.g. a remove action. */
  extraButtons?: ReactNode;
  /** The fields. */
  children: ReactNode;
}

/** A form in a Modal: title, fields, the form's problem, then Cancel and submit (both off while saving). */
export function FormModal({
  title,
  onClose,
  onSubmit,
  className,
  testId,
  problem,
  problemTestId = `${testId}-problem`,
  problemLead = 'Not saved.',
  saving,
  submitLabel,
  savingLabel = 'Saving…',
  submitTestId,
  submitDisabled = false,
  cancelTestId,
  extraButtons,
  children,
}: FormModalProps) {
  const titleId = useId();
  return (
    <Modal onClose={onClose} labelledBy={titleId} className={className} testId={testId}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void onSubmit();
        }}
        noValidate
      >
        <h2 id={titleId} className="modal-title">
          {title}
        </h2>
        <div className="modal-body camera-form">{children}</div>
        {problem && (
          <FormProblem lead={problemLead} className="modal-problem" testId={problemTestId}>
            {problem}
          </FormProblem>
        )}
        <div className="modal-buttons">
          {extraButtons}
          <button type="button" className="button" onClick={onClose} disabled={saving} data-testid={cancelTestId}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={saving || submitDisabled} data-testid={submitTestId}>
            {saving ? savingLabel : submitLabel}
          </button>
        </div>
      </form>
    </Modal>
  );
}
