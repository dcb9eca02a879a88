import { useId, useState, type FormEvent } from 'react';
import type { CreatedStreamKey } from '../../../src-main/api/contract';
import { ApiClientError, errorMessage } from '../../api/api-client-error';
import { CopyButton } from '../../components/CopyButton';
import { describedBy, FormField } from '../../components/FormField';
import { Modal } from '../../components/Modal';
import { useApiClient } from '../../hooks/api-context';
import { splitFieldErrors } from './field-errors';
import { isoFromLocalInput, obsStreamKey, STREAM_NAME_PATTERN, streamNameFor } from './rtmp-format';

type Field = 'name' | 'expiresAt';

/** Creates a stream key, then shows it once with the OBS server and stream key to paste. */
export function NewStreamKeyDialog({ onClose, onCreated }: { onClose(): void; onCreated(): void }) {
  const client = useApiClient();
  const titleId = useId();
  const [name, setName] = useState('');
  const [expires, setExpires] = useState(false);
  const [expiresAt, setExpiresAt] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [created, setCreated] = useState<CreatedStreamKey | null>(null);

  async function create(event: FormEvent) {
    event.preventDefault();
    const iso = expires ? isoFromLocalInput(expiresAt) : null;
    if (expires && !iso) {
      setErrors({ expiresAt: 'pick a date and time' });
      return;
    }
    setSaving(true);
    setErrors({});
    setProblem(null);
    try {
      setCreated(await client.call('rtmp.keys.create', { name, expiresAt: iso }));
      onCreated();
    } catch (error) {
      if (error instanceof ApiClientError && error.code === 'invalid_input') {
        const { byField, other } = splitFieldErrors(error.message, ['name', 'expiresAt'] as const);
        setErrors(byField);
        setProblem(other.length > 0 ? other.join(' ') : null);
      } else {
        setProblem(`Could not create the key: ${errorMessage(error)}`);
      }
    } finally {
      setSaving(false);
    }
  }

  if (created) return <KeyReveal created={created} titleId={titleId} onClose={onClose} />;

  return (
    <Modal onClose={onClose} labelledBy={titleId} className="rtmp-dialog" testId="rtmp-key-dialog">
      <form onSubmit={create} noValidate>
        <h2 id={titleId} className="modal-title">
          New stream key
        </h2>
        <div className="modal-body camera-form">
          <FormField inputId="rtmp-key-name" label="Name" error={errors.name} errorTestId="rtmp-key-error-name" help="Who uses it, e.g. “OBS stage left”.">
            <input
              id="rtmp-key-name"
              type="text"
              value={name}
              onChange={(e) => {
                setName(e.target.value);
                setErrors(({ name: _cleared, ...rest }) => rest);
              }}
              aria-invalid={errors.name ? true : undefined}
              aria-describedby={describedBy('rtmp-key-name', errors.name)}
              autoFocus
              data-testid="rtmp-key-field-name"
            />
          </FormField>
          <FormField inputId="rtmp-key-expiry" label="Expiry" error={errors.expiresAt} errorTestId="rtmp-key-error-expiresAt" help="Without an expiry the key works until it is revoked.">
            <label className="check">
              <input type="checkbox" checked={expires} onChange={(e) => setExpires(e.target.checked)} data-testid="rtmp-key-field-expires" />
              Expires
            </label>
            {expires && (
              <input
                id="rtmp-key-expiry"
                type="datetime-local"
                className="datetime-input"
                value={expiresAt}
                onChange={(e) => {
                  setExpiresAt(e.target.value);
                  setErrors(({ expiresAt: _cleared, ...rest }) => rest);
                }}
                aria-invalid={errors.expiresAt ? true : undefined}
                data-testid="rtmp-key-field-expiresAt"
              />
            )}
          </FormField>
        </div>
        {problem && (
          <div className="form-error modal-problem" role="alert" data-testid="rtmp-key-problem">
            {problem}
          </div>
        )}
        <div className="modal-buttons">
          <button type="button" className="button" onClick={onClose} disabled={saving}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={saving} data-testid="rtmp-key-create">
            {saving ? 'Creating…' : 'Create key'}
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** The one time the key is shown: server and stream key for OBS, each with a copy button. */
function KeyReveal({ created, titleId, onClose }: { created: CreatedStreamKey; titleId: string; onClose(): void }) {
  const [streamName, setStreamName] = useState(() => streamNameFor(created.name));
  const nameOk = STREAM_NAME_PATTERN.test(streamName);
  const streamKey = obsStreamKey(nameOk ? streamName : '<stream name>', created.key);
  const server = created.obs.server;

  return (
    <Modal onClose={onClose} labelledBy={titleId} className="rtmp-dialog" testId="rtmp-key-reveal">
      <h2 id={titleId} className="modal-title">
        Stream key “{created.name}” created
      </h2>
      <div className="modal-body camera-form">
        <p className="reveal-warning" role="alert" data-testid="rtmp-key-reveal-warning">
          <strong>Copy now: it will not be shown again.</strong> Only a hash is kept; if it is lost, revoke it and create a new one.
        </p>
        <FormField inputId="rtmp-reveal-stream" label="Stream name" errorTestId="rtmp-reveal-error-stream" error={nameOk ? undefined : '1–64 letters, digits, - or _'} help="Part of the stream key: players and restreams see the stream under this name.">
          <input id="rtmp-reveal-stream" type="text" className="mono" value={streamName} onChange={(e) => setStreamName(e.target.value)} data-testid="rtmp-reveal-stream-name" />
        </FormField>
        <FormField inputId="rtmp-reveal-server" label="Server" errorTestId="rtmp-reveal-error-server" help={server ? undefined : 'The RTMP server is not listening: start it in Settings to get its address.'}>
          <input id="rtmp-reveal-server" type="text" className="mono" value={server ?? '(server not listening)'} readOnly onFocus={(e) => e.currentTarget.select()} data-testid="rtmp-reveal-server" />
          {server && <CopyButton text={server} what="server" testId="rtmp-reveal-server-copy" fallbackInputId="rtmp-reveal-server" />}
        </FormField>
        <FormField inputId="rtmp-reveal-key" label="Stream key" errorTestId="rtmp-reveal-error-key">
          <textarea
            id="rtmp-reveal-key"
            className="mono copy-input reveal-key"
            value={streamKey}
            readOnly
            rows={2}
            spellCheck={false}
            onFocus={(e) => e.currentTarget.select()}
            data-testid="rtmp-reveal-stream-key"
          />
          <CopyButton text={streamKey} what="stream key" testId="rtmp-reveal-key-copy" fallbackInputId="rtmp-reveal-key" />
        </FormField>
        {server && nameOk && (
          <p className="field-help mono reveal-example" data-testid="rtmp-reveal-example">
            ffmpeg … -f flv "{server}/{streamKey}"
          </p>
        )}
      </div>
      <div className="modal-buttons">
        <button type="button" className="button primary" onClick={onClose} data-testid="rtmp-key-reveal-done">
          I have copied it
        </button>
      </div>
    </Modal>
  );
}
