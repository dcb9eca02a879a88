import { layerInputSchema, type GraphicsLayer, type LayerInput } from '../../../../src-main/compositor/compositor-schema';
import type { LogContext, Logger } from '../../../../src-main/logging/logger';

/** A layer as the API would store it: parsed by the schema (defaults filled in), with an id. */
export function layer<T extends Exclude<LayerInput, { kind: 'video' }>>(id: string, input: T): GraphicsLayer {
  return { ...layerInputSchema.parse(input), id } as GraphicsLayer;
}

export function pixel(rgba: Buffer, width: number, x: number, y: number): [number, number, number, number] {
  const i = (y * width + x) * 4;
  return [rgba[i]!, rgba[i + 1]!, rgba[i + 2]!, rgba[i + 3]!];
}

/** Pixels in a rectangle that satisfy `test`. */
export function countPixels(rgba: Buffer, width: number, rect: { x: number; y: number; w: number; h: number }, test: (p: [number, number, number, number]) => boolean): number {
  let n = 0;
  for (let y = rect.y; y < rect.y + rect.h; y++) for (let x = rect.x; x < rect.x + rect.w; x++) if (test(pixel(rgba, width, x, y))) n++;
  return n;
}

/** The bounding box of non-transparent pixels, or null. */
export function inkBox(rgba: Buffer, width: number, height: number): { left: number; top: number; right: number; bottom: number } | null {
  let left = width;
  let top = height;
  let right = -1;
  let bottom = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (rgba[(y * width + x) * 4 + 3]! > 0) {
        left = Math.min(left, x);
        right = Math.max(right, x);
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
      }
    }
  }
  return right < 0 ? null : { left, top, right, bottom };
}

export interface RecordedLog {
  level: string;
  message: string;
  context?: LogContext;
}

/** A logger that keeps what it is told, to check what was logged (and how often). */
export function recordingLogger(records: RecordedLog[] = []): Logger & { records: RecordedLog[] } {
  const make = (name: string): Logger & { records: RecordedLog[] } => ({
    name,
    records,
    debug: (message, context) => records.push({ level: 'debug', message, context }),
    info: (message, context) => records.push({ level: 'info', message, context }),
    warn: (message, context) => records.push({ level: 'warn', message, context }),
    error: (message, context) => records.push({ level: 'error', message, context }),
    child: (n) => make(typeof n === 'string' ? `${name}.${n}` : name),
  });
  return make('test');
}

/** The largest difference of any channel of any pixel between two planes of the same size. */
export function maxDifference(a: Buffer, b: Buffer): number {
  if (a.length !== b.length) return Infinity;
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}
