import { describedBy, FormField } from '../../components/FormField';
import type { CameraDraft, CameraFieldPath } from './camera-draft';
import { CAMERA_LIMITS } from './camera-limits';
import { errorTestId, fieldId, type CameraFieldsProps } from './camera-fields';

type NumberKey = 'segmentSeconds' | 'retainHours' | 'maxSizeMb';

const NUMBER_FIELDS: readonly { key: NumberKey; label: string; unit: string; help: string }[] = [
  { key: 'segmentSeconds', label: 'Segment length', unit: 's', help: 'Recordings are split into files of this length.' },
  { key: 'retainHours', label: 'Keep for', unit: 'h', help: '0 keeps recordings until the size limit removes the oldest.' },
  { key: 'maxSizeMb', label: 'Size limit', unit: 'MB', help: 'The oldest recordings go first. 0 means no limit.' },
];

/** The camera's recording policy: stored with the camera. */
export function RecordingFields({ draft, errors, onChange }: CameraFieldsProps) {
  return (
    <fieldset className="form-section">
      <legend>Recording</legend>
      <FormField inputId={fieldId('recording.enabled')} label="Record" error={errors['recording.enabled']} errorTestId={errorTestId('recording.enabled')}>
        <label className="check">
          <input
            id={fieldId('recording.enabled')}
            type="checkbox"
            checked={draft.recordingEnabled}
            onChange={(e) => onChange({ recordingEnabled: e.target.checked }, 'recording.enabled')}
            data-testid="camera-field-recording-enabled"
          />
          Record this camera
        </label>
      </FormField>
      {NUMBER_FIELDS.map(({ key, label, unit, help }) => {
        const path: CameraFieldPath = `recording.${key}`;
        const id = fieldId(path);
        const limits = CAMERA_LIMITS[key];
        return (
          <FormField key={key} inputId={id} label={label} error={errors[path]} errorTestId={errorTestId(path)} help={help}>
            <input
              id={id}
              type="number"
              className="number-input"
              inputMode="numeric"
              step={1}
              min={limits.min}
              max={limits.max}
              value={draft[key]}
              aria-invalid={!!errors[path] || undefined}
              aria-describedby={describedBy(id, errors[path])}
              onChange={(e) => onChange({ [key]: e.target.value } as Partial<CameraDraft>, path)}
              data-testid={`camera-field-recording-${key}`}
            />
            <span className="field-unit">{unit}</span>
          </FormField>
        );
      })}
    </fieldset>
  );
}
