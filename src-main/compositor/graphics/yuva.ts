import type { RawImage, Rect } from './raw-image';

/**
 * Planar YUVA 4:2:0 (FFmpeg's `yuva420p`): a full-size Y plane, quarter-size U and V planes,
 * a full-size alpha plane. This is the format FFmpeg's overlay blends in; a plane handed over
 * in it costs FFmpeg no conversion (a 1080p RGBA → YUVA conversion in FFmpeg's single filter
 * thread, every plane repeat, was measured at ≈ 15 % of the program's throughput).
 */
export function yuvaSize(width: number, height: number): number {
  return width * height * 2 + 2 * (width / 2) * (height / 2);
}

/** A fully transparent plane. */
export function transparentYuva(width: number, height: number): Buffer {
  const out = Buffer.alloc(yuvaSize(width, height));
  // Y at black, U and V at neutral: a blend of it (alpha 0) is exact either way, this keeps it a valid picture.
  out.fill(16, 0, width * height);
  out.fill(128, width * height, width * height + 2 * (width / 2) * (height / 2));
  return out;
}

/**
 * Converts `region` of a straight-alpha RGBA image into `out` (a yuva420p picture of the same
 * size), BT.601 limited range as FFmpeg's default for untagged RGB. The region is widened to
 * even bounds (chroma covers 2×2 pixels). Chroma is the alpha-weighted mean of its four
 * pixels, so the colour of a graphic's edge is not darkened by the transparent pixels next to
 * it (a plain mean, as a scaler does, fringes edges with black).
 */
export function rgbaToYuva(image: RawImage, out: Buffer, region: Rect = { left: 0, top: 0, width: image.width, height: image.height }): void {
  const { rgba, width, height } = image;
  const cw = width / 2;
  const uBase = width * height;
  const vBase = uBase + cw * (height / 2);
  const aBase = vBase + cw * (height / 2);
  const left = region.left & ~1;
  const top = region.top & ~1;
  const right = Math.min(width, (region.left + region.width + 1) & ~1);
  const bottom = Math.min(height, (region.top + region.height + 1) & ~1);
  for (let y = top; y < bottom; y += 2) {
    const row0 = y * width;
    const row1 = row0 + width;
    for (let x = left; x < right; x += 2) {
      const c = (y / 2) * cw + x / 2;
      // Most of a graphics plane is transparent: nothing to weigh there.
      if ((rgba[(row0 + x) * 4 + 3]! | rgba[(row0 + x + 1) * 4 + 3]! | rgba[(row1 + x) * 4 + 3]! | rgba[(row1 + x + 1) * 4 + 3]!) === 0) {
        out[row0 + x] = out[row0 + x + 1] = out[row1 + x] = out[row1 + x + 1] = 16;
        out[aBase + row0 + x] = out[aBase + row0 + x + 1] = out[aBase + row1 + x] = out[aBase + row1 + x + 1] = 0;
        out[uBase + c] = out[vBase + c] = 128;
        continue;
      }
      let uSum = 0;
      let vSum = 0;
      let aSum = 0;
      for (let dy = 0; dy < 2; dy++) {
        const row = (y + dy) * width;
        for (let dx = 0; dx < 2; dx++) {
          const p = (row + x + dx) * 4;
          const r = rgba[p]!;
          const g = rgba[p + 1]!;
          const b = rgba[p + 2]!;
          const a = rgba[p + 3]!;
          out[row + x + dx] = ((66 * r + 129 * g + 25 * b + 128) >> 8) + 16;
          out[aBase + row + x + dx] = a;
          uSum += a * (-38 * r - 74 * g + 112 * b);
          vSum += a * (112 * r - 94 * g - 18 * b);
          aSum += a;
        }
      }
      out[uBase + c] = Math.round(uSum / aSum / 256) + 128;
      out[vBase + c] = Math.round(vSum / aSum / 256) + 128;
    }
  }
}
