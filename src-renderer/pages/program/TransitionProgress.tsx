import { useEffect, useState } from 'react';
import type { TransitionView } from '../../../src-main/compositor/compositor-schema';
import { nextAnchor, progressAt, type ProgressAnchor } from './transition-progress';

/** The running fade as a bar that fills over its length; an empty track while none runs. */
export function TransitionProgress({ transition }: { transition: TransitionView | null }) {
  const [anchor, setAnchor] = useState<{ startedAt: string; value: ProgressAnchor } | null>(null);
  const [now, setNow] = useState(() => Date.now());

  // Every report of the engine re-anchors the bar (unless it would move it backwards).
  useEffect(() => {
    if (!transition) return setAnchor(null);
    setAnchor((current) => {
      const previous = current?.startedAt === transition.startedAt ? current.value : null;
      const value = nextAnchor(previous, transition, Date.now());
      return value === previous ? current : { startedAt: transition.startedAt, value };
    });
  }, [transition]);

  const running = transition !== null;
  useEffect(() => {
    if (!running) return;
    let frame = requestAnimationFrame(function tick() {
      setNow(Date.now());
      frame = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(frame);
  }, [running]);

  const progress = transition && anchor ? progressAt(anchor.value, now) : 0;
  return (
    <div
      className={`transition-progress${transition ? ' running' : ''}`}
      role="progressbar"
      aria-label={transition ? `${transition.kind === 'fade' ? 'Fade' : 'Cut'} of ${transition.durationMs} ms` : 'No transition running'}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(progress * 100)}
      data-testid="transition-progress"
      data-running={running}
    >
      <span className="transition-progress-fill" style={{ width: `${progress * 100}%` }} />
      <span className="transition-progress-label">{transition ? `${transition.kind === 'fade' ? 'Fading' : 'Cutting'} · ${Math.round(progress * 100)} %` : 'Ready'}</span>
    </div>
  );
}
