import { describe, expect, it } from 'vitest';
import { reorderedIds, stackPosition } from '../../../../src-renderer/pages/program/layer-order';

describe('layer stacking order (bottom first)', () => {
  const ids = ['a', 'b', 'c', 'd'];

  it('brings a layer forward and sends it backward one step', () => {
    expect(reorderedIds(ids, 'b', 'forward')).toEqual(['a', 'c', 'b', 'd']);
    expect(reorderedIds(ids, 'c', 'backward')).toEqual(['a', 'c', 'b', 'd']);
  });

  it('moves a layer to the front or the back', () => {
    expect(reorderedIds(ids, 'a', 'front')).toEqual(['b', 'c', 'd', 'a']);
    expect(reorderedIds(ids, 'd', 'back')).toEqual(['d', 'a', 'b', 'c']);
  });

  it('says nothing changes at the ends or for an unknown layer', () => {
    expect(reorderedIds(ids, 'd', 'forward')).toBeNull();
    expect(reorderedIds(ids, 'a', 'backward')).toBeNull();
    expect(reorderedIds(ids, 'x', 'forward')).toBeNull();
  });

  it('keeps every id exactly once', () => {
    const moved = reorderedIds(ids, 'b', 'front')!;
    expect([...moved].sort()).toEqual(ids);
  });

  it('knows which way a layer can move', () => {
    expect(stackPosition(0, 3)).toEqual({ canGoForward: true, canGoBackward: false });
    expect(stackPosition(2, 3)).toEqual({ canGoForward: false, canGoBackward: true });
    expect(stackPosition(0, 1)).toEqual({ canGoForward: false, canGoBackward: false });
  });
});
