/** Straight-alpha RGBA pixels: `rgba.length === width * height * 4`. */
export interface RawImage {
  rgba: Buffer;
  width: number;
  height: number;
}

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export function intersect(a: Rect, b: Rect): Rect | null {
  const left = Math.max(a.left, b.left);
  const top = Math.max(a.top, b.top);
  const right = Math.min(a.left + a.width, b.left + b.width);
  const bottom = Math.min(a.top + a.height, b.top + b.height);
  return right > left && bottom > top ? { left, top, width: right - left, height: bottom - top } : null;
}

export function union(a: Rect, b: Rect): Rect {
  const left = Math.min(a.left, b.left);
  const top = Math.min(a.top, b.top);
  return { left, top, width: Math.max(a.left + a.width, b.left + b.width) - left, height: Math.max(a.top + a.height, b.top + b.height) - top };
}

export const area = (r: Rect): number => r.width * r.height;

/**
 * Merges overlapping rectangles into their bounding boxes, so that a region is composited
 * once; non-overlapping ones stay apart (a clock and a countdown in opposite corners).
 */
export function mergeRects(rects: Rect[]): Rect[] {
  const out = [...rects];
  for (let merged = true; merged; ) {
    merged = false;
    outer: for (let i = 0; i < out.length; i++) {
      for (let j = i + 1; j < out.length; j++) {
        if (intersect(out[i]!, out[j]!)) {
          out[i] = union(out[i]!, out[j]!);
          out.splice(j, 1);
          merged = true;
          break outer;
        }
      }
    }
  }
  return out;
}

/** Copies `src`'s `from` rectangle (in src coordinates) into `dst` at (`left`, `top`); rows are memcpy'd. */
export function blit(src: RawImage, from: Rect, dst: RawImage, left: number, top: number): void {
  const rowBytes = from.width * 4;
  for (let y = 0; y < from.height; y++) {
    const s = ((from.top + y) * src.width + from.left) * 4;
    src.rgba.copy(dst.rgba, ((top + y) * dst.width + left) * 4, s, s + rowBytes);
  }
}

/** The `rect` part of an image as its own image (the image itself when the rect is all of it). */
export function crop(src: RawImage, rect: Rect): RawImage {
  if (rect.left === 0 && rect.top === 0 && rect.width === src.width && rect.height === src.height) return src;
  const out: RawImage = { rgba: Buffer.allocUnsafe(rect.width * rect.height * 4), width: rect.width, height: rect.height };
  blit(src, rect, out, 0, 0);
  return out;
}

/** `#rrggbb` / `#rrggbbaa` → channels 0..255. */
export function parseColor(color: string): { r: number; g: number; b: number; a: number } {
  const hex = /^#([0-9a-f]{6})([0-9a-f]{2})?$/i.exec(color);
  if (!hex) return { r: 255, g: 0, b: 255, a: 255 }; // the schema forbids this; magenta makes a slip visible
  const n = Number.parseInt(hex[1]!, 16);
  return { r: (n >> 16) & 255, g: (n >> 8) & 255, b: n & 255, a: hex[2] ? Number.parseInt(hex[2], 16) : 255 };
}

/** A uniform image (a native fill, no per-pixel JavaScript). */
export function solid(width: number, height: number, color: { r: number; g: number; b: number; a: number }): RawImage {
  const rgba = Buffer.allocUnsafe(width * height * 4);
  rgba.fill(Buffer.from([color.r, color.g, color.b, color.a]));
  return { rgba, width, height };
}
