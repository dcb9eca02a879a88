/** What clock and countdown layers show, and when that next changes. */

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Whether `timeZone` is an IANA zone this engine knows (the schema only checks it is a string). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
    return true;
  } catch {
    return false;
  }
}

function formatter(timeZone: string | null): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      ...(timeZone ? { timeZone } : {}),
    });
    formatters.set(key, f);
  }
  return f;
}

/** `HH:mm:ss` or `HH:mm` at `now` in `timeZone` (null: the engine's). Throws RangeError on an unknown zone. */
export function formatClock(now: Date, format: 'HH:mm:ss' | 'HH:mm', timeZone: string | null): string {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(now).map((p) => [p.type, p.value]));
  const hh = parts.hour ?? '00';
  return format === 'HH:mm' ? `${hh}:${parts.minute}` : `${hh}:${parts.minute}:${parts.second}`;
}

/**
 * Whole seconds left, rounded up (a 10 s countdown shows 00:10 when started and 00:00 only
 * when time is up); the full duration when not started, or started in the future.
 */
export function countdownSecondsLeft(durationSeconds: number, startedAt: string | null, now: Date): number {
  if (startedAt === null) return durationSeconds;
  const started = Date.parse(startedAt);
  if (Number.isNaN(started)) return durationSeconds;
  const leftMs = durationSeconds * 1000 - (now.getTime() - started);
  return Math.min(durationSeconds, Math.max(0, Math.ceil(leftMs / 1000)));
}

/** `HH:MM:SS` for countdowns of an hour or more, else `MM:SS` (fixed for the whole run, so it never jumps). */
export function formatCountdown(durationSeconds: number, secondsLeft: number): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  const h = Math.floor(secondsLeft / 3600);
  const m = Math.floor((secondsLeft % 3600) / 60);
  const s = secondsLeft % 60;
  return durationSeconds >= 3600 ? `${two(h)}:${two(m)}:${two(s)}` : `${two(m + h * 60)}:${two(s)}`;
}

/** When a clock's text next changes: the next second (or minute) boundary. */
export function clockNextChange(now: Date, format: 'HH:mm:ss' | 'HH:mm'): Date {
  // Every zone in use today is offset from UTC by whole minutes, so boundaries are UTC's.
  const unit = format === 'HH:mm' ? 60_000 : 1_000;
  return new Date(Math.floor(now.getTime() / unit) * unit + unit);
}

/** When a countdown's text next changes, or null when stopped or finished. */
export function countdownNextChange(durationSeconds: number, startedAt: string | null, now: Date): Date | null {
  if (startedAt === null) return null;
  const started = Date.parse(startedAt);
  if (Number.isNaN(started)) return null;
  const left = countdownSecondsLeft(durationSeconds, startedAt, now);
  if (left === 0) return null;
  // The display drops from `left` to `left - 1` when exactly `left - 1` seconds remain.
  return new Date(started + (durationSeconds - (left - 1)) * 1000);
}
