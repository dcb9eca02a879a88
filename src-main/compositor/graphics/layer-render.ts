import fs from 'node:fs/promises';
import sharp from 'sharp';
import { MAX_ASSET_PIXELS, type GraphicsLayer } from '../compositor-schema';
import { crop, intersect, parseColor, solid, type RawImage } from './raw-image';
import { renderTextBlock, renderTextLine, type TextStyle } from './text-render';
import { countdownSecondsLeft, formatClock, formatCountdown } from './time-text';

/**
 * One graphics layer → its pixels, at its box size in output pixels, opacity applied. Every
 * function here is pure in its inputs (the cache key in graphics-renderer.ts names them all).
 */

type TextualLayer = Extract<GraphicsLayer, { kind: 'text' | 'clock' | 'countdown' }>;
type ImageLayer = Extract<GraphicsLayer, { kind: 'image' }>;
type LowerThirdLayer = Extract<GraphicsLayer, { kind: 'lowerThird' }>;

/** SVGs are rasterised for their box, but never beyond this density (librsvg's own cost). */
const MAX_SVG_DENSITY = 2400;
/** libvips gives up on an image after this (frees its thread); the layer then shows a placeholder. */
const IMAGE_RENDER_TIMEOUT_SECONDS = 20;

export interface Box {
  width: number;
  height: number;
  /** Output pixels per canvas pixel (font sizes scale with it). */
  scale: number;
}

/** An image file read for a layer, as identified in the cache key. */
export interface AssetFile {
  path: string;
  bytes: Buffer;
}

/** A layer that can be drawn is a broken asset: the renderer draws a placeholder instead. */
export class LayerAssetError extends Error {
  override readonly name = 'LayerAssetError';
}

/** What a clock or countdown shows at `now` (part of its cache key: it re-renders only when this changes). */
export function displayedText(layer: TextualLayer, now: Date): string {
  if (layer.kind === 'text') return layer.text;
  if (layer.kind === 'clock') {
    try {
      return formatClock(now, layer.format, layer.timeZone);
    } catch {
      return formatClock(now, layer.format, null); // an unknown zone: the engine's (logged by the renderer)
    }
  }
  return formatCountdown(layer.durationSeconds, countdownSecondsLeft(layer.durationSeconds, layer.startedAt, now));
}

async function finish(image: sharp.Sharp, opacity: number): Promise<RawImage> {
  const withOpacity = opacity < 1 ? image.linear([1, 1, 1, opacity], [0, 0, 0, 0]) : image;
  const { data, info } = await withOpacity.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { rgba: data, width: info.width, height: info.height };
}

function rawInput(image: RawImage): { input: Buffer; raw: { width: number; height: number; channels: 4 } } {
  return { input: image.rgba, raw: { width: image.width, height: image.height, channels: 4 } };
}

/** A composite input placed at (left, top) in a `box`, cropped to it (sharp refuses overlays larger than the base). */
function placed(image: RawImage, left: number, top: number, box: { width: number; height: number }): sharp.OverlayOptions | null {
  const visible = intersect({ left, top, width: image.width, height: image.height }, { left: 0, top: 0, width: box.width, height: box.height });
  if (!visible) return null;
  const part = crop(image, { left: visible.left - left, top: visible.top - top, width: visible.width, height: visible.height });
  return { ...rawInput(part), left: visible.left, top: visible.top };
}

function canvas(box: Box, color: { r: number; g: number; b: number; a: number } | null): sharp.Sharp {
  return sharp({
    create: { width: box.width, height: box.height, channels: 4, background: color ? { r: color.r, g: color.g, b: color.b, alpha: color.a / 255 } : { r: 0, g: 0, b: 0, alpha: 0 } },
  });
}

export function renderColor(color: string, width: number, height: number, opacity: number): RawImage {
  const c = parseColor(color);
  return solid(width, height, { ...c, a: Math.round(c.a * opacity) });
}

/** Text, clock and countdown: the text in its box on an optional background, aligned, wrapped (text) and clipped. */
export async function renderTextual(layer: TextualLayer, box: Box, now: Date): Promise<RawImage> {
  const sizePx = layer.fontSize * box.scale;
  const style: TextStyle = { family: layer.font, sizePx, bold: layer.bold, color: parseColor(layer.color) };
  const background = layer.background ? parseColor(layer.background) : null;
  const padX = background ? Math.round(sizePx * 0.3) : 0;
  const padY = background ? Math.round(sizePx * 0.15) : 0;
  const innerWidth = Math.max(1, box.width - 2 * padX);
  const text = displayedText(layer, now);

  let overlay: sharp.OverlayOptions | null = null;
  if (layer.kind === 'text') {
    const block = await renderTextBlock(text, style, innerWidth, box.height, layer.align);
    if (block) {
      const { image, lineHeight } = block;
      const left = layer.align === 'left' ? padX : layer.align === 'right' ? box.width - padX - image.width : Math.round((box.width - image.width) / 2);
      // Centred by whole lines (not by ink, which changes with descenders); top-aligned when it overflows.
      const lines = Math.max(1, Math.round((image.height - lineHeight) / lineHeight));
      const textHeight = lines * lineHeight;
      const textTop = textHeight <= box.height - 2 * padY ? Math.round((box.height - textHeight) / 2) : padY;
      overlay = placed(image, left, textTop - lineHeight, box);
    }
  } else {
    const line = await renderTextLine(text, style, innerWidth);
    if (line) {
      const { image, inset } = line;
      const left =
        layer.align === 'left' ? padX - inset : layer.align === 'right' ? box.width - padX - image.width + inset : Math.round((box.width - image.width) / 2);
      overlay = placed(image, left, Math.round((box.height - image.height) / 2), box);
    }
  }
  return finish(canvas(box, background).composite(overlay ? [overlay] : []), layer.opacity);
}

/** A lower third: the bar, an accent stripe on its left, a bold title and a smaller subtitle. */
export async function renderLowerThird(layer: LowerThirdLayer, box: Box): Promise<RawImage> {
  const accentWidth = Math.max(2, Math.round(Math.min(box.height * 0.08, box.width * 0.05)));
  const pad = Math.round(box.height * 0.22);
  const textLeft = accentWidth + pad;
  const maxWidth = Math.max(1, box.width - textLeft - pad);
  const color = parseColor(layer.textColor);
  const hasSubtitle = layer.subtitle.trim() !== '';
  const titleSize = box.height * (hasSubtitle ? 0.36 : 0.5);
  const subtitleSize = box.height * 0.24;
  const [title, subtitle] = await Promise.all([
    renderTextLine(layer.title, { family: layer.font, sizePx: titleSize, bold: true, color }, maxWidth, { ellipsize: true }),
    hasSubtitle ? renderTextLine(layer.subtitle, { family: layer.font, sizePx: subtitleSize, bold: false, color: { ...color, a: Math.round(color.a * 0.85) } }, maxWidth, { ellipsize: true }) : null,
  ]);
  const overlays: sharp.OverlayOptions[] = [];
  const accent = parseColor(layer.accentColor);
  overlays.push({ input: { create: { width: accentWidth, height: box.height, channels: 4, background: { r: accent.r, g: accent.g, b: accent.b, alpha: accent.a / 255 } } }, left: 0, top: 0 });
  // The title's line box sits in the upper part, the subtitle's right under it; both clipped at the bar's right.
  const clipped = (image: RawImage, inset: number, top: number): void => {
    const visibleWidth = Math.min(image.width, maxWidth + inset);
    const part = crop(image, { left: 0, top: 0, width: visibleWidth, height: image.height });
    const overlay = placed(part, textLeft - inset, top, box);
    if (overlay) overlays.push(overlay);
  };
  if (title && subtitle) {
    const total = title.image.height + subtitle.image.height;
    const top = Math.round((box.height - total) / 2);
    clipped(title.image, title.inset, top);
    clipped(subtitle.image, subtitle.inset, top + title.image.height);
  } else if (title) {
    clipped(title.image, title.inset, Math.round((box.height - title.image.height) / 2));
  } else if (subtitle) {
    clipped(subtitle.image, subtitle.inset, Math.round((box.height - subtitle.image.height) / 2));
  }
  return finish(canvas(box, parseColor(layer.barColor)).composite(overlays), layer.opacity);
}

/** Reads an asset's file; a missing or unreadable one is a LayerAssetError. */
export async function readAsset(path: string | null, assetId: string): Promise<AssetFile> {
  if (path === null) throw new LayerAssetError(`image ${assetId} no longer exists`);
  try {
    return { path, bytes: await fs.readFile(path) };
  } catch (err) {
    throw new LayerAssetError(`image ${assetId} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** An image fitted into its box (stretch, contain with transparent margins, or cover cropped at the centre). */
export async function renderImage(layer: ImageLayer, box: Box, file: AssetFile): Promise<RawImage> {
  const options: sharp.SharpOptions = { limitInputPixels: MAX_ASSET_PIXELS, failOn: 'error' };
  try {
    const meta = await sharp(file.bytes, options).metadata();
    if (meta.format === 'svg' && meta.width && meta.height) {
      // Rasterise the vector at the box's size rather than scaling a 72 dpi bitmap up.
      const factor = Math.max(box.width / meta.width, box.height / meta.height);
      options.density = Math.min(MAX_SVG_DENSITY, Math.max(1, 72 * factor));
    }
    const fit = layer.fit === 'stretch' ? 'fill' : layer.fit;
    const image = sharp(file.bytes, options).timeout({ seconds: IMAGE_RENDER_TIMEOUT_SECONDS }).resize(box.width, box.height, { fit, background: { r: 0, g: 0, b: 0, alpha: 0 } });
    return await finish(image.ensureAlpha(), layer.opacity);
  } catch (err) {
    throw new LayerAssetError(`image ${layer.assetId} cannot be decoded (${(err as Error).message.split('\n', 1)[0]})`);
  }
}

/** What stands in for a layer whose image is gone or broken: a dark box, red frame and cross. */
export async function renderPlaceholder(box: Box, opacity: number): Promise<RawImage> {
  const { width: w, height: h } = box;
  const stroke = Math.max(2, Math.round(Math.min(w, h) * 0.02));
  const fontSize = Math.max(8, Math.round(Math.min(h * 0.12, w * 0.06)));
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
<rect x="0" y="0" width="${w}" height="${h}" fill="#1f2937" fill-opacity="0.85"/>
<rect x="${stroke / 2}" y="${stroke / 2}" width="${w - stroke}" height="${h - stroke}" fill="none" stroke="#ef4444" stroke-width="${stroke}"/>
<path d="M0 0L${w} ${h}M${w} 0L0 ${h}" stroke="#ef4444" stroke-opacity="0.6" stroke-width="${stroke}"/>
${w >= 120 && h >= 40 ? `<text x="${w / 2}" y="${h / 2}" font-family="DejaVu Sans, sans-serif" font-weight="bold" font-size="${fontSize}" fill="#ffffff" text-anchor="middle" dominant-baseline="middle" paint-order="stroke" stroke="#1f2937" stroke-width="${Math.ceil(fontSize / 6)}">IMAGE UNAVAILABLE</text>` : ''}
</svg>`;
  return finish(sharp(Buffer.from(svg)).resize(w, h, { fit: 'fill' }), opacity);
}
