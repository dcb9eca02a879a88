import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import sharp from 'sharp';
import type { Service } from '../app/service';
import type { Logger } from '../logging/logger';
import { CANVAS_HEIGHT, CANVAS_WIDTH, MAX_ASSET_PIXELS, type GraphicsLayer } from './compositor-schema';

/*
 * TEMPORARY stand-in for src-main/compositor/graphics/ (another engineer's, not yet committed),
 * with the same interface. graphics-port.ts re-exports whichever is in use; delete this file
 * once the real renderer lands.
 */

export interface PlaneRequest {
  width: number;
  height: number;
  layers: GraphicsLayer[];
  assetPath(assetId: string): string | null;
  now: Date;
}
export interface PlaneResult {
  rgba: Buffer;
  renderMs: number;
}

export class AssetError extends Error {
  override readonly name = 'AssetError';
}

export async function validateAsset(bytes: Buffer): Promise<{ format: 'png' | 'jpeg' | 'svg'; width: number; height: number }> {
  const head = bytes.subarray(0, 512).toString('utf8');
  const isSvg = /<svg[\s>]/i.test(bytes.subarray(0, 4096).toString('utf8')) && !head.startsWith('\x89PNG');
  if (isSvg) {
    const text = bytes.toString('utf8');
    if (/<script|\bon[a-z]+\s*=|javascript:/i.test(text)) throw new AssetError('the SVG contains a script; scripts are not allowed');
    if (/(href|src)\s*=\s*["'](?!#|data:)/i.test(text) || /url\(\s*["']?(?!#|data:)/i.test(text) || /<!ENTITY/i.test(text)) {
      throw new AssetError('the SVG refers to external files; only self-contained SVGs are allowed');
    }
  }
  let meta: sharp.Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: MAX_ASSET_PIXELS }).metadata();
  } catch (err) {
    throw new AssetError(`not a readable PNG, JPEG or SVG image (${(err as Error).message})`);
  }
  const format = meta.format === 'png' ? 'png' : meta.format === 'jpeg' ? 'jpeg' : meta.format === 'svg' ? 'svg' : null;
  if (!format) throw new AssetError(`not a PNG, JPEG or SVG image (${meta.format ?? 'unknown format'})`);
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (width < 1 || height < 1) throw new AssetError('the image has no size');
  if (width * height > MAX_ASSET_PIXELS) throw new AssetError(`the image is too large (${width}×${height}); at most ${MAX_ASSET_PIXELS} pixels`);
  return { format, width, height };
}

const run = promisify(execFile);
let fontCache: Promise<string[]> | null = null;

export function listFonts(): Promise<string[]> {
  fontCache ??= run('fc-list', [':', 'family'], { timeout: 10_000 })
    .then(({ stdout }) => [...new Set(stdout.split('\n').flatMap((l) => l.split(',')).map((f) => f.trim()).filter(Boolean))].sort())
    .catch(() => ['DejaVu Sans']);
  return fontCache;
}

export async function assertFontExists(family: string): Promise<void> {
  const fonts = await listFonts();
  if (!fonts.some((f) => f.toLowerCase() === family.toLowerCase())) throw new AssetError(`the font "${family}" is not installed`);
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export async function renderSlatePng(width: number, height: number, label: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#202020"/><text x="50%" y="50%" fill="#d0d0d0" font-family="DejaVu Sans" font-size="${Math.round(height / 12)}" text-anchor="middle" dominant-baseline="middle">${esc(label)}</text></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

function hexColor(c: string | null | undefined): string {
  if (!c) return 'none';
  if (c.length === 9) return `rgba(${parseInt(c.slice(1, 3), 16)},${parseInt(c.slice(3, 5), 16)},${parseInt(c.slice(5, 7), 16)},${(parseInt(c.slice(7, 9), 16) / 255).toFixed(3)})`;
  return c;
}

function layerText(layer: GraphicsLayer, now: Date): string {
  if (layer.kind === 'text') return layer.text;
  if (layer.kind === 'clock') {
    const parts = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: layer.format === 'HH:mm' ? undefined : '2-digit', hour12: false, ...(layer.timeZone ? { timeZone: layer.timeZone } : {}) });
    return parts.format(now);
  }
  if (layer.kind === 'countdown') {
    const elapsed = layer.startedAt ? Math.floor((now.getTime() - Date.parse(layer.startedAt)) / 1000) : 0;
    const left = Math.max(0, layer.durationSeconds - elapsed);
    const h = Math.floor(left / 3600);
    const m = Math.floor((left % 3600) / 60);
    const s = left % 60;
    return `${h > 0 ? `${h}:` : ''}${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
  }
  return '';
}

function layerSvg(layer: GraphicsLayer, now: Date): string {
  const { width: w, height: h } = layer;
  if (layer.kind === 'color') return `<rect width="${w}" height="${h}" fill="${hexColor(layer.color)}"/>`;
  if (layer.kind === 'lowerThird') {
    return `<rect width="${w}" height="${h}" fill="${hexColor(layer.barColor)}"/><rect width="${Math.round(h / 12)}" height="${h}" fill="${hexColor(layer.accentColor)}"/>` +
      `<text x="${h / 4}" y="${h * 0.45}" font-family="${esc(layer.font)}" font-size="${Math.round(h * 0.35)}" font-weight="bold" fill="${hexColor(layer.textColor)}">${esc(layer.title)}</text>` +
      `<text x="${h / 4}" y="${h * 0.82}" font-family="${esc(layer.font)}" font-size="${Math.round(h * 0.22)}" fill="${hexColor(layer.textColor)}">${esc(layer.subtitle)}</text>`;
  }
  if (layer.kind === 'text' || layer.kind === 'clock' || layer.kind === 'countdown') {
    const anchor = layer.align === 'left' ? 'start' : layer.align === 'right' ? 'end' : 'middle';
    const x = layer.align === 'left' ? 0 : layer.align === 'right' ? w : w / 2;
    const bg = layer.background ? `<rect width="${w}" height="${h}" fill="${hexColor(layer.background)}"/>` : '';
    return `${bg}<text x="${x}" y="${layer.fontSize}" font-family="${esc(layer.font)}" font-size="${layer.fontSize}" font-weight="${layer.bold ? 'bold' : 'normal'}" text-anchor="${anchor}" fill="${hexColor(layer.color)}">${esc(layerText(layer, now))}</text>`;
  }
  return '';
}

export class GraphicsRenderer implements Service {
  readonly name = 'graphics-renderer';
  private readonly times: number[] = [];
  private renders = 0;

  private constructor(private readonly logger: Logger) {}

  static create(o: { logger: Logger }): GraphicsRenderer {
    return new GraphicsRenderer(o.logger);
  }

  async render(r: PlaneRequest): Promise<PlaneResult> {
    const started = performance.now();
    const sx = r.width / CANVAS_WIDTH;
    const sy = r.height / CANVAS_HEIGHT;
    const composites: sharp.OverlayOptions[] = [];
    for (const layer of r.layers) {
      if (!layer.visible || layer.opacity <= 0) continue;
      const w = Math.max(1, Math.round(layer.width * sx));
      const h = Math.max(1, Math.round(layer.height * sy));
      let tile: Buffer;
      if (layer.kind === 'image') {
        const file = r.assetPath(layer.assetId);
        if (!file) continue;
        tile = await sharp(file).resize(w, h, { fit: layer.fit === 'stretch' ? 'fill' : layer.fit, background: { r: 0, g: 0, b: 0, alpha: 0 } }).ensureAlpha().png().toBuffer();
      } else {
        const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${layer.width} ${layer.height}" preserveAspectRatio="none">${layerSvg(layer, r.now)}</svg>`;
        tile = await sharp(Buffer.from(svg)).png().toBuffer();
      }
      if (layer.opacity < 1) {
        tile = await sharp(tile).ensureAlpha().composite([{ input: Buffer.from([255, 255, 255, Math.round(layer.opacity * 255)]), raw: { width: 1, height: 1, channels: 4 }, tile: true, blend: 'dest-in' }]).png().toBuffer();
      }
      const left = Math.round(layer.x * sx);
      const top = Math.round(layer.y * sy);
      // Crop what lies outside the plane (sharp refuses overlays that do not fit).
      const cropLeft = Math.max(0, -left);
      const cropTop = Math.max(0, -top);
      const cw = Math.min(w - cropLeft, r.width - Math.max(0, left));
      const ch = Math.min(h - cropTop, r.height - Math.max(0, top));
      if (cw <= 0 || ch <= 0) continue;
      if (cropLeft || cropTop || cw < w || ch < h) tile = await sharp(tile).extract({ left: cropLeft, top: cropTop, width: cw, height: ch }).png().toBuffer();
      composites.push({ input: tile, left: Math.max(0, left), top: Math.max(0, top) });
    }
    const rgba = await sharp({ create: { width: r.width, height: r.height, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .composite(composites)
      .raw()
      .toBuffer();
    const renderMs = performance.now() - started;
    this.times.push(renderMs);
    if (this.times.length > 600) this.times.shift();
    this.renders++;
    return { rgba, renderMs };
  }

  nextChangeAt(layers: GraphicsLayer[], now: Date): Date | null {
    const ticking = layers.some((l) => l.visible && (l.kind === 'clock' || (l.kind === 'countdown' && l.startedAt !== null)));
    return ticking ? new Date(Math.floor(now.getTime() / 1000) * 1000 + 1000) : null;
  }

  renderStats(): { renderMsP50: number | null; renderMsP99: number | null; renders: number } {
    if (this.times.length === 0) return { renderMsP50: null, renderMsP99: null, renders: this.renders };
    const sorted = [...this.times].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
    return { renderMsP50: at(0.5), renderMsP99: at(0.99), renders: this.renders };
  }

  async close(): Promise<void> {
    this.logger.debug('Graphics renderer closed');
  }
}
