import { useEffect, useState, useSyncExternalStore } from 'react';

/** Tiles this close to the visible area count as visible: they are ready when scrolled to. */
const NEAR_VIEW_MARGIN = '200px';

/**
 * True while `element` is on (or near) the screen and the page itself is visible: grid previews
 * play only then, so tiles nobody can see cost no decoding.
 */
export function useInView(element: Element | null): boolean {
  const [intersecting, setIntersecting] = useState(true);
  const pageVisible = useSyncExternalStore(subscribeToVisibility, () => document.visibilityState !== 'hidden');

  useEffect(() => {
    if (!element || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        const latest = entries[entries.length - 1];
        if (latest) setIntersecting(latest.isIntersecting);
      },
      { rootMargin: NEAR_VIEW_MARGIN },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);

  return intersecting && pageVisible;
}

function subscribeToVisibility(onChange: () => void): () => void {
  document.addEventListener('visibilitychange', onChange);
  return () => document.removeEventListener('visibilitychange', onChange);
}
