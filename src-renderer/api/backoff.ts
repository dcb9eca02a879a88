export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  factor: number;
}

/** Reconnect delays: 0.5 s, doubling, capped at 5 s. */
export const RECONNECT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 5_000, factor: 2 };

export class Backoff {
  private nextDelayMs: number;

  constructor(private readonly options: BackoffOptions = RECONNECT_BACKOFF) {
    this.nextDelayMs = options.initialMs;
  }

  /** The delay to wait now; the following one grows. */
  next(): number {
    const delay = this.nextDelayMs;
    this.nextDelayMs = Math.min(this.options.maxMs, delay * this.options.factor);
    return delay;
  }

  reset(): void {
    this.nextDelayMs = this.options.initialMs;
  }
}
