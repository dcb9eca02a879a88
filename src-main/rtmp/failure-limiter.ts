/** Failed publish/play attempts from one address within this window count towards a block. */
export const FAILURE_WINDOW_MS = 60_000;
export const MAX_FAILURES = 5;
export const BLOCK_MS = 60_000;

export interface AddressBlock {
  address: string;
  until: string;
  failures: number;
}

/**
 * Slows down key guessing: an address with MAX_FAILURES failures within the window is refused
 * for BLOCK_MS, whatever it sends.
 */
export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();
  private readonly blocks = new Map<string, { until: number; failures: number }>();

  constructor(
    private readonly options = { maxFailures: MAX_FAILURES, windowMs: FAILURE_WINDOW_MS, blockMs: BLOCK_MS },
  ) {}

  /** Records one failure; returns true when it made the address blocked. */
  fail(address: string, now = Date.now()): boolean {
    const recent = (this.failures.get(address) ?? []).filter((t) => now - t < this.options.windowMs);
    recent.push(now);
    this.failures.set(address, recent);
    if (recent.length >= this.options.maxFailures && !this.isBlocked(address, now)) {
      this.blocks.set(address, { until: now + this.options.blockMs, failures: recent.length });
      this.failures.delete(address);
      return true;
    }
    return false;
  }

  isBlocked(address: string, now = Date.now()): boolean {
    const block = this.blocks.get(address);
    if (!block) return false;
    if (block.until > now) return true;
    this.blocks.delete(address);
    return false;
  }

  unblock(address: string): boolean {
    this.failures.delete(address);
    return this.blocks.delete(address);
  }

  blocked(now = Date.now()): AddressBlock[] {
    const out: AddressBlock[] = [];
    for (const [address, block] of this.blocks) {
      if (block.until <= now) this.blocks.delete(address);
      else out.push({ address, until: new Date(block.until).toISOString(), failures: block.failures });
    }
    return out;
  }

  /** Forgets windows that have passed (called now and then so the maps stay small). */
  prune(now = Date.now()): void {
    for (const [address, times] of this.failures) if (times.every((t) => now - t >= this.options.windowMs)) this.failures.delete(address);
    this.blocked(now);
  }
}
