import { useState } from 'react';
import type { OutputView } from '../../../src-main/compositor/compositor-schema';
import { describedBy, FormField, TextField } from '../../components/FormField';
import { FormModal } from '../../components/Modal';
import { useApiClient } from '../../hooks/api-context';
import { useEngineForm } from '../../hooks/use-engine-form';
import { splitEngineErrors } from './layer-patch';

const RESOLUTIONS = ['720p', '1080p'] as const;
const FRAME_RATES = [25, 30, 50, 60] as const;
const PRESETS = ['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium'] as const;
const FIELDS = ['name', 'resolution', 'fps', 'videoBitrateKbps', 'preset', 'enabled', 'recording'] as const;

/** Adds or edits a program output; a changed format restarts a running one (the engine says so). */
export function OutputDialog({ output, defaultName, onClose }: { output?: OutputView; defaultName: string; onClose(): void }) {
  const client = useApiClient();
  const [name, setName] = useState(output?.name ?? defaultName);
  const [resolution, setResolution] = useState<(typeof RESOLUTIONS)[number]>(output?.resolution ?? '1080p');
  const [fps, setFps] = useState<number>(output?.fps ?? 30);
  const [bitrate, setBitrate] = useState(String(output?.videoBitrateKbps ?? 6000));
  const [preset, setPreset] = useState<(typeof PRESETS)[number]>(output?.preset ?? 'veryfast');
  const [start, setStart] = useState(true);
  const [record, setRecord] = useState(output?.recording.enabled ?? false);
  const [segment, setSegment] = useState(String(output?.recording.segmentSeconds ?? 60));
  const { errors, setErrors, problem, saving, submit } = useEngineForm(FIELDS, { fieldCodes: ['invalid_input'], split: splitEngineErrors, joiner: '; ', failurePrefix: '' });
  const running = output !== undefined && output.status.state !== 'stopped';
  const formatChanged = output !== undefined && (output.resolution !== resolution || output.fps !== fps || String(output.videoBitrateKbps) !== bitrate.trim() || output.preset !== preset);

  async function save() {
    const kbps = Number(bitrate.trim());
    const mine: Partial<Record<(typeof FIELDS)[number], string>> = {};
    if (name.trim() === '') mine.name = 'enter a name, e.g. “Program 1080p”';
    if (!Number.isInteger(kbps) || kbps < 300 || kbps > 50_000) mine.videoBitrateKbps = 'a whole number from 300 to 50 000 kb/s';
    const segmentSeconds = Number(segment.trim());
    if (!Number.isInteger(segmentSeconds) || segmentSeconds < 2 || segmentSeconds > 600) mine.recording = 'segments are a whole number from 2 to 600 seconds';
    setErrors(mine);
    if (Object.keys(mine).length > 0) return;
    const format = { name: name.trim(), resolution, fps: fps as 25 | 30 | 50 | 60, videoBitrateKbps: kbps, preset };
    const recording = { enabled: record, segmentSeconds };
    await submit(async () => {
      if (output) await client.call('compositor.outputs.update', { id: output.id, ...format, recording });
      else await client.call('compositor.outputs.add', { ...format, enabled: start, recording });
      onClose();
    });
  }

  return (
    <FormModal
      title={output ? `Edit ${output.name}` : 'Add program output'}
      onClose={onClose}
      onSubmit={save}
      className="program-dialog"
      testId="output-dialog"
      problem={problem}
      problemTestId="output-problem"
      saving={saving}
      submitLabel={output ? 'Save' : 'Add output'}
      submitTestId="output-save"
    >
      <TextField inputId="output-name" label="Name" error={errors.name} errorTestId="output-error-name" value={name} maxLength={80} onValue={setName} autoFocus testId="output-field-name" />
      <FormField inputId="output-resolution" label="Resolution" error={errors.resolution} errorTestId="output-error-resolution">
        <div className="segmented" role="radiogroup" aria-label="Resolution">
          {RESOLUTIONS.map((r) => (
            <label key={r} className={`segment${resolution === r ? ' selected' : ''}`}>
              <input type="radio" name="output-resolution" value={r} checked={resolution === r} onChange={() => setResolution(r)} data-testid={`output-resolution-${r}`} />
              {r === '720p' ? '720p (1280×720)' : '1080p (1920×1080)'}
            </label>
          ))}
        </div>
      </FormField>
      <FormField inputId="output-fps" label="Frame rate" error={errors.fps} errorTestId="output-error-fps">
        <div className="segmented" role="radiogroup" aria-label="Frame rate">
          {FRAME_RATES.map((f) => (
            <label key={f} className={`segment${fps === f ? ' selected' : ''}`}>
              <input type="radio" name="output-fps" value={f} checked={fps === f} onChange={() => setFps(f)} data-testid={`output-fps-${f}`} />
              {f}
            </label>
          ))}
        </div>
      </FormField>
      <FormField inputId="output-bitrate" label="Video bitrate" error={errors.videoBitrateKbps} errorTestId="output-error-bitrate" help="300 to 50 000 kb/s. 6000 suits 1080p30.">
        <input
          id="output-bitrate"
          type="number"
          className="number-input"
          min={300}
          max={50_000}
          step={500}
          value={bitrate}
          onChange={(e) => setBitrate(e.target.value)}
          aria-invalid={errors.videoBitrateKbps ? true : undefined}
          aria-describedby={describedBy('output-bitrate', errors.videoBitrateKbps)}
          data-testid="output-field-bitrate"
        />
        <span className="field-unit">kb/s</span>
      </FormField>
      <FormField inputId="output-preset" label="Encoder preset" error={errors.preset} errorTestId="output-error-preset" help="Faster presets use less CPU for a little less quality.">
        <select id="output-preset" value={preset} onChange={(e) => setPreset(e.target.value as (typeof PRESETS)[number])} data-testid="output-field-preset">
          {PRESETS.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </FormField>
      <FormField
        inputId="output-record"
        label="Recording"
        error={errors.recording}
        errorTestId="output-error-recording"
        help="Recorded into the recordings like a camera, while the output is live."
      >
        <label className="check">
          <input id="output-record" type="checkbox" checked={record} onChange={(e) => setRecord(e.target.checked)} data-testid="output-field-record" />
          Record the program
        </label>
        <input
          id="output-segment"
          type="number"
          className="number-input"
          min={2}
          max={600}
          value={segment}
          onChange={(e) => setSegment(e.target.value)}
          aria-label="Segment length"
          aria-invalid={errors.recording ? true : undefined}
          disabled={!record}
          data-testid="output-field-segment"
        />
        <span className="field-unit">s segments</span>
      </FormField>
      {!output && (
        <FormField inputId="output-start" label="Start" errorTestId="output-error-enabled">
          <label className="check">
            <input id="output-start" type="checkbox" checked={start} onChange={(e) => setStart(e.target.checked)} data-testid="output-field-start" />
            Start encoding now
          </label>
        </FormField>
      )}
      {running && formatChanged && <p className="reveal-warning">Saving restarts this output: destinations reading it reconnect.</p>}
    </FormModal>
  );
}
