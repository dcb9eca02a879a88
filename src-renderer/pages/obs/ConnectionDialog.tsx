import { useId, useState, type FormEvent } from 'react';
import type { ObsConnectionView } from '../../../src-main/obs/obs-contract';
import { ApiClientError, errorMessage } from '../../api/api-client-error';
import { describedBy, FormField } from '../../components/FormField';
import { Modal } from '../../components/Modal';
import { useApiClient } from '../../hooks/api-context';
import { splitFieldErrors } from '../rtmp/field-errors';

const FIELDS = ['name', 'host', 'port', 'password'] as const;
type Field = (typeof FIELDS)[number];

interface ConnectionDialogProps {
  /** The connection to edit; none to add one. */
  connection?: ObsConnectionView;
  onClose(): void;
  onSaved?(view: ObsConnectionView): void;
}

/** Adds or edits an OBS connection; the engine's messages appear next to the fields they name. */
export function ConnectionDialog({ connection, onClose, onSaved }: ConnectionDialogProps) {
  const client = useApiClient();
  const titleId = useId();
  const editing = connection !== undefined;
  const [name, setName] = useState(connection?.name ?? '');
  const [host, setHost] = useState(connection?.host ?? '127.0.0.1');
  const [port, setPort] = useState(String(connection?.port ?? 4455));
  // Editing starts empty: the saved password is never sent back; empty keeps it.
  const [password, setPassword] = useState('');
  const [clearPassword, setClearPassword] = useState(false);
  const [enabled, setEnabled] = useState(connection?.enabled ?? true);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  function clear(field: Field) {
    setErrors(({ [field]: _cleared, ...rest }) => rest as Partial<Record<Field, string>>);
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    const portNumber = Number(port);
    if (!Number.isInteger(portNumber) || portNumber < 1 || portNumber > 65535) {
      setErrors({ port: 'must be 1–65535 (OBS’s default is 4455)' });
      return;
    }
    setSaving(true);
    setErrors({});
    setProblem(null);
    try {
      const saved = connection
        ? await client.call('obs.update', {
            id: connection.id,
            name,
            host: host.trim(),
            port: portNumber,
            enabled,
            ...(clearPassword ? { password: '' } : password ? { password } : {}),
          })
        : await client.call('obs.add', { name, host: host.trim(), port: portNumber, enabled, ...(password ? { password } : {}) });
      onSaved?.(saved);
      onClose();
    } catch (error) {
      setSaving(false);
      if (error instanceof ApiClientError && (error.code === 'invalid_input' || error.code === 'conflict' || error.code === 'not_found')) {
        const { byField, other } = splitFieldErrors(error.message, FIELDS);
        setErrors(byField);
        setProblem(other.length > 0 ? other.join(' ') : null);
      } else {
        setProblem(`Could not save: ${errorMessage(error)}`);
      }
    }
  }

  return (
    <Modal onClose={onClose} labelledBy={titleId} className="obs-dialog" testId="obs-connection-dialog">
      <form onSubmit={save} noValidate>
        <h2 id={titleId} className="modal-title">
          {editing ? `Edit ${connection.name}` : 'Add OBS'}
        </h2>
        <div className="modal-body camera-form">
          <FormField inputId="obs-name" label="Name" error={errors.name} errorTestId="obs-error-name" help="E.g. “Stream PC”.">
            <input
              id="obs-name"
              type="text"
              value={name}
              onChange={(e) => {
                setName(e.target.value);
                clear('name');
              }}
              aria-invalid={errors.name ? true : undefined}
              aria-describedby={describedBy('obs-name', errors.name)}
              autoFocus
              data-testid="obs-field-name"
            />
          </FormField>
          <div className="obs-form-row">
            <FormField inputId="obs-host" label="Host" error={errors.host} errorTestId="obs-error-host" help="The machine running OBS.">
              <input
                id="obs-host"
                type="text"
                className="mono"
                value={host}
                onChange={(e) => {
                  setHost(e.target.value);
                  clear('host');
                }}
                aria-invalid={errors.host ? true : undefined}
                aria-describedby={describedBy('obs-host', errors.host)}
                spellCheck={false}
                autoComplete="off"
                data-testid="obs-field-host"
              />
            </FormField>
            <FormField inputId="obs-port" label="Port" error={errors.port} errorTestId="obs-error-port" help="OBS: Tools → WebSocket Server Settings.">
              <input
                id="obs-port"
                type="number"
                className="mono"
                min={1}
                max={65535}
                value={port}
                onChange={(e) => {
                  setPort(e.target.value);
                  clear('port');
                }}
                aria-invalid={errors.port ? true : undefined}
                aria-describedby={describedBy('obs-port', errors.port)}
                data-testid="obs-field-port"
              />
            </FormField>
          </div>
          <FormField
            inputId="obs-password"
            label="Password"
            error={errors.password}
            errorTestId="obs-error-password"
            help={editing && connection.hasPassword ? 'A password is saved; type a new one to replace it.' : 'The WebSocket server password; stored by the engine, never shown again.'}
          >
            <input
              id="obs-password"
              type="password"
              value={password}
              placeholder={editing && connection.hasPassword ? '•••• (saved)' : ''}
              disabled={clearPassword}
              onChange={(e) => {
                setPassword(e.target.value);
                clear('password');
              }}
              aria-invalid={errors.password ? true : undefined}
              aria-describedby={describedBy('obs-password', errors.password)}
              autoComplete="new-password"
              data-testid="obs-field-password"
            />
          </FormField>
          {editing && connection.hasPassword && (
            <label className="check">
              <input type="checkbox" checked={clearPassword} onChange={(e) => setClearPassword(e.target.checked)} data-testid="obs-field-clear-password" />
              Remove the saved password (OBS without authentication)
            </label>
          )}
          <label className="check">
            <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} data-testid="obs-field-enabled" />
            Connect (and keep reconnecting)
          </label>
        </div>
        {problem && (
          <div className="form-error modal-problem" role="alert" data-testid="obs-dialog-problem">
            <strong>Not saved.</strong> {problem}
          </div>
        )}
        <div className="modal-buttons">
          <button type="button" className="button" onClick={onClose} disabled={saving}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={saving} data-testid="obs-save">
            {saving ? 'Saving…' : editing ? 'Save' : 'Add OBS'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
