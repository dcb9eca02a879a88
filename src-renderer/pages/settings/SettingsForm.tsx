import { useEffect, useReducer, type FormEvent } from 'react';
import { ApiClientError, errorMessage } from '../../api/api-client-error';
import { useApiClient } from '../../hooks/api-context';
import { useSettings } from '../../hooks/settings-context';
import { changedKeys, fieldErrorsFromMessage, patchFrom } from './settings-draft';
import { SETTINGS_FIELDS, SETTINGS_SECTIONS } from './settings-fields';
import { initialSettingsFormState, settingsFormReducer } from './settings-form-state';
import { SettingInput } from './SettingInput';

const NOTICE_MS = 4_000;

/** Edits every setting; follows changes made elsewhere through the live `settings` topic. */
export function SettingsForm() {
  const client = useApiClient();
  const live = useSettings();
  const [state, dispatch] = useReducer(settingsFormReducer, initialSettingsFormState);
  const { saved, draft, status, fieldErrors, problem, changedElsewhere } = state;

  useEffect(() => {
    if (live.data) dispatch({ type: 'live', settings: live.data });
  }, [live.data]);

  useEffect(() => {
    if (status !== 'saved' && !changedElsewhere) return;
    const timer = setTimeout(() => dispatch({ type: 'clearNotices' }), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [status, changedElsewhere]);

  if (!saved || !draft) {
    return (
      <section className="card" data-testid="settings-form">
        <p className="muted">{live.error ? `Could not load the settings: ${live.error.message}` : 'Loading settings…'}</p>
      </section>
    );
  }

  const dirty = changedKeys(draft, saved).length > 0;

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!saved || !draft) return;
    const { patch, errors } = patchFrom(draft, saved);
    if (Object.keys(errors).length > 0) {
      dispatch({ type: 'saveFailed', problem: 'Some values are not valid; see the marked fields.', fieldErrors: errors });
      return;
    }
    dispatch({ type: 'saveStarted' });
    try {
      dispatch({ type: 'saveSucceeded', settings: await client.call('settings.update', patch) });
    } catch (error) {
      if (error instanceof ApiClientError && error.code === 'invalid_input') {
        dispatch({ type: 'saveFailed', problem: error.message, fieldErrors: fieldErrorsFromMessage(error.message).byField });
      } else {
        dispatch({ type: 'saveFailed', problem: `Could not save: ${errorMessage(error)}`, fieldErrors: {} });
      }
    }
  }

  return (
    <form className="card settings-form" onSubmit={save} noValidate data-testid="settings-form">
      {SETTINGS_SECTIONS.map((section) => (
        <fieldset key={section} className="form-section">
          <legend>{section}</legend>
          {SETTINGS_FIELDS.filter((field) => field.section === section).map((field) => (
            <SettingInput
              key={field.key}
              field={field}
              value={draft[field.key]}
              error={fieldErrors[field.key]}
              onChange={(value) => dispatch({ type: 'edit', key: field.key, value })}
            />
          ))}
        </fieldset>
      ))}

      <div className="form-footer">
        <div className="form-messages" aria-live="polite">
          {problem && (
            <div className="form-error" role="alert" data-testid="settings-error">
              <strong>Not saved.</strong>
              <ul>
                {problem.split('; ').map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </div>
          )}
          {status === 'saved' && (
            <span className="form-saved" data-testid="settings-saved">
              <span className="status-dot ok" aria-hidden="true" /> Saved
            </span>
          )}
          {changedElsewhere && status !== 'saved' && (
            <span className="form-note" data-testid="settings-changed-elsewhere">
              Updated: the settings were changed elsewhere{dirty ? '; your unsaved edits were kept.' : '.'}
            </span>
          )}
        </div>
        <div className="form-buttons">
          <button
            type="button"
            className="button"
            disabled={!dirty || status === 'saving'}
            onClick={() => dispatch({ type: 'reset' })}
            title="Discard unsaved changes"
            data-testid="settings-reset"
          >
            Reset
          </button>
          <button type="submit" className="button primary" disabled={!dirty || status === 'saving'} data-testid="settings-save">
            {status === 'saving' ? 'Saving…' : 'Save'}
          </button>
        </div>
      </div>
    </form>
  );
}
