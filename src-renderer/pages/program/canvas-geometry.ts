/**
 * Geometry of the canvas editor: the engine's fixed 1920×1080 canvas space shown scaled in a
 * panel, and what dragging a layer or one of its corners does to its box. Pure, so the editor's
 * behaviour is testable without a browser.
 */

/** The engine's canvas (compositor-schema CANVAS_WIDTH/HEIGHT; the renderer imports only types). */
export const CANVAS = { width: 1920, height: 1080 } as const;
/** A layer is never made smaller than this by a drag (canvas pixels). */
export const MIN_LAYER_SIZE = 16;
/** Edges and centres closer than this (canvas pixels) snap together while dragging. */
export const SNAP_DISTANCE = 12;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type Corner = 'nw' | 'ne' | 'sw' | 'se';
export const CORNERS: readonly Corner[] = ['nw', 'ne', 'sw', 'se'];

/** Screen pixels per canvas pixel for a panel `panelWidth` screen pixels wide. */
export function canvasScale(panelWidth: number): number {
  return panelWidth > 0 ? panelWidth / CANVAS.width : 0;
}

/** A point in the panel (screen pixels from its top-left corner) in canvas pixels. */
export function screenToCanvas(point: { x: number; y: number }, scale: number): { x: number; y: number } {
  if (scale <= 0) return { x: 0, y: 0 };
  return { x: point.x / scale, y: point.y / scale };
}

/** A canvas box in panel pixels (for CSS left/top/width/height). */
export function canvasToScreen(box: Box, scale: number): Box {
  return { x: box.x * scale, y: box.y * scale, width: box.width * scale, height: box.height * scale };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}

/** Moves `value` onto the nearest of `targets` when within SNAP_DISTANCE. */
function snapOffset(edges: number[], targets: number[]): number {
  let best = 0;
  let bestDistance = SNAP_DISTANCE + 1;
  for (const edge of edges) {
    for (const target of targets) {
      const distance = Math.abs(target - edge);
      if (distance <= SNAP_DISTANCE && distance < bestDistance) {
        best = target - edge;
        bestDistance = distance;
      }
    }
  }
  return best;
}

/**
 * The box `start` moved by (dx, dy) canvas pixels: whole pixels, snapped to the canvas's edges
 * and centre lines, and kept inside the canvas (a box larger than the canvas keeps covering it).
 */
export function moveBox(start: Box, dx: number, dy: number, snap = true): Box {
  let x = start.x + dx;
  let y = start.y + dy;
  if (snap) {
    x += snapOffset([x, x + start.width / 2, x + start.width], [0, CANVAS.width / 2, CANVAS.width]);
    y += snapOffset([y, y + start.height / 2, y + start.height], [0, CANVAS.height / 2, CANVAS.height]);
  }
  const xMin = Math.min(0, CANVAS.width - start.width);
  const xMax = Math.max(0, CANVAS.width - start.width);
  const yMin = Math.min(0, CANVAS.height - start.height);
  const yMax = Math.max(0, CANVAS.height - start.height);
  return { x: Math.round(clamp(x, xMin, xMax)), y: Math.round(clamp(y, yMin, yMax)), width: start.width, height: start.height };
}

/**
 * The box `start` after its `corner` was dragged by (dx, dy) canvas pixels: the opposite corner
 * stays put, the dragged one stays inside the canvas, the box keeps at least MIN_LAYER_SIZE, and
 * with `keepAspect` it keeps its width:height ratio. Whole pixels.
 */
export function resizeBox(start: Box, corner: Corner, dx: number, dy: number, keepAspect = false): Box {
  const west = corner === 'nw' || corner === 'sw';
  const north = corner === 'nw' || corner === 'ne';
  // The fixed corner, and the dragged one where the pointer put it (kept on the canvas).
  const fixedX = west ? start.x + start.width : start.x;
  const fixedY = north ? start.y + start.height : start.y;
  const movedX = clamp((west ? start.x : start.x + start.width) + dx, 0, CANVAS.width);
  const movedY = clamp((north ? start.y : start.y + start.height) + dy, 0, CANVAS.height);
  let width = Math.max(MIN_LAYER_SIZE, west ? fixedX - movedX : movedX - fixedX);
  let height = Math.max(MIN_LAYER_SIZE, north ? fixedY - movedY : movedY - fixedY);
  if (keepAspect && start.width > 0 && start.height > 0) {
    const ratio = start.width / start.height;
    // The smaller of the two scales wins, so the box never passes the pointer or the canvas.
    if (width / ratio < height) height = Math.max(MIN_LAYER_SIZE, width / ratio);
    else width = Math.max(MIN_LAYER_SIZE, height * ratio);
  }
  width = Math.round(width);
  height = Math.round(height);
  return {
    x: Math.round(west ? fixedX - width : fixedX),
    y: Math.round(north ? fixedY - height : fixedY),
    width,
    height,
  };
}

/** Whether two boxes have the same position and size. */
export function sameBox(a: Box, b: Box): boolean {
  return a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
}

/** Whether any part of the box is on the canvas. */
export function boxOnCanvas(box: Box): boolean {
  return box.x < CANVAS.width && box.y < CANVAS.height && box.x + box.width > 0 && box.y + box.height > 0;
}

/** Whether the box covers the whole canvas. */
export function isFullFrame(box: Box): boolean {
  return box.x <= 0 && box.y <= 0 && box.x + box.width >= CANVAS.width && box.y + box.height >= CANVAS.height;
}
