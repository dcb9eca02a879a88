import fs from 'node:fs/promises';
import sharp from 'sharp';
import { ClosedError } from '../../api/errors';
import type { Service } from '../../app/service';
import type { Logger } from '../../logging/logger';
import { CANVAS_HEIGHT, CANVAS_WIDTH, type GraphicsLayer } from '../compositor-schema';
import {
  LayerAssetError,
  displayedText,
  readAsset,
  renderColor,
  renderImage,
  renderLowerThird,
  renderPlaceholder,
  renderTextual,
  type AssetFile,
  type Box,
} from './layer-render';
import { area, blit, crop, intersect, mergeRects, type RawImage, type Rect } from './raw-image';
import { rgbaToYuva, yuvaSize } from './yuva';
import { clockNextChange, countdownNextChange, isValidTimeZone } from './time-text';

export interface PlaneRequest {
  /** Output size (1280×720 or 1920×1080); layers are in 1920×1080 canvas coordinates and are scaled. */
  width: number;
  height: number;
  /** Bottom first; invisible ones are skipped; opacity is applied. */
  layers: GraphicsLayer[];
  /** The file of an uploaded image, null when the asset is gone. */
  assetPath(assetId: string): string | null;
  /** For clocks and countdowns. */
  now: Date;
  /**
   * Names a stream of renders (one output's program, a preview): a render re-composites only
   * the regions that changed since the previous render of the same plane. Default: one per size.
   */
  planeId?: string;
  /**
   * The rgba of an earlier result of this plane that the caller no longer reads (its pipe
   * write done). A patched plane is written into it instead of a new 8 MB buffer: at 1080p,
   * allocating one per clock tick costs more main-thread time (V8 collects after external
   * memory) than the rendering itself. Ignored when it is the latest plane or the wrong size.
   */
  recycle?: Buffer;
  /** Also return the plane as yuva420p (FFmpeg's blending format), converted only where it changed. */
  yuva?: boolean;
  /**
   * The yuva of an earlier result of this plane that the caller no longer reads or writes out
   * (the same rule as `recycle`): a patched yuva plane goes into it instead of a new buffer.
   */
  recycleYuva?: Buffer;
}

export interface PlaneResult {
  /** width × height × 4, straight alpha. Shared with the renderer's state: read it, never write to it. */
  rgba: Buffer;
  /** The same plane as yuva420p when asked for; a new buffer whenever the plane changed (never written to afterwards). */
  yuva?: Buffer;
  renderMs: number;
}

export interface CacheStats {
  /** Layers drawn (cache misses) since creation. */
  layerRenders: number;
  /** Layers reused from the cache since creation. */
  cacheHits: number;
  cachedLayers: number;
  cachedBytes: number;
}

/** Rendered layers kept for reuse, least recently used dropped first beyond this. */
const CACHE_BUDGET_BYTES = 256 * 1024 * 1024;
/** Composited planes kept for incremental renders (8 MB each at 1080p). */
const MAX_PLANES = 6;
/** Beyond this share of the frame changed, a full recomposite is as cheap as patching. */
const FULL_REDRAW_SHARE = 0.5;
const STATS_WINDOW_MS = 60_000;
/** A layer not drawn within this stands as a placeholder in the plane until it is (one slow SVG must not hold up the rest). */
const LAYER_TIMEOUT_MS = 2_000;
/** While a slow layer is still drawing, the plane asks to be rendered again this soon. */
const SLOW_LAYER_RETRY_MS = 500;
/** A rendered layer unused this long is dropped (a clock leaves one image per second behind). */
const CACHE_IDLE_MS = 60_000;
const MAX_STATS_SAMPLES = 20_000;

interface Placed {
  key: string;
  image: RawImage;
  /** Where the layer's image sits in the plane (may reach outside it). */
  left: number;
  top: number;
}

interface PlaneState {
  placed: Placed[];
  rgba: Buffer;
  yuva?: Buffer;
}

interface CacheEntry {
  image: RawImage;
  bytes: number;
  usedAt: number;
}

/**
 * Graphics layers → one transparent RGBA plane that FFmpeg composites over video. Each layer
 * is drawn by sharp (libvips threads, never this one) and cached under a key naming everything
 * it depends on (content and output size, not position), so a clock re-draws only itself once
 * a second and moving a layer re-draws nothing. The plane itself is patched: only rectangles
 * where something changed are re-composited (by sharp), the rest is copied from the last plane.
 *
 * No worker thread: every pixel operation already runs in libvips' thread pool; what stays on
 * this thread is memcpy of rows and the 8 MB copy of a plane (about 3 ms at 1080p). Input that
 * could be pathological is bounded before it reaches libvips (text clamped to its box, images
 * refused above MAX_ASSET_PIXELS, SVGs rasterised at a capped density).
 */
export class GraphicsRenderer implements Service {
  readonly name = 'graphics';
  private readonly cache = new Map<string, CacheEntry>();
  private cachedBytes = 0;
  private readonly inFlight = new Map<string, Promise<RawImage>>();
  private readonly planes = new Map<string, PlaneState>();
  private readonly samples: { at: number; ms: number }[] = [];
  private readonly loggedProblems = new Set<string>();
  private lastSweep = 0;
  private layerRenders = 0;
  private cacheHits = 0;
  private closed = false;

  /**
   * Images are decoded one at a time: libuv's threadpool (4 threads, shared with file I/O)
   * runs sharp's work, and an image is the one input whose cost is not bounded by its box.
   */
  private readonly imageSlot = new Slot();
  /** Layers past their time, still drawing. */
  private readonly slow = new Set<string>();

  private constructor(
    private readonly log: Logger,
    private readonly layerTimeoutMs: number,
  ) {}

  static create(options: { logger: Logger; layerTimeoutMs?: number }): GraphicsRenderer {
    warmUp();
    return new GraphicsRenderer(options.logger, options.layerTimeoutMs ?? LAYER_TIMEOUT_MS);
  }

  /** The full-frame transparent plane with the layers composited, bottom first. Never throws for a layer. */
  async render(request: PlaneRequest): Promise<PlaneResult> {
    if (this.closed) throw new ClosedError('The graphics renderer');
    const started = performance.now();
    const { width, height } = request;
    const frame: Rect = { left: 0, top: 0, width, height };
    const scale = Math.min(width / CANVAS_WIDTH, height / CANVAS_HEIGHT);
    const jobs = request.layers.map((layer) => this.placeLayer(layer, request, frame, scale));
    const placed = (await Promise.all(jobs)).filter((p): p is Placed => p !== null);

    const planeKey = `${request.planeId ?? 'default'}@${width}x${height}`;
    const previous = this.planes.get(planeKey);
    const dirty = previous ? changedRegions(previous.placed, placed, frame) : null;
    let rgba: Buffer;
    if (previous && dirty && dirty.reduce((sum, r) => sum + area(r), 0) <= FULL_REDRAW_SHARE * area(frame)) {
      rgba = dirty.length === 0 ? previous.rgba : copyInto(previous.rgba, request.recycle);
      const plane: RawImage = { rgba, width, height };
      const patches = await Promise.all(dirty.map((region) => composeRegion(placed, region)));
      dirty.forEach((region, i) => blit(patches[i]!, { left: 0, top: 0, width: region.width, height: region.height }, plane, region.left, region.top));
    } else {
      rgba = (await composeRegion(placed, frame)).rgba;
    }
    if (this.closed) throw new ClosedError('The graphics renderer');
    const yuva = request.yuva ? planeYuva({ rgba, width, height }, previous, rgba === previous?.rgba ? [] : dirty, request.recycleYuva) : undefined;
    this.planes.delete(planeKey);
    this.planes.set(planeKey, { placed, rgba, yuva });
    while (this.planes.size > MAX_PLANES) this.planes.delete(this.planes.keys().next().value!);

    const renderMs = performance.now() - started;
    this.record(renderMs);
    return { rgba, yuva, renderMs };
  }

  /**
   * When the plane next changes by itself (a clock's next second or minute, a running
   * countdown's next second, a slow layer that will be ready), null if static.
   */
  nextChangeAt(layers: GraphicsLayer[], now: Date): Date | null {
    let next: Date | null = this.slow.size > 0 ? new Date(now.getTime() + SLOW_LAYER_RETRY_MS) : null;
    for (const layer of layers) {
      if (!layer.visible || layer.opacity <= 0) continue;
      const at =
        layer.kind === 'clock'
          ? clockNextChange(now, layer.format)
          : layer.kind === 'countdown'
            ? countdownNextChange(layer.durationSeconds, layer.startedAt, now)
            : null;
      if (at && (!next || at < next)) next = at;
    }
    return next;
  }

  /** Plane render times over the last minute. */
  renderStats(): { renderMsP50: number | null; renderMsP99: number | null; renders: number } {
    this.prune(Date.now());
    const sorted = this.samples.map((s) => s.ms).sort((a, b) => a - b);
    const pick = (q: number): number | null => (sorted.length ? round2(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!) : null);
    return { renderMsP50: pick(0.5), renderMsP99: pick(0.99), renders: sorted.length };
  }

  cacheStats(): CacheStats {
    return { layerRenders: this.layerRenders, cacheHits: this.cacheHits, cachedLayers: this.cache.size, cachedBytes: this.cachedBytes };
  }

  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.cache.clear();
      this.cachedBytes = 0;
      this.planes.clear();
    }
    return Promise.resolve();
  }

  /** A layer's pixels (cached) and where they go; null when it shows nothing (invisible, transparent, off-frame). */
  private async placeLayer(layer: GraphicsLayer, request: PlaneRequest, frame: Rect, scale: number): Promise<Placed | null> {
    if (!layer.visible || layer.opacity <= 0) return null;
    const sx = request.width / CANVAS_WIDTH;
    const sy = request.height / CANVAS_HEIGHT;
    const rect: Rect = { left: Math.round(layer.x * sx), top: Math.round(layer.y * sy), width: Math.max(1, Math.round(layer.width * sx)), height: Math.max(1, Math.round(layer.height * sy)) };
    const visible = intersect(rect, frame);
    if (!visible) return null;

    if (layer.kind === 'color') {
      // Uniform: only its visible part is drawn, so a huge colour layer costs no more than the frame.
      const key = JSON.stringify(['color', layer.color, layer.opacity, visible.width, visible.height]);
      const image = await this.cached(key, () => Promise.resolve(renderColor(layer.color, visible.width, visible.height, layer.opacity)));
      return { key, image, left: visible.left, top: visible.top };
    }

    const box: Box = { width: rect.width, height: rect.height, scale };
    let key: string;
    let draw: () => Promise<RawImage>;
    switch (layer.kind) {
      case 'text':
      case 'clock':
      case 'countdown': {
        if (layer.kind === 'clock' && layer.timeZone !== null && !isValidTimeZone(layer.timeZone)) {
          this.logOnce(`tz:${layer.timeZone}`, 'clock layer has an unknown time zone; showing the engine time', { layer: layer.id, timeZone: layer.timeZone });
        }
        const text = displayedText(layer, request.now);
        key = JSON.stringify(['text', text, layer.font, layer.fontSize, layer.color, layer.background, layer.align, layer.bold, layer.opacity, box, layer.kind === 'text']);
        draw = () => renderTextual(layer, box, request.now);
        break;
      }
      case 'lowerThird':
        key = JSON.stringify(['lowerThird', layer.title, layer.subtitle, layer.font, layer.barColor, layer.accentColor, layer.textColor, layer.opacity, box]);
        draw = () => renderLowerThird(layer, box);
        break;
      case 'image': {
        const path = request.assetPath(layer.assetId);
        // The file's identity is part of the key: a replaced or deleted file is noticed without re-reading it every time.
        const stat = path === null ? null : await fs.stat(path).catch(() => null);
        key = JSON.stringify(['image', layer.assetId, path, stat?.size ?? null, stat?.mtimeMs ?? null, layer.fit, layer.opacity, box]);
        draw = async () => {
          try {
            if (!stat || !stat.isFile()) throw new LayerAssetError(`image ${layer.assetId} no longer exists`);
            const file: AssetFile = await readAsset(path, layer.assetId);
            return await this.imageSlot.run(() => renderImage(layer, box, file));
          } catch (err) {
            if (!(err instanceof LayerAssetError)) throw err;
            this.logOnce(`${layer.id}:${err.message}`, 'image layer shows a placeholder', { layer: layer.id, asset: layer.assetId, reason: err.message });
            return renderPlaceholder(box, layer.opacity);
          }
        };
        break;
      }
    }
    const placeholder = (): Promise<RawImage> => renderPlaceholder(box, layer.opacity).catch(() => renderColor(PLACEHOLDER_FALLBACK, box.width, box.height, layer.opacity));
    const drawing = this.cached(key, async () => {
      try {
        return await draw();
      } catch (err) {
        // Whatever went wrong in one layer (a Pango error, a libvips failure) stays in that layer.
        this.logOnce(`${layer.id}:${(err as Error).message}`, 'graphics layer failed to render; showing a placeholder', { layer: layer.id, kind: layer.kind, error: (err as Error).message });
        return placeholder();
      }
    });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), this.layerTimeoutMs);
    });
    const image = await Promise.race([drawing, late]).finally(() => clearTimeout(timer));
    if (image) return { key, image, left: rect.left, top: rect.top };
    // Too slow: the plane goes on with a placeholder; the layer lands in the cache when done, and nextChangeAt asks for a render soon.
    this.slow.add(key);
    void drawing.finally(() => this.slow.delete(key)).catch(() => undefined);
    this.logOnce(`${layer.id}:slow`, 'graphics layer is slow to render; a placeholder stands in until it is ready', { layer: layer.id, kind: layer.kind, timeoutMs: this.layerTimeoutMs });
    return { key: `slow:${key}`, image: await placeholder(), left: rect.left, top: rect.top };
  }

  private async cached(key: string, draw: () => Promise<RawImage>): Promise<RawImage> {
    const hit = this.cache.get(key);
    if (hit) {
      this.cacheHits++;
      hit.usedAt = Date.now();
      this.cache.delete(key); // re-inserted: most recently used last
      this.cache.set(key, hit);
      return hit.image;
    }
    let pending = this.inFlight.get(key);
    if (!pending) {
      this.layerRenders++;
      pending = draw().finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
      const image = await pending;
      if (!this.closed) this.store(key, image);
      return image;
    }
    this.cacheHits++;
    return pending;
  }

  private store(key: string, image: RawImage): void {
    const bytes = image.rgba.length;
    const now = Date.now();
    this.cache.set(key, { image, bytes, usedAt: now });
    this.cachedBytes += bytes;
    if (now - this.lastSweep > 1_000) {
      this.lastSweep = now;
      for (const [oldKey, entry] of this.cache) {
        if (now - entry.usedAt <= CACHE_IDLE_MS) continue;
        this.cache.delete(oldKey);
        this.cachedBytes -= entry.bytes;
      }
    }
    for (const [oldKey, entry] of this.cache) {
      if (this.cachedBytes <= CACHE_BUDGET_BYTES || oldKey === key) break;
      this.cache.delete(oldKey);
      this.cachedBytes -= entry.bytes;
    }
  }

  private logOnce(key: string, message: string, context: Record<string, unknown>): void {
    if (this.loggedProblems.has(key)) return;
    if (this.loggedProblems.size > 1000) this.loggedProblems.clear();
    this.loggedProblems.add(key);
    this.log.warn(message, context);
  }

  private record(ms: number): void {
    const now = Date.now();
    this.samples.push({ at: now, ms });
    this.prune(now);
  }

  private prune(now: number): void {
    let drop = 0;
    while (drop < this.samples.length && (now - this.samples[drop]!.at > STATS_WINDOW_MS || this.samples.length - drop > MAX_STATS_SAMPLES)) drop++;
    if (drop) this.samples.splice(0, drop);
  }
}

let warmedUp = false;

/**
 * fontconfig reads every font on first use (a tenth of a second or more, partly on this
 * thread): done once at start-up, so the first plane on air does not pay for it.
 */
function warmUp(): void {
  if (warmedUp) return;
  warmedUp = true;
  void sharp({ text: { text: 'warm-up', font: 'DejaVu Sans, 12', dpi: 72 } })
    .raw()
    .toBuffer()
    .catch(() => undefined);
}

/** Runs one job at a time, in order. */
class Slot {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(job: () => Promise<T>): Promise<T> {
    const result = this.tail.then(job, job);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/** If even the placeholder cannot be drawn, a plain box in its red still marks the layer. */
const PLACEHOLDER_FALLBACK = '#ef4444';

const round2 = (n: number): number => Math.round(n * 100) / 100;

function placedRect(p: Placed): Rect {
  return { left: p.left, top: p.top, width: p.image.width, height: p.image.height };
}

/**
 * The regions of the plane that differ between two stacks, or null when only a full
 * recomposite is safe (layers that stayed changed their order). A layer is the same when
 * its key and position are; outside the rectangles of layers that appeared or went, every
 * pixel is made of the same layers in the same order, so it is unchanged.
 */
function changedRegions(before: Placed[], after: Placed[], frame: Rect): Rect[] | null {
  const ids = (list: Placed[]): string[] => {
    const seen = new Map<string, number>();
    return list.map((p) => {
      const base = `${p.key}@${p.left},${p.top}`;
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      return `${base}#${n}`;
    });
  };
  const a = ids(before);
  const b = ids(after);
  const inA = new Set(a);
  const inB = new Set(b);
  const keptA = a.filter((id) => inB.has(id));
  const keptB = b.filter((id) => inA.has(id));
  if (keptA.some((id, i) => id !== keptB[i])) return null;
  const rects: Rect[] = [];
  before.forEach((p, i) => {
    if (!inB.has(a[i]!)) rects.push(placedRect(p));
  });
  after.forEach((p, i) => {
    if (!inA.has(b[i]!)) rects.push(placedRect(p));
  });
  return mergeRects(rects.map((r) => intersect(r, frame)).filter((r): r is Rect => r !== null));
}

/**
 * A copy of `latest` in `spare` when the caller handed back a buffer of the same size that is
 * not `latest` itself, else in a new buffer: at 1080p a fresh 5–8 MB buffer per clock tick
 * drives V8's major collections (it collects after external memory grows).
 */
function copyInto(latest: Buffer, spare: Buffer | undefined): Buffer {
  if (!spare || spare === latest || spare.length !== latest.length) return Buffer.from(latest);
  latest.copy(spare);
  return spare;
}

/**
 * The plane in yuva420p: the previous conversion when nothing changed, a copy of it (into
 * `spare` when given) with the changed regions converted again, or a whole conversion (a
 * redraw, the first time).
 */
function planeYuva(plane: RawImage, previous: PlaneState | undefined, dirty: Rect[] | null, spare: Buffer | undefined): Buffer {
  if (previous?.yuva && dirty) {
    if (dirty.length === 0) return previous.yuva;
    const yuva = copyInto(previous.yuva, spare);
    for (const region of dirty) rgbaToYuva(plane, yuva, region);
    return yuva;
  }
  const yuva = Buffer.allocUnsafe(yuvaSize(plane.width, plane.height));
  rgbaToYuva(plane, yuva);
  return yuva;
}

/**
 * The layers' pixels over `region`, straight alpha. The bottom layer is copied (over a
 * transparent plane it is exact), the rest are composited by sharp, each cropped to the region.
 */
async function composeRegion(placed: Placed[], region: Rect): Promise<RawImage> {
  const out: RawImage = { rgba: Buffer.alloc(region.width * region.height * 4), width: region.width, height: region.height };
  const parts: { image: RawImage; left: number; top: number }[] = [];
  for (const p of placed) {
    const hit = intersect(placedRect(p), region);
    if (!hit) continue;
    parts.push({ image: crop(p.image, { left: hit.left - p.left, top: hit.top - p.top, width: hit.width, height: hit.height }), left: hit.left - region.left, top: hit.top - region.top });
  }
  const [bottom, ...rest] = parts;
  if (!bottom) return out;
  blit(bottom.image, { left: 0, top: 0, width: bottom.image.width, height: bottom.image.height }, out, bottom.left, bottom.top);
  if (rest.length === 0) return out;
  const { data } = await sharp(out.rgba, { raw: { width: out.width, height: out.height, channels: 4 } })
    .composite(rest.map((r) => ({ input: r.image.rgba, raw: { width: r.image.width, height: r.image.height, channels: 4 as const }, left: r.left, top: r.top })))
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { rgba: data, width: out.width, height: out.height };
}
