/**
 * The properties panel's edits: a draft of changed fields (numbers still as typed), turned
 * into the `compositor.layers.update` patch with the operator's mistakes named per field, and
 * the engine's error messages split per field. Pure.
 */

/** Fields typed as numbers in the panel, with the whole-number rule the engine applies. */
export const INTEGER_FIELDS = ['x', 'y', 'width', 'height', 'fontSize', 'durationSeconds'] as const;

export type Draft = Record<string, unknown>;

export interface PatchResult {
  patch: Record<string, unknown>;
  errors: Record<string, string>;
}

/** The patch for a draft: number fields parsed (whole numbers), opacity from percent, colours checked. */
export function draftToPatch(draft: Draft): PatchResult {
  const patch: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const [field, raw] of Object.entries(draft)) {
    if ((INTEGER_FIELDS as readonly string[]).includes(field)) {
      const text = String(raw).trim();
      const value = Number(text);
      if (text === '' || !Number.isInteger(value)) errors[field] = 'enter a whole number';
      else patch[field] = value;
    } else if (field === 'opacityPercent') {
      const value = Number(String(raw).trim());
      if (String(raw).trim() === '' || !Number.isFinite(value) || value < 0 || value > 100) errors.opacity = 'enter 0 to 100 %';
      else patch.opacity = Math.round(value) / 100;
    } else if (field === 'name') {
      const name = String(raw).trim();
      if (name === '') errors.name = 'a name needs at least one character';
      else patch.name = name;
    } else {
      patch[field] = raw;
    }
  }
  return { patch, errors };
}

/**
 * An engine message split per field of the panel: `patch.font: font "X" does not exist;
 * x: layer outside the frame` gives { font: …, x: … } and leaves the rest in `other`.
 */
export function splitEngineErrors(message: string, fields: readonly string[]): { byField: Record<string, string>; other: string[] } {
  const byField: Record<string, string> = {};
  const other: string[] = [];
  for (const part of message.split(/;\s+/)) {
    const match = /^(?:patch\.|layer\.)?([A-Za-z]+)(?:\.[\w.]+)?: (.+)$/s.exec(part.trim());
    const field = match?.[1];
    if (match && field && fields.includes(field)) byField[field] = byField[field] ? `${byField[field]}; ${match[2]}` : (match[2] ?? '');
    // "patch: the layer … lies outside the canvas" is about the whole layer: the prefix says nothing to an operator.
    else other.push(sentence(part.trim().replace(/^(?:patch|layer): /, '')));
  }
  return { byField, other };
}

const GEOMETRY_FIELDS = ['x', 'y', 'width', 'height'] as const;

/** The geometry fields being changed, marked when the engine says the layer would leave the canvas. */
export function offCanvasErrors(message: string, draft: Draft): Record<string, string> {
  if (!/outside/i.test(message)) return {};
  return Object.fromEntries(GEOMETRY_FIELDS.filter((f) => f in draft).map((f) => [f, 'puts the layer off the canvas']));
}

/** `#rrggbb` or `#rrggbbaa`, as the engine takes colours. */
export function isColor(value: string): boolean {
  return /^#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?$/.test(value);
}

/** A colour with its `#rrggbb` part replaced by what a colour picker gave, its alpha kept. */
export function withPickedRgb(current: string, picked: string): string {
  const alpha = isColor(current) && current.length === 9 ? current.slice(7) : '';
  return `${picked.slice(0, 7)}${alpha}`;
}

/** A message as a sentence: capital first letter. */
export function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}
