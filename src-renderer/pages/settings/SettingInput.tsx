import type { SettingField } from './settings-fields';

interface SettingInputProps {
  field: SettingField;
  value: string;
  error: string | undefined;
  onChange(value: string): void;
}

/** One labelled field of the settings form, with its limits, help and the engine's error. */
export function SettingInput({ field, value, error, onChange }: SettingInputProps) {
  const inputId = `setting-input-${field.key}`;
  const helpId = `${inputId}-help`;
  const errorId = `${inputId}-error`;
  const describedBy = error ? `${errorId} ${helpId}` : helpId;

  return (
    <div className={error ? 'field invalid' : 'field'}>
      <label className="field-label" htmlFor={inputId}>
        {field.label}
      </label>
      <div className="field-control">
        <Control field={field} id={inputId} value={value} describedBy={describedBy} invalid={!!error} onChange={onChange} />
        {field.kind === 'number' && field.unit && <span className="field-unit">{field.unit}</span>}
      </div>
      {error && (
        <p className="field-error" id={errorId} data-testid={`setting-error-${field.key}`}>
          {error}
        </p>
      )}
      <p className="field-help" id={helpId}>
        {field.help}
        {field.kind === 'number' && (
          <span className="field-range">
            {' '}
            {field.min}–{field.max}
            {field.unit ? ` ${field.unit}` : ''}
          </span>
        )}
      </p>
    </div>
  );
}

interface ControlProps {
  field: SettingField;
  id: string;
  value: string;
  describedBy: string;
  invalid: boolean;
  onChange(value: string): void;
}

function Control({ field, id, value, describedBy, invalid, onChange }: ControlProps) {
  const common = {
    id,
    'aria-describedby': describedBy,
    'aria-invalid': invalid || undefined,
    'data-testid': `setting-${field.key}`,
  };
  switch (field.kind) {
    case 'text':
      return (
        <input {...common} type="text" value={value} maxLength={field.maxLength} spellCheck={false} onChange={(e) => onChange(e.target.value)} />
      );
    case 'number':
      return (
        <input
          {...common}
          className="number-input"
          type="number"
          inputMode="numeric"
          step={1}
          min={field.min}
          max={field.max}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      );
    case 'boolean':
      return (
        <label className="check">
          <input {...common} type="checkbox" checked={value === 'true'} onChange={(e) => onChange(String(e.target.checked))} />
          {value === 'true' ? 'On' : 'Off'}
        </label>
      );
    case 'choice':
      if (field.display === 'select') {
        return (
          <select {...common} value={value} onChange={(e) => onChange(e.target.value)}>
            {field.options.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        );
      }
      return (
        <div {...common} className="segmented" role="radiogroup">
          {field.options.map((option) => (
            <label key={option.value} className={option.value === value ? 'segment selected' : 'segment'}>
              <input
                type="radio"
                name={id}
                value={option.value}
                checked={option.value === value}
                onChange={() => onChange(option.value)}
                data-testid={`setting-${field.key}-${option.value}`}
              />
              {option.label}
            </label>
          ))}
        </div>
      );
  }
}
