import type { Settings, SettingsPatch } from '../../../src-main/api/contract';
import { SETTINGS_FIELDS, type SettingField, type SettingKey } from './settings-fields';

/** What the operator is editing: every field as the text of its input. */
export type SettingsDraft = Record<SettingKey, string>;

export type FieldErrors = Partial<Record<SettingKey, string>>;

export function draftFrom(settings: Settings): SettingsDraft {
  const draft = {} as SettingsDraft;
  for (const field of SETTINGS_FIELDS) draft[field.key] = String(field.read(settings));
  return draft;
}

export function changedKeys(draft: SettingsDraft, saved: Settings): SettingKey[] {
  const savedDraft = draftFrom(saved);
  return SETTINGS_FIELDS.filter((f) => draft[f.key] !== savedDraft[f.key]).map((f) => f.key);
}

/**
 * The patch for `settings.update`: only the changed fields. Values the form cannot even turn
 * into the right type (an empty number) come back as errors; range checks are the engine's.
 */
export function patchFrom(draft: SettingsDraft, saved: Settings): { patch: SettingsPatch; errors: FieldErrors } {
  let patch: SettingsPatch = {};
  const errors: FieldErrors = {};
  for (const key of changedKeys(draft, saved)) {
    const field = SETTINGS_FIELDS.find((f) => f.key === key);
    if (!field) continue;
    const result = fieldPatch(field, draft[key]);
    if (typeof result === 'string') errors[key] = result;
    else patch = mergePatches(patch, result);
  }
  return { patch, errors };
}

/**
 * Settings changed elsewhere while the form was open: take the new value of every field the
 * operator has not touched, keep the operator's edits.
 */
export function rebaseDraft(draft: SettingsDraft, oldSaved: Settings, newSaved: Settings): SettingsDraft {
  const before = draftFrom(oldSaved);
  const after = draftFrom(newSaved);
  const next = { ...draft };
  for (const field of SETTINGS_FIELDS) {
    if (draft[field.key] === before[field.key]) next[field.key] = after[field.key];
  }
  return next;
}

/**
 * Splits the engine's `invalid_input` message (`media.stallTimeoutSeconds: Too big…; nodeName: …`)
 * into messages per field; parts naming no known field are returned as `other`.
 */
export function fieldErrorsFromMessage(message: string): { byField: FieldErrors; other: string[] } {
  const byField: FieldErrors = {};
  const other: string[] = [];
  for (const part of message.split('; ')) {
    const match = /^([\w.]+): (.+)$/s.exec(part);
    const field = match && SETTINGS_FIELDS.find((f) => f.path === match[1]);
    if (match?.[2] && field) byField[field.key] = match[2];
    else other.push(part);
  }
  return { byField, other };
}

function fieldPatch(field: SettingField, text: string): SettingsPatch | string {
  switch (field.kind) {
    case 'text':
      return field.patch(text);
    case 'number': {
      const trimmed = text.trim();
      const value = Number(trimmed);
      if (trimmed === '' || !Number.isFinite(value)) return 'Enter a number';
      return field.patch(value);
    }
    case 'choice':
      return field.patch(text) ?? 'Choose one of the options';
    case 'boolean':
      return text === 'true' || text === 'false' ? field.patch(text === 'true') : 'Choose on or off';
  }
}

function mergePatches(a: SettingsPatch, b: SettingsPatch): SettingsPatch {
  return {
    ...a,
    ...b,
    ...(a.ui || b.ui ? { ui: { ...a.ui, ...b.ui } } : {}),
    ...(a.media || b.media ? { media: { ...a.media, ...b.media } } : {}),
    ...(a.recordings || b.recordings ? { recordings: { ...a.recordings, ...b.recordings } } : {}),
    ...(a.rtmp || b.rtmp
      ? { rtmp: { ...a.rtmp, ...b.rtmp, ...(a.rtmp?.tls || b.rtmp?.tls ? { tls: { ...a.rtmp?.tls, ...b.rtmp?.tls } } : {}) } }
      : {}),
  };
}
