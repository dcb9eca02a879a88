import { useEffect, useRef, type ReactNode } from 'react';

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
