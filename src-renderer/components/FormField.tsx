import type { InputHTMLAttributes, ReactNode } from 'react';

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

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange'> {
  inputId: string;
  label: string;
  help?: ReactNode;
  error?: string | undefined;
  errorTestId: string;
  testId: string;
  value: string;
  onValue(value: string): void;
}

/** A FormField around one input (text unless `type` says otherwise), wired to its error and help. */
export function TextField({ inputId, label, help, error, errorTestId, testId, value, onValue, ...input }: TextFieldProps) {
  return (
    <FormField inputId={inputId} label={label} help={help} error={error} errorTestId={errorTestId}>
      <input
        id={inputId}
        type="text"
        {...input}
        value={value}
        onChange={(e) => onValue(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(inputId, error, help !== undefined)}
        data-testid={testId}
      />
    </FormField>
  );
}

/** Why a whole form failed, above its buttons; `lead` in bold first (e.g. “Not saved.”). */
export function FormProblem({ lead, className, testId, children }: { lead?: string | null; className: string; testId: string; children: ReactNode }) {
  return (
    <div className={`form-error ${className}`} role="alert" data-testid={testId}>
      {lead && <strong>{lead}</strong>}
      {lead && ' '}
      {children}
    </div>
  );
}
