import { useState } from 'react';
import type { CreatedStreamKey } from '../../../src-main/api/contract';
import { CopyButton } from '../../components/CopyButton';
import { FormField, TextField } from '../../components/FormField';
import { FormModal, TitledModal } from '../../components/Modal';
import { useApiClient } from '../../hooks/api-context';
import { useEngineForm } from '../../hooks/use-engine-form';
import { isoFromLocalInput, obsStreamKey, STREAM_NAME_PATTERN, streamNameFor } from './rtmp-format';

const FIELDS = ['name', 'expiresAt'] as const;

/** Creates a stream key, then shows it once with the OBS server and stream key to paste. */
export function NewStreamKeyDialog({ onClose, onCreated }: { onClose(): void; onCreated(): void }) {
  const client = useApiClient();
  const [name, setName] = useState('');
  const [expires, setExpires] = useState(false);
  const [expiresAt, setExpiresAt] = useState('');
  const { errors, setErrors, edited, problem, saving, submit } = useEngineForm(FIELDS, { fieldCodes: ['invalid_input'], failurePrefix: 'Could not create the key: ' });
  const [created, setCreated] = useState<CreatedStreamKey | null>(null);

  async function create() {
    const iso = expires ? isoFromLocalInput(expiresAt) : null;
    if (expires && !iso) {
      setErrors({ expiresAt: 'pick a date and time' });
      return;
    }
    await submit(async () => {
      setCreated(await client.call('rtmp.keys.create', { name, expiresAt: iso }));
      onCreated();
    });
  }

  if (created) return <KeyReveal created={created} onClose={onClose} />;

  return (
    <FormModal
      title="New stream key"
      onClose={onClose}
      onSubmit={create}
      className="rtmp-dialog"
      testId="rtmp-key-dialog"
      problem={problem}
      problemTestId="rtmp-key-problem"
      problemLead={null}
      saving={saving}
      submitLabel="Create key"
      savingLabel="Creating…"
      submitTestId="rtmp-key-create"
    >
      <TextField
        inputId="rtmp-key-name"
        label="Name"
        error={errors.name}
        errorTestId="rtmp-key-error-name"
        help="Who uses it, e.g. “OBS stage left”."
        value={name}
        onValue={edited('name', setName)}
        autoFocus
        testId="rtmp-key-field-name"
      />
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
            onChange={(e) => edited('expiresAt', setExpiresAt)(e.target.value)}
            aria-invalid={errors.expiresAt ? true : undefined}
            data-testid="rtmp-key-field-expiresAt"
          />
        )}
      </FormField>
    </FormModal>
  );
}

/** The one time the key is shown: server and stream key for OBS, each with a copy button. */
function KeyReveal({ created, onClose }: { created: CreatedStreamKey; onClose(): void }) {
  const [streamName, setStreamName] = useState(() => streamNameFor(created.name));
  const nameOk = STREAM_NAME_PATTERN.test(streamName);
  const streamKey = obsStreamKey(nameOk ? streamName : '<stream name>', created.key);
  const server = created.obs.server;

  return (
    <TitledModal
      title={<>Stream key “{created.name}” created</>}
      onClose={onClose}
      className="rtmp-dialog"
      testId="rtmp-key-reveal"
      bodyClassName="modal-body camera-form"
      buttons={
        <button type="button" className="button primary" onClick={onClose} data-testid="rtmp-key-reveal-done">
          I have copied it
        </button>
      }
    >
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
    </TitledModal>
  );
}
