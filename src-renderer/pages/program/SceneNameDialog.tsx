import { useId, useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/api-client-error';
import { describedBy, FormField } from '../../components/FormField';
import { Modal } from '../../components/Modal';

interface SceneNameDialogProps {
  title: string;
  initialName: string;
  saveLabel: string;
  /** Resolves when saved (the owner then closes the dialog); a rejection is shown under the field. */
  onSave(name: string): Promise<void>;
  onClose(): void;
}

/** Asks for a scene's name: for a new scene and for a rename. */
export function SceneNameDialog({ title, initialName, saveLabel, onSave, onClose }: SceneNameDialogProps) {
  const titleId = useId();
  const [name, setName] = useState(initialName);
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (name.trim() === '') {
      setProblem('Enter a name, e.g. “Interview”.');
      return;
    }
    setSaving(true);
    setProblem(null);
    try {
      await onSave(name.trim());
    } catch (error) {
      setProblem(errorMessage(error));
      setSaving(false);
    }
  }

  return (
    <Modal onClose={onClose} labelledBy={titleId} className="program-dialog" testId="scene-dialog">
      <form onSubmit={save} noValidate>
        <h2 id={titleId} className="modal-title">
          {title}
        </h2>
        <div className="modal-body camera-form">
          <FormField inputId="scene-name" label="Name" error={problem ?? undefined} errorTestId="scene-dialog-error">
            <input
              id="scene-name"
              type="text"
              value={name}
              maxLength={80}
              onChange={(e) => {
                setName(e.target.value);
                setProblem(null);
              }}
              aria-invalid={problem ? true : undefined}
              aria-describedby={describedBy('scene-name', problem ?? undefined, false)}
              autoFocus
              data-testid="scene-dialog-name"
            />
          </FormField>
        </div>
        <div className="modal-buttons">
          <button type="button" className="button" onClick={onClose} disabled={saving}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={saving} data-testid="scene-dialog-save">
            {saving ? 'Saving…' : saveLabel}
          </button>
        </div>
      </form>
    </Modal>
  );
}
