import type { EventEmitter } from 'node:events';
import fs from 'node:fs';

/** Resolves with the arguments of the first `event` that satisfies `predicate`. */
export function waitForEvent<T extends Record<keyof T, unknown[]>, K extends keyof T & string>(
  emitter: EventEmitter<T>,
  event: K,
  predicate: (...args: T[K]) => boolean = () => true,
  timeoutMs = 20_000,
): Promise<T[K]> {
  // The typed overloads of EventEmitter<T> do not compose with a generic K; the untyped view does.
  const untyped = emitter as unknown as EventEmitter;
  return new Promise((resolve, reject) => {
    const listener = (...args: unknown[]): void => {
      if (!predicate(...(args as T[K]))) return;
      cleanup();
      resolve(args as T[K]);
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for '${event}'`));
    }, timeoutMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      untyped.off(event, listener);
    };
    untyped.on(event, listener);
  });
}

/** Polls `condition` until it holds. */
export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Whether `pid` is a live process. A zombie counts as dead: it has been killed and only waits
 * for its parent (init, for an orphan) to reap it.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
  if (process.platform !== 'linux') return true;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}
