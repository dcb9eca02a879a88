import { useState } from 'react';
import type { DestinationView } from '../../../src-main/api/contract';
import { FormField, TextField } from '../../components/FormField';
import { FormModal } from '../../components/Modal';
import { useApiClient } from '../../hooks/api-context';
import { useEngineForm } from '../../hooks/use-engine-form';

const FIELDS = ['name', 'url', 'key', 'fallback', 'sourceId'] as const;

interface DestinationDialogProps {
  sourceId: string;
  sourceName: string;
  /** The destination to edit; none to add one. */
  destination?: DestinationView;
  onClose(): void;
}

/** Adds or edits a restream destination; the engine's messages appear next to the fields they name. */
export function DestinationDialog({ sourceId, sourceName, destination, onClose }: DestinationDialogProps) {
  const client = useApiClient();
  const editing = destination !== undefined;
  const [name, setName] = useState(destination?.name ?? '');
  // Editing starts empty: the shown URL is redacted, and an empty field keeps the stored one.
  const [url, setUrl] = useState('');
  const [key, setKey] = useState('');
  const [fallback, setFallback] = useState(destination?.fallback.enabled ?? true);
  const [enabled, setEnabled] = useState(true);
  const { errors, setErrors, edited, problem, saving, submit } = useEngineForm(FIELDS);

  async function save() {
    if (!editing && url.trim() === '') {
      setErrors({ url: 'enter the destination address, e.g. rtmp://a.rtmp.youtube.com/live2' });
      return;
    }
    const fallbackPolicy = { enabled: fallback, imagePath: destination?.fallback.imagePath ?? null };
    await submit(async () => {
      if (destination) {
        await client.call('restream.update', {
          id: destination.id,
          name,
          ...(url.trim() ? { url: url.trim() } : {}),
          ...(key ? { key } : {}),
          fallback: fallbackPolicy,
        });
      } else {
        await client.call('restream.add', { sourceId, name, url: url.trim(), ...(key ? { key } : {}), enabled, fallback: fallbackPolicy });
      }
      onClose();
    });
  }

  return (
    <FormModal
      title={editing ? `Edit ${destination.name}` : `Add destination for ${sourceName}`}
      onClose={onClose}
      onSubmit={save}
      className="rtmp-dialog"
      testId="destination-dialog"
      problem={[errors.sourceId, problem].filter(Boolean).join(' ')}
      problemTestId="destination-problem"
      saving={saving}
      submitLabel={editing ? 'Save' : 'Add destination'}
      submitTestId="destination-save"
    >
      <TextField
        inputId="destination-name"
        label="Name"
        error={errors.name}
        errorTestId="destination-error-name"
        help="E.g. “YouTube main”."
        value={name}
        onValue={edited('name', setName)}
        autoFocus
        testId="destination-field-name"
      />
      <TextField
        inputId="destination-url"
        label="RTMP URL"
        error={errors.url}
        errorTestId="destination-error-url"
        help={editing ? `Now ${destination.url}. Leave empty to keep it.` : 'rtmp:// or rtmps://, with the key as the last segment or in the field below.'}
        className="mono"
        value={url}
        placeholder={editing ? destination.url : 'rtmp://a.rtmp.youtube.com/live2'}
        onValue={edited('url', setUrl)}
        spellCheck={false}
        autoComplete="off"
        testId="destination-field-url"
      />
      <TextField
        inputId="destination-key"
        label="Stream key"
        error={errors.key}
        errorTestId="destination-error-key"
        help={editing && destination.hasKey ? 'A key is saved; type a new one to replace it.' : 'Stored by the engine, never shown again.'}
        type="password"
        value={key}
        placeholder={editing && destination.hasKey ? '•••• (saved)' : ''}
        onValue={edited('key', setKey)}
        autoComplete="new-password"
        testId="destination-field-key"
      />
      <FormField inputId="destination-fallback" label="Fallback slate" error={errors.fallback} errorTestId="destination-error-fallback" help="While the source is down, keep the destination live with a slate instead of dropping it.">
        <label className="check">
          <input id="destination-fallback" type="checkbox" checked={fallback} onChange={(e) => setFallback(e.target.checked)} data-testid="destination-field-fallback" />
          Send a slate while the source is down
        </label>
      </FormField>
      {!editing && (
        <FormField inputId="destination-enabled" label="Start" errorTestId="destination-error-enabled">
          <label className="check">
            <input id="destination-enabled" type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} data-testid="destination-field-enabled" />
            Start sending now
          </label>
        </FormField>
      )}
    </FormModal>
  );
}
