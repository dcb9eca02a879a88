import { useState } from 'react';
import { TextField } from '../../components/FormField';
import { FormModal } from '../../components/Modal';
import { useEngineForm } from '../../hooks/use-engine-form';

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
  const [name, setName] = useState(initialName);
  // Every failure is about the name: shown under it, not above the buttons.
  const { problem, setProblem, saving, submit } = useEngineForm([], { fieldCodes: [], failurePrefix: '' });

  async function save() {
    if (name.trim() === '') {
      setProblem('Enter a name, e.g. “Interview”.');
      return;
    }
    await submit(() => onSave(name.trim()));
  }

  return (
    <FormModal title={title} onClose={onClose} onSubmit={save} className="program-dialog" testId="scene-dialog" saving={saving} submitLabel={saveLabel} submitTestId="scene-dialog-save">
      <TextField
        inputId="scene-name"
        label="Name"
        error={problem ?? undefined}
        errorTestId="scene-dialog-error"
        value={name}
        maxLength={80}
        onValue={(v) => {
          setName(v);
          setProblem(null);
        }}
        autoFocus
        testId="scene-dialog-name"
      />
    </FormModal>
  );
}
