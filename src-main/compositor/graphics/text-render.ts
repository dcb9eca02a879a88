import sharp from 'sharp';
import { MAX_TEXT_LENGTH } from '../compositor-schema';
import type { RawImage } from './raw-image';

/**
 * Text through sharp's `text` input (Pango + fontconfig, in libvips threads). Pango reads
 * markup, so user text is always escaped; colour and alpha are set by our own `<span>`.
 * vips crops its output to the ink of the glyphs, which would make a ticking clock jitter
 * (a "1" has less ink than a "0") and edited text jump: invisible full-height blocks (anchors)
 * frame single lines and sit above wrapped text, so the image's box is the lines' own box.
 */

/** Text is laid out at 72 dpi, so a size in points is a size in pixels. */
const DPI = 72;
/** U+2588 FULL BLOCK: spans the font's ascent to descent; drawn with (almost) zero alpha. */
const ANCHOR = '<span alpha="1">\u2588</span>';
/** Narrowest plausible glyph advance, as a fraction of the font size (to bound text to its box). */
const MIN_GLYPH_EM = 0.2;
/** More combining marks than this on one character ("zalgo") only grow the ink box. */
const MAX_COMBINING_MARKS = 4;

export interface TextStyle {
  family: string;
  sizePx: number;
  bold: boolean;
  /** Straight RGBA 0..255. */
  color: { r: number; g: number; b: number; a: number };
}

/** Makes any string safe and bounded for Pango: well-formed, no control characters, at most `maxChars`. */
export function sanitizeText(text: string, maxChars = MAX_TEXT_LENGTH): string {
  // Clamp before anything else: a 100 000-character string costs nothing beyond this slice.
  let s = text.length > maxChars ? text.slice(0, maxChars) : text;
  s = s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
  s = s.replace(/\r\n?/g, '\n').replace(/\t/g, '    ');
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  s = s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffe\uffff]/g, '');
  s = s.replace(new RegExp(`(\\p{M}{${MAX_COMBINING_MARKS}})\\p{M}+`, 'gu'), '$1');
  return s;
}

export function escapeMarkup(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * Drops what cannot show in a `boxWidth`×`boxHeight` box at this size anyway (lines below the
 * box, characters past what its lines can hold), so layout time is bounded by the box.
 */
export function clampToBox(text: string, boxWidth: number, boxHeight: number, sizePx: number): string {
  const maxLines = Math.ceil(boxHeight / sizePx) + 1;
  const perLine = Math.ceil(boxWidth / (sizePx * MIN_GLYPH_EM)) + 1;
  const lines = text.split('\n').slice(0, maxLines).join('\n');
  return lines.slice(0, maxLines * perLine);
}

/** A Pango font description; the family is one name (a comma would start a fallback list). */
export function fontDescription(family: string, bold: boolean, sizePx: number): string {
  const name = family.replace(/[,\\]/g, ' ').trim() || 'Sans';
  return `${name}, ${bold ? 'Bold ' : ''}${Math.max(1, Math.round(sizePx * 10) / 10)}`;
}

function span(style: TextStyle, body: string): string {
  const { r, g, b, a } = style.color;
  const hex = `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
  const alpha = Math.max(1, Math.round((a / 255) * 65535));
  return `<span foreground="${hex}" alpha="${alpha}">${body}</span>`;
}

async function pango(markup: string, style: TextStyle, options: { width?: number; align?: 'left' | 'centre' | 'right' } = {}): Promise<RawImage> {
  const { data, info } = await sharp({
    text: {
      text: markup,
      font: fontDescription(style.family, style.bold, style.sizePx),
      dpi: DPI,
      rgba: true,
      ...(options.width ? { width: Math.max(1, Math.round(options.width)), wrap: 'word-char' as const } : {}),
      ...(options.align ? { align: options.align } : {}),
    },
  })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { rgba: data, width: info.width, height: info.height };
}

/**
 * Wrapped text, `wrapWidth` pixels wide, aligned by Pango; null when nothing would show. An
 * invisible anchor line sits above the text: it pins the image's top to the first line's box
 * (and, left- or right-aligned, its side to the layout's edge), so editing the text never
 * moves what did not change. The text starts `lineHeight` pixels below the image's top.
 */
export async function renderTextBlock(
  text: string,
  style: TextStyle,
  wrapWidth: number,
  boxHeight: number,
  align: 'left' | 'center' | 'right',
): Promise<{ image: RawImage; lineHeight: number } | null> {
  const clean = clampToBox(sanitizeText(text), wrapWidth, boxHeight, style.sizePx);
  if (clean.trim() === '' || style.color.a === 0) return null;
  const [image, anchor] = await Promise.all([
    pango(span(style, `${ANCHOR}\n${escapeMarkup(clean)}`), style, { width: wrapWidth, align: align === 'center' ? 'centre' : align }),
    anchorSize(style),
  ]);
  return { image, lineHeight: anchor.height };
}

const anchorSizes = new Map<string, Promise<{ width: number; height: number }>>();

/** The size of one invisible anchor at this font and size: its width, and the line's height (measured once). */
function anchorSize(style: TextStyle): Promise<{ width: number; height: number }> {
  const key = fontDescription(style.family, style.bold, style.sizePx);
  let size = anchorSizes.get(key);
  if (!size) {
    size = pango(ANCHOR, style).then((image) => ({ width: image.width, height: image.height }));
    size.catch(() => anchorSizes.delete(key));
    if (anchorSizes.size > 256) anchorSizes.clear();
    anchorSizes.set(key, size);
  }
  return size;
}

/** Shortening a line to fit is a few layouts at most: each try cuts by the measured overflow. */
const MAX_ELLIPSIS_TRIES = 6;

/**
 * One line of text (no wrapping) in its line box: the image is [anchor][text][anchor], with
 * `inset` the anchor's width on each side, so the text's own box is `inset..width-inset`.
 * With `ellipsize`, a line wider than `maxWidth` is shortened and ends in "…".
 */
export async function renderTextLine(
  text: string,
  style: TextStyle,
  maxWidth: number,
  options: { ellipsize?: boolean } = {},
): Promise<{ image: RawImage; inset: number } | null> {
  const clean = clampToBox(sanitizeText(text).replace(/\n/g, ' '), maxWidth, style.sizePx, style.sizePx);
  if (clean.trim() === '' || style.color.a === 0) return null;
  const draw = (line: string): Promise<RawImage> => pango(span(style, `${ANCHOR}${escapeMarkup(line)}${ANCHOR}`), style);
  const [first, anchor] = await Promise.all([draw(clean), anchorSize(style)]);
  const inset = anchor.width;
  let image = first;
  if (options.ellipsize) {
    let chars = [...clean];
    for (let tries = 0; tries < MAX_ELLIPSIS_TRIES && image.width - 2 * inset > maxWidth && chars.length > 1; tries++) {
      const keep = Math.max(1, Math.min(chars.length - 1, Math.floor((chars.length * maxWidth) / (image.width - 2 * inset)) - 1));
      chars = chars.slice(0, keep);
      image = await draw(`${chars.join('').trimEnd()}\u2026`);
    }
  }
  return { image, inset };
}
