/**
 * A fade's progress between the engine's reports: the topic says how far it was when it was
 * sent; the bar moves on from there with the browser's clock (never trusting the engine's clock
 * to match ours) and never goes back.
 */
export interface ProgressAnchor {
  /** Browser time (ms) when the report arrived. */
  seenAt: number;
  /** 0..1 as reported. */
  progress: number;
  durationMs: number;
}

/** The progress (0..1) at browser time `now`. */
export function progressAt(anchor: ProgressAnchor, now: number): number {
  if (anchor.durationMs <= 0) return 1;
  const value = anchor.progress + (now - anchor.seenAt) / anchor.durationMs;
  return Math.min(1, Math.max(0, value));
}

/** A new anchor for a new report, unless it would move the bar backwards for the same fade. */
export function nextAnchor(previous: ProgressAnchor | null, report: { progress: number; durationMs: number }, now: number): ProgressAnchor {
  const fresh = { seenAt: now, progress: report.progress, durationMs: report.durationMs };
  if (!previous || previous.durationMs !== report.durationMs) return fresh;
  return progressAt(previous, now) > report.progress ? previous : fresh;
}
