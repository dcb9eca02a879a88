import { describe, expect, it } from 'vitest';
import type { Layer } from '../../../../src-main/compositor/compositor-schema';
import { CANVAS } from '../../../../src-renderer/pages/program/canvas-geometry';
import { defaultBox } from '../../../../src-renderer/pages/program/layer-kinds';

describe('where a new layer goes', () => {
  it('puts the first video full frame and the next ones picture-in-picture', () => {
    expect(defaultBox('video', [])).toEqual({ x: 0, y: 0, width: CANVAS.width, height: CANVAS.height });
    const video = { kind: 'video' } as Layer;
    expect(defaultBox('video', [video])).toEqual({ x: 1220, y: 60, width: 640, height: 360 });
  });

  it('places every other kind inside the canvas, each call a box of its own', () => {
    for (const kind of ['image', 'text', 'lowerThird', 'clock', 'countdown', 'color'] as const) {
      const box = defaultBox(kind, []);
      expect(box.x + box.width).toBeLessThanOrEqual(CANVAS.width);
      expect(box.y + box.height).toBeLessThanOrEqual(CANVAS.height);
      box.x = -1;
      expect(defaultBox(kind, []).x).not.toBe(-1);
    }
    expect(defaultBox('lowerThird', [])).toEqual({ x: 120, y: 800, width: 1100, height: 160 });
  });
});
