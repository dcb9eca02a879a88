import { describedBy, FormField } from '../../components/FormField';
import { CAMERA_LIMITS, RTSP_TRANSPORT_OPTIONS } from './camera-limits';
import { errorTestId, fieldId, type CameraFieldsProps } from './camera-fields';

/** Name, where the video comes from, and whether to fetch it at all. */
export function SourceFields({ draft, errors, onChange }: CameraFieldsProps) {
  const isRtsp = /^\s*rtsps?:/i.test(draft.url) || /^\s*rtsps?:/i.test(draft.subUrl);
  return (
    <fieldset className="form-section">
      <legend>Source</legend>
      <FormField inputId={fieldId('name')} label="Name" error={errors.name} errorTestId={errorTestId('name')} help="How operators see this camera.">
        <input
          id={fieldId('name')}
          type="text"
          value={draft.name}
          maxLength={CAMERA_LIMITS.nameMaxLength}
          placeholder="Stage left"
          autoFocus
          aria-invalid={!!errors.name || undefined}
          aria-describedby={describedBy(fieldId('name'), errors.name)}
          onChange={(e) => onChange({ name: e.target.value }, 'name')}
          data-testid="camera-field-name"
        />
      </FormField>
      <FormField
        inputId={fieldId('url')}
        label="URL"
        error={errors.url}
        errorTestId={errorTestId('url')}
        help={
          <>
            <code>rtsp://</code>, <code>rtmp://</code>, <code>http(s)://</code>, a file in the engine&apos;s <code>media</code> folder, or a test pattern:{' '}
            <code>test://bars</code>, <code>test://ball</code>, <code>test://clock</code>.
          </>
        }
      >
        <input
          id={fieldId('url')}
          type="text"
          className="wide-input mono"
          value={draft.url}
          maxLength={CAMERA_LIMITS.urlMaxLength}
          placeholder="rtsp://camera.local:554/stream1"
          spellCheck={false}
          autoComplete="off"
          aria-invalid={!!errors.url || undefined}
          aria-describedby={describedBy(fieldId('url'), errors.url)}
          onChange={(e) => onChange({ url: e.target.value }, 'url')}
          data-testid="camera-field-url"
        />
      </FormField>
      <FormField
        inputId={fieldId('subUrl')}
        label="Sub-stream URL"
        error={errors.subUrl}
        errorTestId={errorTestId('subUrl')}
        help="Optional. A smaller stream of the same camera, used for the grid."
      >
        <input
          id={fieldId('subUrl')}
          type="text"
          className="wide-input mono"
          value={draft.subUrl}
          maxLength={CAMERA_LIMITS.urlMaxLength}
          placeholder="rtsp://camera.local:554/stream2"
          spellCheck={false}
          autoComplete="off"
          aria-invalid={!!errors.subUrl || undefined}
          aria-describedby={describedBy(fieldId('subUrl'), errors.subUrl)}
          onChange={(e) => onChange({ subUrl: e.target.value }, 'subUrl')}
          data-testid="camera-field-subUrl"
        />
      </FormField>
      <FormField
        inputId={fieldId('rtspTransport')}
        label="RTSP transport"
        error={errors.rtspTransport}
        errorTestId={errorTestId('rtspTransport')}
        help={isRtsp ? 'TCP works through most networks; UDP has less delay on a clean LAN.' : 'Used by RTSP cameras only.'}
      >
        <div id={fieldId('rtspTransport')} className="segmented" role="radiogroup" aria-label="RTSP transport" data-testid="camera-field-rtspTransport">
          {RTSP_TRANSPORT_OPTIONS.map((option) => (
            <label key={option.value} className={option.value === draft.rtspTransport ? 'segment selected' : 'segment'}>
              <input
                type="radio"
                name="camera-rtsp-transport"
                value={option.value}
                checked={option.value === draft.rtspTransport}
                onChange={() => onChange({ rtspTransport: option.value }, 'rtspTransport')}
              />
              {option.label}
            </label>
          ))}
        </div>
      </FormField>
      <FormField
        inputId={fieldId('enabled')}
        label="Enabled"
        error={errors.enabled}
        errorTestId={errorTestId('enabled')}
        help="A disabled camera keeps its settings but is not fetched."
      >
        <label className="check">
          <input
            id={fieldId('enabled')}
            type="checkbox"
            checked={draft.enabled}
            onChange={(e) => onChange({ enabled: e.target.checked }, 'enabled')}
            data-testid="camera-field-enabled"
          />
          Fetch and show this camera
        </label>
      </FormField>
    </fieldset>
  );
}
