import type { ReactNode } from 'react';

interface FormFieldProps {
  /** The id of the control inside, for the label. */
  inputId: string;
  label: string;
  help?: ReactNode;
  /** The engine's message for this field, shown right under it. */
  error?: string | undefined;
  errorTestId: string;
  children: ReactNode;
}

/** A labelled form row: label, control, the field's error, then help. */
export function FormField({ inputId, label, help, error, errorTestId, children }: FormFieldProps) {
  return (
    <div className={error ? 'field invalid' : 'field'}>
      <label className="field-label" htmlFor={inputId}>
        {label}
      </label>
      <div className="field-control">{children}</div>
      {error && (
        <p className="field-error" id={`${inputId}-error`} role="alert" data-testid={errorTestId}>
          {error}
        </p>
      )}
      {help && (
        <p className="field-help" id={`${inputId}-help`}>
          {help}
        </p>
      )}
    </div>
  );
}

/** aria-describedby for a control inside a FormField. */
export function describedBy(inputId: string, error: string | undefined, hasHelp = true): string | undefined {
  const ids = [error ? `${inputId}-error` : null, hasHelp ? `${inputId}-help` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}
