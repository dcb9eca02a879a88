import { useState, type FormEvent, type ReactNode } from 'react';
import type { AssetView, Layer } from '../../../src-main/compositor/compositor-schema';
import { ApiClientError, errorMessage } from '../../api/api-client-error';
import { FormField, FormProblem, TextField } from '../../components/FormField';
import { useApiClient } from '../../hooks/api-context';
import { ImagePickerDialog } from './ImagePickerDialog';
import { countdownRemaining, formatCountdown, kindLabel } from './layer-kinds';
import { draftToPatch, isColor, offCanvasErrors, splitEngineErrors, withPickedRgb, type Draft } from './layer-patch';
import { SourcePickerDialog } from './SourcePickerDialog';
import type { VideoSource } from './video-sources';
import { useNow } from '../../hooks/use-now';

interface LayerPropertiesProps {
  sceneId: string;
  layer: Layer;
  /** Titled as in the layer list. */
  title: string;
  fonts: string[] | undefined;
  sources: VideoSource[];
  assets: AssetView[];
  assetUrls: ReadonlyMap<string, string>;
}

/** Every field of every kind, for the engine's messages that name one. */
const FIELDS = [
  'name', 'x', 'y', 'width', 'height', 'opacity', 'visible', 'text', 'font', 'fontSize', 'color', 'background', 'align', 'bold',
  'format', 'timeZone', 'durationSeconds', 'startedAt', 'title', 'subtitle', 'barColor', 'accentColor', 'textColor',
  'sourceId', 'fit', 'assetId',
] as const;

let timeZones: string[] | null = null;
function knownTimeZones(): string[] {
  timeZones ??= typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return timeZones;
}

/**
 * The selected layer's fields. Edits collect in a draft (marked, with Apply and Revert) and go
 * to the engine in one `compositor.layers.update`; visibility, countdown start/reset and
 * picked sources/images apply at once. The engine's refusals appear next to the field they
 * name, the rest above the buttons.
 */
export function LayerProperties({ sceneId, layer, title, fonts, sources, assets, assetUrls }: LayerPropertiesProps) {
  const client = useApiClient();
  const [draft, setDraft] = useState<Draft>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [picker, setPicker] = useState<'source' | 'image' | null>(null);
  const dirty = Object.keys(draft).length > 0;

  const stored = layer as unknown as Record<string, unknown>;
  const value = (field: string): unknown => (field in draft ? draft[field] : field === 'opacityPercent' ? Math.round(layer.opacity * 100) : stored[field]);
  const text = (field: string) => String(value(field) ?? '');
  const set = (field: string, next: unknown) => {
    setDraft((d) => ({ ...d, [field]: next }));
    setErrors(({ [field === 'opacityPercent' ? 'opacity' : field]: _gone, ...rest }) => rest);
    setSaved(false);
  };
  const changed = (field: string) => field in draft;

  async function send(patch: Record<string, unknown>): Promise<boolean> {
    setSaving(true);
    setProblem(null);
    try {
      await client.call('compositor.layers.update', { sceneId, layerId: layer.id, patch });
      return true;
    } catch (error) {
      if (error instanceof ApiClientError && error.code === 'invalid_input') {
        const { byField, other } = splitEngineErrors(error.message, FIELDS);
        setErrors({ ...offCanvasErrors(error.message, draft), ...byField });
        setProblem(other.length > 0 ? other.join('; ') : Object.keys(byField).length > 0 ? 'See the fields marked in red.' : error.message);
      } else {
        setProblem(errorMessage(error));
      }
      return false;
    } finally {
      setSaving(false);
    }
  }

  async function apply(event?: FormEvent) {
    event?.preventDefault();
    const { patch, errors: mine } = draftToPatch(draft);
    if (Object.keys(mine).length > 0) {
      setErrors(mine);
      setProblem('Some fields need a correction.');
      return;
    }
    if (Object.keys(patch).length === 0) return setDraft({});
    if (await send(patch)) {
      setDraft({});
      setErrors({});
      setSaved(true);
    }
  }

  function revert() {
    setDraft({});
    setErrors({});
    setProblem(null);
  }

  async function applyNow(patch: Record<string, unknown>) {
    setSaved(false);
    if (await send(patch)) setErrors({});
  }

  const fieldProps = (field: string) => ({
    inputId: `layer-${field}`,
    error: errors[field],
    errorTestId: `layer-error-${field}`,
  });
  const inputClass = (field: string) => (changed(field) ? 'changed' : undefined);
  const fontList = fonts && !fonts.includes(String(value('font') ?? '')) && value('font') ? [String(value('font')), ...fonts] : (fonts ?? []);

  const textInput = (field: string, label: string, help?: ReactNode, max = 200, placeholder?: string) => (
    <TextField
      label={label}
      help={help}
      {...fieldProps(field)}
      className={inputClass(field)}
      value={text(field)}
      maxLength={max}
      placeholder={placeholder}
      onValue={(next) => set(field, next)}
      testId={`layer-field-${field}`}
    />
  );

  const numberInput = (field: string, label: string, unit?: string) => (
    <FormField label={label} {...fieldProps(field)}>
      <input
        id={`layer-${field}`}
        type="number"
        className={`number-input${changed(field) ? ' changed' : ''}`}
        value={text(field)}
        step={1}
        onChange={(e) => set(field, e.target.value)}
        aria-invalid={errors[field] ? true : undefined}
        data-testid={`layer-field-${field}`}
      />
      {unit && <span className="field-unit">{unit}</span>}
    </FormField>
  );

  const colorInput = (field: string, label: string, nullable = false) => {
    const current = value(field) as string | null;
    const none = nullable && current === null;
    return (
      <FormField label={label} {...fieldProps(field)}>
        {nullable && (
          <label className="check" title="No background: the picture shows through">
            <input type="checkbox" checked={!none} onChange={(e) => set(field, e.target.checked ? '#000000a0' : null)} data-testid={`layer-field-${field}-on`} />
          </label>
        )}
        {!none && (
          <>
            <input
              type="color"
              className="color-swatch"
              aria-label={`${label}: pick`}
              value={current && isColor(current) ? current.slice(0, 7) : '#000000'}
              onChange={(e) => set(field, withPickedRgb(current ?? '', e.target.value))}
            />
            <input
              id={`layer-${field}`}
              type="text"
              className={`mono color-text${changed(field) ? ' changed' : ''}`}
              value={current ?? ''}
              maxLength={9}
              spellCheck={false}
              onChange={(e) => set(field, e.target.value.trim())}
              aria-invalid={errors[field] ? true : undefined}
              data-testid={`layer-field-${field}`}
            />
          </>
        )}
        {none && <span className="muted">None</span>}
      </FormField>
    );
  };

  const selectInput = (field: string, label: string, options: readonly (readonly [string, string])[]) => (
    <FormField label={label} {...fieldProps(field)}>
      <select id={`layer-${field}`} className={inputClass(field)} value={text(field)} onChange={(e) => set(field, e.target.value)} data-testid={`layer-field-${field}`}>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </FormField>
  );

  const fontInput = (field = 'font') => selectInput(field, 'Font', fontList.map((f) => [f, f] as const));

  const textStyle = (
    <>
      {fontInput()}
      {numberInput('fontSize', 'Size', 'px')}
      {colorInput('color', 'Colour')}
      {colorInput('background', 'Background', true)}
      <FormField label="Align" {...fieldProps('align')}>
        <div className="segmented" role="radiogroup" aria-label="Align">
          {(['left', 'center', 'right'] as const).map((a) => (
            <label key={a} className={`segment${value('align') === a ? ' selected' : ''}`}>
              <input type="radio" name="layer-align" value={a} checked={value('align') === a} onChange={() => set('align', a)} data-testid={`layer-align-${a}`} />
              {a === 'left' ? 'Left' : a === 'center' ? 'Centre' : 'Right'}
            </label>
          ))}
        </div>
      </FormField>
      <FormField label="Bold" {...fieldProps('bold')}>
        <label className="check">
          <input id="layer-bold" type="checkbox" checked={Boolean(value('bold'))} onChange={(e) => set('bold', e.target.checked)} data-testid="layer-field-bold" />
          Bold
        </label>
      </FormField>
    </>
  );

  const source = layer.kind === 'video' ? sources.find((s) => s.id === text('sourceId')) : undefined;
  const asset = layer.kind === 'image' ? assets.find((a) => a.id === text('assetId')) : undefined;

  return (
    <form className="layer-properties" onSubmit={apply} noValidate data-testid="layer-properties" data-layer-id={layer.id} data-dirty={dirty}>
      <div className="properties-heading">
        <span className={`kind-chip kind-${layer.kind}`}>{kindLabel(layer.kind)}</span>
        <strong className="truncate">{title}</strong>
      </div>

      <fieldset className="form-section">
        <legend>Layer</legend>
        {textInput('name', 'Name', undefined, 80, 'Optional, e.g. “Sponsor logo”')}
        <FormField label="Visible" {...fieldProps('visible')}>
          <label className="check">
            <input id="layer-visible" type="checkbox" checked={layer.visible} disabled={saving} onChange={(e) => void applyNow({ visible: e.target.checked })} data-testid="layer-field-visible" />
            {layer.visible ? 'Shown' : 'Hidden'}
          </label>
        </FormField>
        <div className="field-pair">
          {numberInput('x', 'X')}
          {numberInput('y', 'Y')}
        </div>
        <div className="field-pair">
          {numberInput('width', 'Width')}
          {numberInput('height', 'Height')}
        </div>
        <FormField label="Opacity" inputId="layer-opacityPercent" error={errors.opacity} errorTestId="layer-error-opacity">
          <input
            type="range"
            min={0}
            max={100}
            className="opacity-range"
            aria-label="Opacity"
            value={Number(value('opacityPercent')) || 0}
            onChange={(e) => set('opacityPercent', e.target.value)}
          />
          <input
            id="layer-opacityPercent"
            type="number"
            min={0}
            max={100}
            className={`number-input small${changed('opacityPercent') ? ' changed' : ''}`}
            value={text('opacityPercent')}
            onChange={(e) => set('opacityPercent', e.target.value)}
            data-testid="layer-field-opacity"
          />
          <span className="field-unit">%</span>
        </FormField>
      </fieldset>

      <fieldset className="form-section">
        <legend>{kindLabel(layer.kind)}</legend>
        {layer.kind === 'text' && (
          <>
            <FormField label="Text" {...fieldProps('text')} help="Ctrl+Enter applies.">
              <textarea
                id="layer-text"
                className={`layer-textarea${changed('text') ? ' changed' : ''}`}
                value={text('text')}
                rows={3}
                maxLength={2000}
                onChange={(e) => set('text', e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void apply();
                }}
                aria-invalid={errors.text ? true : undefined}
                data-testid="layer-field-text"
              />
            </FormField>
            {textStyle}
          </>
        )}
        {layer.kind === 'lowerThird' && (
          <>
            {textInput('title', 'Title')}
            {textInput('subtitle', 'Subtitle')}
            {fontInput()}
            {colorInput('barColor', 'Bar')}
            {colorInput('accentColor', 'Accent')}
            {colorInput('textColor', 'Text colour')}
          </>
        )}
        {layer.kind === 'clock' && (
          <>
            {selectInput('format', 'Format', [
              ['HH:mm:ss', 'Hours, minutes, seconds'],
              ['HH:mm', 'Hours and minutes'],
            ])}
            <FormField label="Time zone" {...fieldProps('timeZone')} help="Empty: the engine's own time zone.">
              <input
                id="layer-timeZone"
                type="text"
                list="layer-time-zones"
                className={inputClass('timeZone')}
                value={text('timeZone')}
                placeholder="e.g. Europe/Paris"
                onChange={(e) => set('timeZone', e.target.value.trim() === '' ? null : e.target.value.trim())}
                aria-invalid={errors.timeZone ? true : undefined}
                data-testid="layer-field-timeZone"
              />
              <datalist id="layer-time-zones">
                {knownTimeZones().map((zone) => (
                  <option key={zone} value={zone} />
                ))}
              </datalist>
            </FormField>
            {textStyle}
          </>
        )}
        {layer.kind === 'countdown' && (
          <>
            {numberInput('durationSeconds', 'Duration', `s (${formatCountdown(Number(text('durationSeconds')) || 0)})`)}
            <CountdownControls layer={layer} busy={saving} onStart={() => void applyNow({ startedAt: new Date().toISOString() })} onReset={() => void applyNow({ startedAt: null })} />
            {textStyle}
          </>
        )}
        {layer.kind === 'color' && colorInput('color', 'Colour')}
        {layer.kind === 'video' && (
          <>
            <FormField label="Source" {...fieldProps('sourceId')}>
              <span className="picked-value truncate" data-testid="layer-source-name">
                {source ? source.name : `Missing (${layer.sourceId})`}
              </span>
              <button type="button" className="button small" onClick={() => setPicker('source')} data-testid="layer-source-change">
                Change…
              </button>
            </FormField>
            {selectInput('fit', 'Fit', [
              ['stretch', 'Stretch to the box'],
              ['contain', 'Fit inside (bars)'],
            ])}
          </>
        )}
        {layer.kind === 'image' && (
          <>
            <FormField label="Image" {...fieldProps('assetId')}>
              <span className="picked-value truncate" data-testid="layer-asset-name">
                {asset ? `${asset.name} (${asset.width}×${asset.height})` : 'Missing image'}
              </span>
              <button type="button" className="button small" onClick={() => setPicker('image')} data-testid="layer-asset-change">
                Change…
              </button>
            </FormField>
            {selectInput('fit', 'Fit', [
              ['contain', 'Fit inside'],
              ['cover', 'Fill (crop)'],
              ['stretch', 'Stretch to the box'],
            ])}
          </>
        )}
      </fieldset>

      {problem && (
        <FormProblem lead="Not applied." className="properties-problem" testId="layer-problem">
          {problem}
        </FormProblem>
      )}
      <div className="properties-buttons">
        {saved && !dirty && !problem && (
          <span className="form-saved" data-testid="layer-saved">
            ✓ Applied
          </span>
        )}
        {dirty && <span className="form-note">Unapplied changes</span>}
        <span className="spacer" />
        <button type="button" className="button small" onClick={revert} disabled={!dirty || saving} data-testid="layer-revert">
          Revert
        </button>
        <button type="submit" className="button primary small" disabled={!dirty || saving} data-testid="layer-apply">
          {saving ? 'Applying…' : 'Apply'}
        </button>
      </div>

      {picker === 'source' && (
        <SourcePickerDialog
          title="Video source"
          sources={sources}
          currentId={layer.kind === 'video' ? layer.sourceId : undefined}
          onClose={() => setPicker(null)}
          onPick={(picked) => {
            setPicker(null);
            void applyNow({ sourceId: picked.id });
          }}
        />
      )}
      {picker === 'image' && (
        <ImagePickerDialog
          title="Image"
          assets={assets}
          assetUrls={assetUrls}
          currentId={layer.kind === 'image' ? layer.assetId : undefined}
          onClose={() => setPicker(null)}
          onPick={(picked) => {
            setPicker(null);
            void applyNow({ assetId: picked.id });
          }}
        />
      )}
    </form>
  );
}

function CountdownControls({ layer, busy, onStart, onReset }: { layer: Extract<Layer, { kind: 'countdown' }>; busy: boolean; onStart(): void; onReset(): void }) {
  const now = useNow(250);
  const remaining = countdownRemaining(layer.durationSeconds, layer.startedAt, now);
  const state = !layer.startedAt ? 'stopped' : remaining > 0 ? 'running' : 'done';
  return (
    <div className="field countdown-controls" data-testid="countdown-controls" data-state={state}>
      <span className="field-label">Timer</span>
      <div className="field-control">
        <span className={`countdown-readout ${state}`} data-testid="countdown-readout">
          {formatCountdown(remaining, layer.durationSeconds)}
        </span>
        <button type="button" className="button small primary" disabled={busy} onClick={onStart} data-testid="countdown-start">
          {state === 'stopped' ? 'Start' : 'Restart'}
        </button>
        <button type="button" className="button small" disabled={busy || state === 'stopped'} onClick={onReset} data-testid="countdown-reset">
          Reset
        </button>
      </div>
    </div>
  );
}
