import { ClosedError } from '../api/errors';
import type { Service } from '../app/service';

export const DEFAULT_START_HOLD_MS = 10_000;

/** A granted start. Release it when the start is over; releasing twice is harmless. */
export interface StartSlot {
  release(): void;
}

interface Waiter {
  grant: (slot: StartSlot) => void;
  reject: (err: unknown) => void;
}

/**
 * Limits how many processes may be starting at once (FFmpeg probing inputs is the expensive
 * part of a start; starting twenty at once on two cores makes every one of them late).
 * FIFO. A slot frees itself after `holdTimeoutMs` so one hung start cannot block the rest.
 */
export class StartLimiter implements Service {
  readonly name = 'start-limiter';
  private limit: number;
  private active = 0;
  private readonly queue: Waiter[] = [];
  private readonly holdTimers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(
    limit: number,
    private readonly holdTimeoutMs = DEFAULT_START_HOLD_MS,
  ) {
    this.limit = checkLimit(limit);
  }

  get activeCount(): number {
    return this.active;
  }

  get waitingCount(): number {
    return this.queue.length;
  }

  /** Changes the limit at runtime; raising it lets waiting starts through at once. */
  setLimit(limit: number): void {
    this.limit = checkLimit(limit);
    this.drain();
  }

  /** Resolves with a slot when one is free. Rejects with the signal's reason when aborted. */
  acquire(signal?: AbortSignal): Promise<StartSlot> {
    if (this.closed) return Promise.reject(new ClosedError('StartLimiter'));
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<StartSlot>((resolve, reject) => {
      const onAbort = (): void => {
        const index = this.queue.indexOf(waiter);
        if (index >= 0) this.queue.splice(index, 1);
        reject(signal?.reason);
      };
      const waiter: Waiter = {
        grant: (slot) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(slot);
        },
        reject: (err) => {
          signal?.removeEventListener('abort', onAbort);
          reject(err);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
      this.drain();
    });
  }

  /** Rejects every waiting acquisition with ClosedError; later ones reject too. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.holdTimers) clearTimeout(timer);
    this.holdTimers.clear();
    for (const waiter of this.queue.splice(0)) waiter.reject(new ClosedError('StartLimiter'));
  }

  private drain(): void {
    while (!this.closed && this.active < this.limit) {
      const waiter = this.queue.shift();
      if (!waiter) return;
      waiter.grant(this.newSlot());
    }
  }

  private newSlot(): StartSlot {
    this.active += 1;
    let held = true;
    const release = (): void => {
      if (!held) return;
      held = false;
      clearTimeout(timer);
      this.holdTimers.delete(timer);
      this.active -= 1;
      this.drain();
    };
    const timer = setTimeout(release, this.holdTimeoutMs);
    timer.unref();
    this.holdTimers.add(timer);
    return { release };
  }
}

function checkLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`maxConcurrentStarts must be an integer ≥ 1, got ${limit}`);
  }
  return limit;
}
