import { describe, expect, it } from 'vitest';
import type { Layer, SceneView } from '../../../src-main/compositor/compositor-schema';
import { computeLayout, type LayoutInput } from '../../../src-main/compositor/program-layout';

const base = { opacity: 1, visible: true };
function video(id: string, sourceId: string, x = 0, y = 0, width = 1920, height = 1080, fit: 'stretch' | 'contain' = 'stretch'): Layer {
  return { ...base, id, kind: 'video', sourceId, x, y, width, height, fit };
}
function color(id: string, c = '#ff0000'): Layer {
  return { ...base, id, kind: 'color', color: c, x: 0, y: 0, width: 100, height: 100 };
}
function scene(id: string, layers: Layer[]): SceneView {
  return { id, name: id, layers, createdAt: '', updatedAt: '' };
}
function input(partial: Partial<LayoutInput>): LayoutInput {
  return {
    program: null,
    preview: null,
    fade: null,
    width: 1280,
    height: 720,
    slotCount: 4,
    previousKeys: [null, null, null, null],
    previousSources: [null, null, null, null],
    sourceSize: () => null,
    ...partial,
  };
}

describe('computeLayout', () => {
  it('places videos in output pixels (even), in stacking order, and splits graphics below and above them', () => {
    const a = scene('a', [color('bg'), video('v1', 'cam1', 0, 0, 960, 541), color('mid'), video('v2', 'cam2', 961, 0, 959, 540), color('top')]);
    const layout = computeLayout(input({ program: a }));
    expect(layout.slots[0]).toMatchObject({ key: 'a:v1', sourceId: 'cam1', x: 0, y: 0, width: 640, height: 360, alpha: 1, shown: true });
    expect(layout.slots[1]).toMatchObject({ key: 'a:v2', sourceId: 'cam2', x: 640, width: 640 });
    expect(layout.slots[2]).toBeNull();
    expect(layout.background.map((l) => l.id)).toEqual(['bg']);
    // Graphics between videos go above all of them (the top plane).
    expect(layout.top.map((l) => l.id)).toEqual(['mid', 'top']);
  });

  it('keeps a layer in its slot across changes, and keeps the scene order', () => {
    const a = scene('a', [video('v1', 'cam1'), video('v2', 'cam2')]);
    const first = computeLayout(input({ program: a }));
    const keys = first.slots.map((s) => s?.key ?? null);
    const moved = scene('a', [video('v1', 'cam1', 100, 100, 200, 200), video('v2', 'cam2')]);
    const second = computeLayout(input({ program: moved, previousKeys: keys }));
    expect(second.slots.map((s) => s?.key ?? null)).toEqual(keys);
    // Reordered: the scene's layers take its slots in the new order.
    const reordered = scene('a', [video('v2', 'cam2'), video('v1', 'cam1')]);
    const third = computeLayout(input({ program: reordered, previousKeys: keys }));
    expect(third.slots.slice(0, 2).map((s) => s?.key)).toEqual(['a:v2', 'a:v1']);
  });

  it('keeps the preview scene warm in free slots, hidden, and reuses a slot already reading a source', () => {
    const a = scene('a', [video('v1', 'cam1')]);
    const b = scene('b', [video('w1', 'cam2')]);
    const layout = computeLayout(input({ program: a, preview: b }));
    expect(layout.slots[1]).toMatchObject({ key: 'b:w1', sourceId: 'cam2', alpha: 0, shown: false });
    const reuse = computeLayout(input({ program: scene('c', [video('z', 'cam9')]), previousKeys: [null, null, null, null], previousSources: [null, null, 'cam9', null] }));
    expect(reuse.slots[2]?.key).toBe('c:z');
  });

  it('fades: the old scene out, the new one in, graphics weighted the same way', () => {
    const a = scene('a', [video('v1', 'cam1'), color('ga')]);
    const b = scene('b', [video('w1', 'cam2'), color('gb', '#00ff00')]);
    const layout = computeLayout(input({ program: b, preview: a, fade: { from: a, progress: 0.25 } }));
    const byKey = Object.fromEntries(layout.slots.filter(Boolean).map((s) => [s!.key, s!]));
    expect(byKey['a:v1']!.alpha).toBeCloseTo(0.75);
    expect(byKey['b:w1']!.alpha).toBeCloseTo(0.25);
    expect(layout.top.map((l) => [l.id, l.opacity])).toEqual([
      ['ga', 0.75],
      ['gb', 0.25],
    ]);
  });

  it('leaves out hidden graphics and shows hidden videos as not shown', () => {
    const a = scene('a', [{ ...video('v1', 'cam1'), visible: false }, { ...color('g'), visible: false }]);
    const layout = computeLayout(input({ program: a }));
    expect(layout.slots[0]).toMatchObject({ shown: false });
    expect(layout.top).toEqual([]);
  });

  it('contains a picture inside its box, centred, when the source size is known', () => {
    const a = scene('a', [video('v1', 'cam1', 0, 0, 1920, 1080, 'contain')]);
    const layout = computeLayout(input({ program: a, sourceSize: () => ({ width: 640, height: 480 }) }));
    expect(layout.slots[0]).toMatchObject({ width: 960, height: 720, x: 160, y: 0 });
  });
});
