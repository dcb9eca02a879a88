import { useState } from 'react';
import type { ObsConnectionView } from '../../../src-main/obs/obs-contract';
import { TextField } from '../../components/FormField';
import { FormModal } from '../../components/Modal';
import { useApiClient } from '../../hooks/api-context';
import { useEngineForm } from '../../hooks/use-engine-form';

const FIELDS = ['name', 'host', 'port', 'password'] as const;

interface ConnectionDialogProps {
  /** The connection to edit; none to add one. */
  connection?: ObsConnectionView;
  onClose(): void;
  onSaved?(view: ObsConnectionView): void;
}

/** Adds or edits an OBS connection; the engine's messages appear next to the fields they name. */
export function ConnectionDialog({ connection, onClose, onSaved }: ConnectionDialogProps) {
  const client = useApiClient();
  const editing = connection !== undefined;
  const [name, setName] = useState(connection?.name ?? '');
  const [host, setHost] = useState(connection?.host ?? '127.0.0.1');
  const [port, setPort] = useState(String(connection?.port ?? 4455));
  // Editing starts empty: the saved password is never sent back; empty keeps it.
  const [password, setPassword] = useState('');
  const [clearPassword, setClearPassword] = useState(false);
  const [enabled, setEnabled] = useState(connection?.enabled ?? true);
  const { errors, setErrors, edited, problem, saving, submit } = useEngineForm(FIELDS);

  async function save() {
    const portNumber = Number(port);
    if (!Number.isInteger(portNumber) || portNumber < 1 || portNumber > 65535) {
      setErrors({ port: 'must be 1–65535 (OBS’s default is 4455)' });
      return;
    }
    await submit(async () => {
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
    });
  }

  return (
    <FormModal
      title={editing ? `Edit ${connection.name}` : 'Add OBS'}
      onClose={onClose}
      onSubmit={save}
      className="obs-dialog"
      testId="obs-connection-dialog"
      problem={problem}
      problemTestId="obs-dialog-problem"
      saving={saving}
      submitLabel={editing ? 'Save' : 'Add OBS'}
      submitTestId="obs-save"
    >
      <TextField
        inputId="obs-name"
        label="Name"
        error={errors.name}
        errorTestId="obs-error-name"
        help="E.g. “Stream PC”."
        value={name}
        onValue={edited('name', setName)}
        autoFocus
        testId="obs-field-name"
      />
      <TextField
        inputId="obs-host"
        label="Host"
        error={errors.host}
        errorTestId="obs-error-host"
        help="The machine running OBS."
        className="mono"
        value={host}
        onValue={edited('host', setHost)}
        spellCheck={false}
        autoComplete="off"
        testId="obs-field-host"
      />
      <TextField
        inputId="obs-port"
        label="Port"
        error={errors.port}
        errorTestId="obs-error-port"
        help="OBS: Tools → WebSocket Server Settings."
        type="number"
        className="number-input mono"
        min={1}
        max={65535}
        value={port}
        onValue={edited('port', setPort)}
        testId="obs-field-port"
      />
      <TextField
        inputId="obs-password"
        label="Password"
        error={errors.password}
        errorTestId="obs-error-password"
        help={editing && connection.hasPassword ? 'A password is saved; type a new one to replace it.' : 'The WebSocket server password; stored by the engine, never shown again.'}
        type="password"
        value={password}
        placeholder={editing && connection.hasPassword ? '•••• (saved)' : ''}
        disabled={clearPassword}
        onValue={edited('password', setPassword)}
        autoComplete="new-password"
        testId="obs-field-password"
      />
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
    </FormModal>
  );
}
