/** How long to wait before restarting a process that exited while it should be running. */
export interface BackoffOptions {
  /** Delay for the first tries. Default 1 s. */
  initialDelayMs?: number;
  /** How many tries use the initial delay before doubling starts. Default 3. */
  initialAttempts?: number;
  /** Cap for the doubling delay. Default 60 s. */
  maxDelayMs?: number;
  /** Random spread as a fraction of the delay (0.1 = ±10 %), so a fleet does not retry in step. */
  jitter?: number;
  /** A run at least this long counts as healthy: the next failure starts the sequence over. Default 30 s. */
  stableAfterMs?: number;
  /** Source of randomness in [0, 1); injectable for tests. */
  random?: () => number;
}

export const DEFAULT_BACKOFF = {
  initialDelayMs: 1_000,
  initialAttempts: 3,
  maxDelayMs: 60_000,
  jitter: 0.1,
  stableAfterMs: 30_000,
} as const;

/**
 * The restart counter of one supervised process. It outlives each spawn (the per-spawn record is
 * disposable), so a crash loop keeps backing off: 1, 1, 1, 2, 4, 8, 16, 32, 60, 60 … seconds.
 */
export class RestartBackoff {
  private readonly options: Required<BackoffOptions>;
  private failures = 0;

  constructor(options: BackoffOptions = {}) {
    this.options = { ...DEFAULT_BACKOFF, random: Math.random, ...stripUndefined(options) };
  }

  /** Failures counted since the last reset: the attempt number of the last scheduled restart. */
  get attempts(): number {
    return this.failures;
  }

  /**
   * Counts one failure and returns the delay before the next try.
   * @param runMs how long the process ran healthily before it failed (0 if it never did).
   */
  nextDelay(runMs = 0): number {
    if (runMs >= this.options.stableAfterMs) this.reset();
    const base = this.baseDelay(this.failures);
    this.failures += 1;
    const { jitter, random, maxDelayMs } = this.options;
    const spread = base * jitter * (2 * random() - 1);
    return Math.round(Math.min(maxDelayMs, Math.max(0, base + spread)));
  }

  reset(): void {
    this.failures = 0;
  }

  private baseDelay(failures: number): number {
    const { initialDelayMs, initialAttempts, maxDelayMs } = this.options;
    const doublings = Math.max(0, failures - initialAttempts + 1);
    // Math.min before the power keeps huge failure counts from overflowing to Infinity.
    return Math.min(maxDelayMs, initialDelayMs * 2 ** Math.min(doublings, 52));
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
