import type { AssetView, Layer, LayerInput, LayerKind } from '../../../src-main/compositor/compositor-schema';
import { CANVAS, type Box } from './canvas-geometry';

/** Words an operator reads for each layer kind, in the order the add menu offers them. */
export const LAYER_KINDS: readonly { kind: LayerKind; label: string; hint: string }[] = [
  { kind: 'video', label: 'Video', hint: 'A camera or a published stream' },
  { kind: 'image', label: 'Image', hint: 'An uploaded PNG, JPEG or SVG' },
  { kind: 'text', label: 'Text', hint: 'A line or block of text' },
  { kind: 'lowerThird', label: 'Lower third', hint: 'Title and subtitle on a bar' },
  { kind: 'clock', label: 'Clock', hint: 'The time of day' },
  { kind: 'countdown', label: 'Countdown', hint: 'A timer counting down' },
  { kind: 'color', label: 'Colour', hint: 'A solid colour box' },
];

export function kindLabel(kind: LayerKind): string {
  return LAYER_KINDS.find((k) => k.kind === kind)?.label ?? kind;
}

export const DEFAULT_FONT = 'DejaVu Sans';

/** What the layer list shows for a layer: its name, else something from its content. */
export function layerTitle(layer: Layer, sourceName: (sourceId: string) => string, assetName: (assetId: string) => string): string {
  if (layer.name) return layer.name;
  switch (layer.kind) {
    case 'video':
      return sourceName(layer.sourceId);
    case 'image':
      return assetName(layer.assetId);
    case 'text':
      return firstLine(layer.text) || 'Empty text';
    case 'lowerThird':
      return firstLine(layer.title) || 'Lower third';
    case 'clock':
      return `Clock ${layer.format}`;
    case 'countdown':
      return `Countdown ${formatCountdown(layer.durationSeconds)}`;
    case 'color':
      return `Colour ${layer.color}`;
  }
}

function firstLine(text: string): string {
  const line = text.split('\n')[0]?.trim() ?? '';
  return line.length > 40 ? `${line.slice(0, 39)}…` : line;
}

/**
 * As the engine draws it (time-text.ts): `MM:SS`, or `HH:MM:SS` when the countdown's full
 * duration is an hour or more (fixed for the whole run, so it never jumps); seconds rounded up.
 */
export function formatCountdown(secondsLeft: number, durationSeconds = secondsLeft): string {
  const left = Math.max(0, Math.ceil(secondsLeft));
  const two = (n: number): string => String(n).padStart(2, '0');
  const h = Math.floor(left / 3600);
  const m = Math.floor((left % 3600) / 60);
  const s = left % 60;
  return durationSeconds >= 3600 ? `${two(h)}:${two(m)}:${two(s)}` : `${two(m + h * 60)}:${two(s)}`;
}

/** Seconds left on a countdown at `now` (the full duration while it is stopped). */
export function countdownRemaining(durationSeconds: number, startedAt: string | null, now: number): number {
  if (!startedAt) return durationSeconds;
  const started = Date.parse(startedAt);
  if (!Number.isFinite(started)) return durationSeconds;
  return Math.max(0, durationSeconds - (now - started) / 1000);
}

/** The time a clock layer shows at `now`; falls back to local time for a zone this browser does not know. */
export function formatClock(format: 'HH:mm:ss' | 'HH:mm', timeZone: string | null, now: number): string {
  const options: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...(format === 'HH:mm:ss' ? { second: '2-digit' } : {}) };
  try {
    return new Intl.DateTimeFormat('en-GB', { ...options, ...(timeZone ? { timeZone } : {}) }).format(now);
  } catch {
    return new Intl.DateTimeFormat('en-GB', options).format(now);
  }
}

export interface NewLayerContext {
  /** Layers already in the scene. */
  layers: readonly Layer[];
  /** The font new text layers use (the first available one when the default is missing). */
  font: string;
}

/** Where a new layer of a kind goes on the canvas (video depends on the layers already there). */
const DEFAULT_BOXES: Record<Exclude<LayerKind, 'video'>, Box> = {
  image: { x: 660, y: 290, width: 600, height: 500 },
  text: { x: 160, y: 120, width: 960, height: 120 },
  lowerThird: { x: 120, y: 800, width: 1100, height: 160 },
  clock: { x: 1560, y: 40, width: 320, height: 100 },
  countdown: { x: 1560, y: 160, width: 320, height: 100 },
  color: { x: 720, y: 405, width: 480, height: 270 },
};

/** Where a new layer of a kind goes on the canvas. */
export function defaultBox(kind: LayerKind, layers: readonly Layer[]): Box {
  // The first picture fills the frame; the next ones are picture-in-picture in the top right.
  if (kind === 'video') return layers.some((l) => l.kind === 'video') ? { x: 1220, y: 60, width: 640, height: 360 } : { x: 0, y: 0, width: CANVAS.width, height: CANVAS.height };
  return { ...DEFAULT_BOXES[kind] };
}

/** A new text-like layer's style. */
function textStyle(font: string, fontSize: number, background: string | null) {
  return { font, fontSize, color: '#ffffff', background, align: 'center' as const, bold: true };
}

/** A new graphics layer of a kind with sensible content (video and image layers need a source: see the other builders). */
export function newGraphicsLayer(kind: Exclude<LayerKind, 'video' | 'image'>, { layers, font }: NewLayerContext): LayerInput {
  const box = defaultBox(kind, layers);
  switch (kind) {
    case 'text':
      return { kind, ...box, text: 'New text', ...textStyle(font, 64, null) };
    case 'lowerThird':
      return { kind, ...box, title: 'Name Surname', subtitle: 'Role or topic', font };
    case 'clock':
      return { kind, ...box, format: 'HH:mm:ss', timeZone: null, ...textStyle(font, 56, '#000000a0') };
    case 'countdown':
      return { kind, ...box, durationSeconds: 300, startedAt: null, ...textStyle(font, 56, '#000000a0') };
    case 'color':
      return { kind, ...box, color: '#1d4ed8' };
  }
}

export function newVideoLayer(sourceId: string, layers: readonly Layer[]): LayerInput {
  return { kind: 'video', ...defaultBox('video', layers), sourceId, fit: 'contain' };
}

/** An image layer sized to the image's own proportions, centred, at most 800×600. */
export function newImageLayer(asset: Pick<AssetView, 'id' | 'width' | 'height'>): LayerInput {
  const scale = Math.min(1, 800 / Math.max(1, asset.width), 600 / Math.max(1, asset.height));
  const width = Math.max(16, Math.round(asset.width * scale));
  const height = Math.max(16, Math.round(asset.height * scale));
  return {
    kind: 'image',
    x: Math.round((CANVAS.width - width) / 2),
    y: Math.round((CANVAS.height - height) / 2),
    width,
    height,
    assetId: asset.id,
    fit: 'contain',
  };
}

/** The font new layers use: the engine's default when it is installed, else the first one available. */
export function preferredFont(fonts: readonly string[] | undefined): string {
  if (!fonts || fonts.length === 0 || fonts.includes(DEFAULT_FONT)) return DEFAULT_FONT;
  return fonts[0] ?? DEFAULT_FONT;
}
