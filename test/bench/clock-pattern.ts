/**
 * A wall clock drawn into the picture, for glass-to-glass latency: `Date.now()` at the moment a
 * frame is made, as 44 black/white blocks between guard blocks, large enough to survive H.264 at
 * any sane bitrate. Shared by the source (clock-source.ts), the FFmpeg decoders of the bench and
 * the browser page (bundled into it), so all three agree on the layout.
 *
 * Layout: a 12 × 4 grid of square cells, read row by row. Cells 0–1 are the start guard (white,
 * black), cells 2–45 the timestamp's 44 bits (most significant first, white = 1), cells 46–47 the
 * end guard (black, white). A frame whose guards are wrong or whose cells are not clearly black
 * or white is not read (a half-updated or badly compressed picture never yields a wrong time).
 */
export const CLOCK_WIDTH = 640;
export const CLOCK_HEIGHT = 360;
export const CLOCK_FPS = 30;

export const CLOCK_COLS = 12;
export const CLOCK_ROWS = 4;
export const CLOCK_CELL = 40;
export const CLOCK_ORIGIN_X = 80;
export const CLOCK_ORIGIN_Y = 20;
export const CLOCK_BITS = 44;

const CELLS = CLOCK_COLS * CLOCK_ROWS;
const START_GUARD = [true, false];
const END_GUARD = [false, true];
/** Mean brightness (0–255) above which a cell is white, below which black; between: unreadable. */
const WHITE_ABOVE = 170;
const BLACK_BELOW = 85;

/** The cells of one timestamp, row by row; true = white. */
export function clockCells(ms: number): boolean[] {
  const cells = [...START_GUARD];
  for (let bit = CLOCK_BITS - 1; bit >= 0; bit--) cells.push(Math.floor(ms / 2 ** bit) % 2 === 1);
  cells.push(...END_GUARD);
  return cells;
}

/** The rectangle of cell `index` in a picture of the source's size. */
export function cellRect(index: number): { x: number; y: number; size: number } {
  const col = index % CLOCK_COLS;
  const row = Math.floor(index / CLOCK_COLS);
  return { x: CLOCK_ORIGIN_X + col * CLOCK_CELL, y: CLOCK_ORIGIN_Y + row * CLOCK_CELL, size: CLOCK_CELL };
}

/**
 * Reads the timestamp back. `brightness(x, y)` gives one pixel's brightness (0–255) in source
 * coordinates; the inner half of each cell is averaged. Null when the picture does not carry a
 * clean code.
 */
export function readClock(brightness: (x: number, y: number) => number): number | null {
  let ms = 0;
  for (let i = 0; i < CELLS; i++) {
    const { x, y, size } = cellRect(i);
    const inset = Math.floor(size / 4);
    const step = 4;
    let sum = 0;
    let count = 0;
    for (let py = y + inset; py < y + size - inset; py += step) {
      for (let px = x + inset; px < x + size - inset; px += step) {
        sum += brightness(px, py);
        count++;
      }
    }
    const mean = sum / count;
    if (mean > BLACK_BELOW && mean < WHITE_ABOVE) return null;
    const white = mean >= WHITE_ABOVE;
    if (i < START_GUARD.length) {
      if (white !== START_GUARD[i]) return null;
    } else if (i >= CELLS - END_GUARD.length) {
      if (white !== END_GUARD[i - (CELLS - END_GUARD.length)]) return null;
    } else {
      ms = ms * 2 + (white ? 1 : 0);
    }
  }
  return ms;
}

/** Reads the clock from a raw 8-bit grey picture (FFmpeg `-pix_fmt gray`) of the source's size. */
export function readClockGray(frame: Uint8Array, width = CLOCK_WIDTH): number | null {
  return readClock((x, y) => frame[y * width + x] ?? 0);
}
