import { describedBy, FormField } from '../../components/FormField';
import { CAMERA_LIMITS } from './camera-limits';
import { errorTestId, fieldId, type CameraFieldsProps } from './camera-fields';

/**
 * Username and password for the camera. The engine never returns a password, so the field is
 * never filled in; saved credentials are only said to exist, and can be replaced or removed.
 */
export function CredentialsFields({ draft, errors, onChange, hasCredentials }: CameraFieldsProps & { hasCredentials: boolean }) {
  const typed = draft.username !== '' || draft.password !== '';
  const passwordId = `${fieldId('credentials')}-password`;
  return (
    <fieldset className="form-section">
      <legend>Sign-in</legend>
      {hasCredentials && <SavedCredentials removing={draft.removeCredentials} replacing={typed} onChange={(removeCredentials) => onChange({ removeCredentials }, 'credentials')} />}
      <FormField
        inputId={fieldId('credentials')}
        label="Username"
        error={errors.credentials}
        errorTestId={errorTestId('credentials')}
        help={hasCredentials ? undefined : 'If the camera asks for one. Credentials in the URL (user:pass@) are moved here.'}
      >
        <input
          id={fieldId('credentials')}
          type="text"
          value={draft.username}
          maxLength={CAMERA_LIMITS.credentialMaxLength}
          autoComplete="off"
          spellCheck={false}
          placeholder={hasCredentials ? 'Unchanged' : undefined}
          disabled={draft.removeCredentials}
          aria-describedby={describedBy(fieldId('credentials'), errors.credentials, !hasCredentials)}
          onChange={(e) => onChange({ username: e.target.value }, 'credentials')}
          data-testid="camera-field-username"
        />
      </FormField>
      <FormField inputId={passwordId} label="Password" errorTestId={`${errorTestId('credentials')}-password`}>
        <input
          id={passwordId}
          type="password"
          value={draft.password}
          maxLength={CAMERA_LIMITS.credentialMaxLength}
          autoComplete="new-password"
          placeholder={hasCredentials ? 'Unchanged' : undefined}
          disabled={draft.removeCredentials}
          onChange={(e) => onChange({ password: e.target.value }, 'credentials')}
          data-testid="camera-field-password"
        />
      </FormField>
    </fieldset>
  );
}

function SavedCredentials({ removing, replacing, onChange }: { removing: boolean; replacing: boolean; onChange(remove: boolean): void }) {
  if (removing) {
    return (
      <p className="credentials-note warn" data-testid="camera-credentials-status" data-status="removing">
        <span className="status-dot warn" aria-hidden="true" />
        The saved credentials will be removed when you save.
        <button type="button" className="link-button" onClick={() => onChange(false)} data-testid="camera-credentials-keep">
          Keep them
        </button>
      </p>
    );
  }
  return (
    <p className="credentials-note" data-testid="camera-credentials-status" data-status={replacing ? 'replacing' : 'saved'}>
      <span className="status-dot ok" aria-hidden="true" />
      {replacing ? 'Credentials saved; what you type replaces them.' : 'Credentials saved. Leave the fields empty to keep them.'}
      <button type="button" className="link-button" onClick={() => onChange(true)} data-testid="camera-credentials-remove">
        Remove credentials
      </button>
    </p>
  );
}
