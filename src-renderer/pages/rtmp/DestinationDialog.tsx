import { useId, useState, type FormEvent } from 'react';
import type { DestinationView } from '../../../src-main/api/contract';
import { ApiClientError, errorMessage } from '../../api/api-client-error';
import { describedBy, FormField } from '../../components/FormField';
import { Modal } from '../../components/Modal';
import { useApiClient } from '../../hooks/api-context';
import { splitFieldErrors } from './field-errors';

const FIELDS = ['name', 'url', 'key', 'fallback', 'sourceId'] as const;
type Field = (typeof FIELDS)[number];

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
  const titleId = useId();
  const editing = destination !== undefined;
  const [name, setName] = useState(destination?.name ?? '');
  // Editing starts empty: the shown URL is redacted, and an empty field keeps the stored one.
  const [url, setUrl] = useState('');
  const [key, setKey] = useState('');
  const [fallback, setFallback] = useState(destination?.fallback.enabled ?? true);
  const [enabled, setEnabled] = useState(true);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  function clear(field: Field) {
    setErrors(({ [field]: _cleared, ...rest }) => rest as Partial<Record<Field, string>>);
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!editing && url.trim() === '') {
      setErrors({ url: 'enter the destination address, e.g. rtmp://a.rtmp.youtube.com/live2' });
      return;
    }
    setSaving(true);
    setErrors({});
    setProblem(null);
    const fallbackPolicy = { enabled: fallback, imagePath: destination?.fallback.imagePath ?? null };
    try {
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
    <Modal onClose={onClose} labelledBy={titleId} className="rtmp-dialog" testId="destination-dialog">
      <form onSubmit={save} noValidate>
        <h2 id={titleId} className="modal-title">
          {editing ? `Edit ${destination.name}` : `Add destination for ${sourceName}`}
        </h2>
        <div className="modal-body camera-form">
          <FormField inputId="destination-name" label="Name" error={errors.name} errorTestId="destination-error-name" help="E.g. “YouTube main”.">
            <input
              id="destination-name"
              type="text"
              value={name}
              onChange={(e) => {
                setName(e.target.value);
                clear('name');
              }}
              aria-invalid={errors.name ? true : undefined}
              aria-describedby={describedBy('destination-name', errors.name)}
              autoFocus
              data-testid="destination-field-name"
            />
          </FormField>
          <FormField
            inputId="destination-url"
            label="RTMP URL"
            error={errors.url}
            errorTestId="destination-error-url"
            help={editing ? `Now ${destination.url}. Leave empty to keep it.` : 'rtmp:// or rtmps://, with the key as the last segment or in the field below.'}
          >
            <input
              id="destination-url"
              type="text"
              className="mono"
              value={url}
              placeholder={editing ? destination.url : 'rtmp://a.rtmp.youtube.com/live2'}
              onChange={(e) => {
                setUrl(e.target.value);
                clear('url');
              }}
              aria-invalid={errors.url ? true : undefined}
              aria-describedby={describedBy('destination-url', errors.url)}
              spellCheck={false}
              autoComplete="off"
              data-testid="destination-field-url"
            />
          </FormField>
          <FormField
            inputId="destination-key"
            label="Stream key"
            error={errors.key}
            errorTestId="destination-error-key"
            help={editing && destination.hasKey ? 'A key is saved; type a new one to replace it.' : 'Stored by the engine, never shown again.'}
          >
            <input
              id="destination-key"
              type="password"
              value={key}
              placeholder={editing && destination.hasKey ? '•••• (saved)' : ''}
              onChange={(e) => {
                setKey(e.target.value);
                clear('key');
              }}
              aria-invalid={errors.key ? true : undefined}
              aria-describedby={describedBy('destination-key', errors.key)}
              autoComplete="new-password"
              data-testid="destination-field-key"
            />
          </FormField>
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
        </div>
        {(problem || errors.sourceId) && (
          <div className="form-error modal-problem" role="alert" data-testid="destination-problem">
            <strong>Not saved.</strong> {[errors.sourceId, problem].filter(Boolean).join(' ')}
          </div>
        )}
        <div className="modal-buttons">
          <button type="button" className="button" onClick={onClose} disabled={saving}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={saving} data-testid="destination-save">
            {saving ? 'Saving…' : editing ? 'Save' : 'Add destination'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
