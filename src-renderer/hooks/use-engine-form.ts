import { useState } from 'react';
import { ApiClientError, errorMessage } from '../api/api-client-error';
import { splitFieldErrors } from './field-errors';

type FieldErrors<F extends string> = Partial<Record<F, string>>;

interface EngineFormOptions<F extends string> {
  /** The engine's error codes whose message names fields at fault. */
  fieldCodes?: readonly string[];
  /** Splits such a message into messages per field and the rest. */
  split?(message: string, fields: readonly F[]): { byField: FieldErrors<F>; other: string[] };
  /** Joins the messages that name no field. */
  joiner?: string;
  /** Before the message of any other failure. */
  failurePrefix?: string;
}

/**
 * The state of a form the engine checks: messages per field, one for the whole form, and busy
 * while saving. `submit` runs the call; on a refusal the engine's messages land next to the
 * fields they name. After success it stays busy: the form is about to close.
 */
export function useEngineForm<F extends string>(fields: readonly F[], options: EngineFormOptions<F> = {}) {
  const { fieldCodes = ['invalid_input', 'conflict', 'not_found'], split = splitFieldErrors, joiner = ' ', failurePrefix = 'Could not save: ' } = options;
  const [errors, setErrors] = useState<FieldErrors<F>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  function clear(field: F) {
    setErrors(({ [field]: _cleared, ...rest }) => rest as FieldErrors<F>);
  }

  /** A change handler that sets the value and drops the field's message. */
  function edited<T>(field: F, set: (value: T) => void): (value: T) => void {
    return (value) => {
      set(value);
      clear(field);
    };
  }

  async function submit(send: () => Promise<void>): Promise<void> {
    setSaving(true);
    setErrors({});
    setProblem(null);
    try {
      await send();
    } catch (error) {
      setSaving(false);
      if (error instanceof ApiClientError && fieldCodes.includes(error.code)) {
        const { byField, other } = split(error.message, fields);
        setErrors(byField);
        setProblem(other.length > 0 ? other.join(joiner) : null);
      } else {
        setProblem(`${failurePrefix}${errorMessage(error)}`);
      }
    }
  }

  return { errors, setErrors, clear, edited, problem, setProblem, saving, submit };
}
