import { describe, expect, it } from 'vitest';
import {
  boxOnCanvas,
  CANVAS,
  canvasScale,
  canvasToScreen,
  MIN_LAYER_SIZE,
  moveBox,
  resizeBox,
  sameBox,
  screenToCanvas,
} from '../../../../src-renderer/pages/program/canvas-geometry';

describe('canvas ↔ screen mapping', () => {
  it('scales the 1920×1080 canvas to the panel width', () => {
    expect(canvasScale(960)).toBe(0.5);
    expect(canvasScale(0)).toBe(0);
    expect(canvasToScreen({ x: 100, y: 200, width: 640, height: 360 }, 0.5)).toEqual({ x: 50, y: 100, width: 320, height: 180 });
  });

  it('maps panel points back to canvas pixels, and a zero scale to the origin', () => {
    expect(screenToCanvas({ x: 480, y: 270 }, 0.5)).toEqual({ x: 960, y: 540 });
    expect(screenToCanvas({ x: 10, y: 10 }, 0)).toEqual({ x: 0, y: 0 });
    const scale = canvasScale(777);
    const back = screenToCanvas(canvasToScreen({ x: 333, y: 222, width: 1, height: 1 }, scale), scale);
    expect(back.x).toBeCloseTo(333, 6);
    expect(back.y).toBeCloseTo(222, 6);
  });
});

describe('moving a layer', () => {
  const box = { x: 100, y: 100, width: 400, height: 200 };

  it('moves by whole canvas pixels', () => {
    expect(moveBox(box, 100.4, 50.6, false)).toEqual({ x: 200, y: 151, width: 400, height: 200 });
  });

  it('keeps the layer inside the canvas', () => {
    expect(moveBox(box, -500, -500, false)).toMatchObject({ x: 0, y: 0 });
    expect(moveBox(box, 5000, 5000, false)).toMatchObject({ x: CANVAS.width - 400, y: CANVAS.height - 200 });
  });

  it('lets a layer larger than the canvas keep covering it', () => {
    const big = { x: -100, y: -50, width: 2200, height: 1200 };
    expect(moveBox(big, -500, 0, false)).toMatchObject({ x: CANVAS.width - 2200 });
    expect(moveBox(big, 500, 500, false)).toMatchObject({ x: 0, y: 0 });
  });

  it('snaps edges and centre to the canvas edges and centre lines, unless told not to', () => {
    expect(moveBox(box, -95, 0)).toMatchObject({ x: 0 }); // left edge at 5 → 0
    expect(moveBox(box, 0, 0)).toMatchObject({ x: 100 }); // far from every line: unchanged
    const centred = moveBox(box, 655, 0); // centre at 955 → 960
    expect(centred.x + centred.width / 2).toBe(CANVAS.width / 2);
    expect(moveBox(box, 655, 0, false).x).toBe(755);
  });
});

describe('resizing a layer from a corner', () => {
  const box = { x: 100, y: 100, width: 400, height: 200 };

  it('keeps the opposite corner where it was', () => {
    expect(resizeBox(box, 'se', 100, 50)).toEqual({ x: 100, y: 100, width: 500, height: 250 });
    expect(resizeBox(box, 'nw', -50, -20)).toEqual({ x: 50, y: 80, width: 450, height: 220 });
    expect(resizeBox(box, 'ne', 10, 10)).toEqual({ x: 100, y: 110, width: 410, height: 190 });
    expect(resizeBox(box, 'sw', 10, 10)).toEqual({ x: 110, y: 100, width: 390, height: 210 });
  });

  it('never goes below the minimum size, even when dragged past the fixed corner', () => {
    const r = resizeBox(box, 'se', -1000, -1000);
    expect(r).toEqual({ x: 100, y: 100, width: MIN_LAYER_SIZE, height: MIN_LAYER_SIZE });
    const l = resizeBox(box, 'nw', 1000, 1000);
    expect(l.width).toBe(MIN_LAYER_SIZE);
    expect(l.x + l.width).toBe(500); // the right edge stays
  });

  it('stops the dragged corner at the canvas edges', () => {
    expect(resizeBox(box, 'se', 5000, 5000)).toEqual({ x: 100, y: 100, width: CANVAS.width - 100, height: CANVAS.height - 100 });
    expect(resizeBox(box, 'nw', -5000, -5000)).toEqual({ x: 0, y: 0, width: 500, height: 300 });
  });

  it('keeps the proportions when asked', () => {
    const r = resizeBox(box, 'se', 400, 0, true);
    expect(r.width / r.height).toBeCloseTo(2, 1);
    expect(r.x).toBe(100);
    expect(r.y).toBe(100);
    const n = resizeBox(box, 'nw', -100, -300, true);
    expect(n.width / n.height).toBeCloseTo(2, 1);
    expect(n.x + n.width).toBe(500);
    expect(n.y + n.height).toBe(300);
  });
});

describe('box helpers', () => {
  it('compares boxes and knows when one is off the canvas', () => {
    expect(sameBox({ x: 1, y: 2, width: 3, height: 4 }, { x: 1, y: 2, width: 3, height: 4 })).toBe(true);
    expect(sameBox({ x: 1, y: 2, width: 3, height: 4 }, { x: 1, y: 2, width: 3, height: 5 })).toBe(false);
    expect(boxOnCanvas({ x: -10, y: -10, width: 20, height: 20 })).toBe(true);
    expect(boxOnCanvas({ x: CANVAS.width, y: 0, width: 20, height: 20 })).toBe(false);
  });
});
