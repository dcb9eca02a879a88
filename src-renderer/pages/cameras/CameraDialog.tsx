import { useEffect, useMemo, useState } from 'react';
import type { CameraView } from '../../../src-main/api/contract';
import { ApiClientError, errorMessage } from '../../api/api-client-error';
import { FormModal } from '../../components/Modal';
import { useApiClient } from '../../hooks/api-context';
import {
  addInputFrom,
  draftFromCamera,
  fieldErrorsFromMessage,
  hasChanges,
  newCameraDraft,
  updateInputFrom,
  type Built,
  type CameraDraft,
  type CameraFieldErrors,
  type CameraFieldPath,
} from './camera-draft';
import { checkFieldsText, fieldId, firstInvalidField } from './camera-fields';
import { CredentialsFields } from './CredentialsFields';
import { RecordingFields } from './RecordingFields';
import { SourceFields } from './SourceFields';

interface CameraDialogProps {
  /** The camera to edit; none to add one. */
  camera?: CameraView;
  onClose(): void;
  onSaved(camera: CameraView): void;
  /** Edit only: asks to remove the camera (the owner confirms). */
  onRemove?(): void;
}

/** Adds or edits a camera. The engine checks everything; its messages appear next to the fields they name. */
export function CameraDialog({ camera, onClose, onSaved, onRemove }: CameraDialogProps) {
  const client = useApiClient();
  const [draft, setDraft] = useState<CameraDraft>(() => (camera ? draftFromCamera(camera) : newCameraDraft()));
  const [errors, setErrors] = useState<CameraFieldErrors>({});
  const [problems, setProblems] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  /** After a failed save, focus moves to the first marked field (a new object each time). */
  const [focusRequest, setFocusRequest] = useState<{ field: CameraFieldPath } | null>(null);
  const editing = camera !== undefined;
  const dirty = useMemo(() => {
    if (!camera) return true;
    const built = updateInputFrom(draft, camera);
    return !built.ok || hasChanges(built.value);
  }, [draft, camera]);

  useEffect(() => {
    if (focusRequest) document.getElementById(fieldId(focusRequest.field))?.focus();
  }, [focusRequest]);

  function failed(fieldErrors: CameraFieldErrors, other: string[]) {
    setErrors(fieldErrors);
    setProblems([...other, checkFieldsText(fieldErrors)].filter((p): p is string => p !== null));
    const first = firstInvalidField(fieldErrors);
    if (first) setFocusRequest({ field: first });
  }

  function change(update: Partial<CameraDraft>, field: CameraFieldPath) {
    setDraft((d) => ({ ...d, ...update }));
    setErrors(({ [field]: _cleared, ...rest }) => rest);
  }

  async function save() {
    const request = camera ? prepare(updateInputFrom(draft, camera), (input) => client.call('cameras.update', input)) : prepare(addInputFrom(draft), (input) => client.call('cameras.add', input));
    if ('errors' in request) {
      failed(request.errors, []);
      return;
    }
    setSaving(true);
    setProblems([]);
    setErrors({});
    try {
      onSaved(await request.send());
    } catch (error) {
      setSaving(false);
      if (error instanceof ApiClientError && (error.code === 'invalid_input' || error.code === 'conflict')) {
        const { byField, other } = fieldErrorsFromMessage(error.message);
        failed(byField, other);
      } else {
        setProblems([`Could not save: ${errorMessage(error)}`]);
      }
    }
  }

  return (
    <FormModal
      title={editing ? `Edit ${camera.name}` : 'Add camera'}
      onClose={onClose}
      onSubmit={save}
      className="camera-dialog"
      testId="camera-dialog"
      problem={problems.join(' ')}
      problemTestId="camera-dialog-problem"
      saving={saving}
      submitLabel={editing ? 'Save' : 'Add camera'}
      submitTestId="camera-dialog-save"
      submitDisabled={!dirty}
      cancelTestId="camera-dialog-cancel"
      extraButtons={
        editing &&
        onRemove && (
          <button type="button" className="button danger-outline push-left" onClick={onRemove} disabled={saving} data-testid="camera-dialog-remove">
            Remove camera…
          </button>
        )
      }
    >
      <SourceFields draft={draft} errors={errors} onChange={change} />
      <CredentialsFields draft={draft} errors={errors} onChange={change} hasCredentials={camera?.hasCredentials ?? false} />
      <RecordingFields draft={draft} errors={errors} onChange={change} />
    </FormModal>
  );
}

/** Either the call to make, or why the form cannot even be sent. */
function prepare<T>(built: Built<T>, send: (input: T) => Promise<CameraView>): { send(): Promise<CameraView> } | { errors: CameraFieldErrors } {
  return built.ok ? { send: () => send(built.value) } : { errors: built.errors };
}
