/**
 * Stacking order of a scene's layers. The engine keeps layers bottom first (index 0 is drawn
 * first); the editor lists them top first, as a stack is seen.
 */

export type StackMove = 'forward' | 'backward' | 'front' | 'back';

/**
 * Every layer id, bottom first, after moving `layerId` one step up (`forward`), one step down
 * (`backward`), to the top (`front`) or to the bottom (`back`). Null when nothing would change.
 */
export function reorderedIds(idsBottomFirst: readonly string[], layerId: string, move: StackMove): string[] | null {
  const from = idsBottomFirst.indexOf(layerId);
  if (from < 0) return null;
  const last = idsBottomFirst.length - 1;
  const to = move === 'forward' ? Math.min(from + 1, last) : move === 'backward' ? Math.max(from - 1, 0) : move === 'front' ? last : 0;
  if (to === from) return null;
  const ids = idsBottomFirst.filter((id) => id !== layerId);
  ids.splice(to, 0, layerId);
  return ids;
}

/** Whether a layer at `index` of `count` can go up or down. */
export function stackPosition(index: number, count: number): { canGoForward: boolean; canGoBackward: boolean } {
  return { canGoForward: index >= 0 && index < count - 1, canGoBackward: index > 0 };
}
