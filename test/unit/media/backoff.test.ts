import { describe, expect, it } from 'vitest';
import { RestartBackoff } from '../../../src-main/media/backoff';

function delays(backoff: RestartBackoff, count: number): number[] {
  return Array.from({ length: count }, () => backoff.nextDelay());
}

describe('RestartBackoff', () => {
  it('waits 1 s three times, then doubles up to a 60 s cap', () => {
    const backoff = new RestartBackoff({ jitter: 0 });
    expect(delays(backoff, 11).map((ms) => ms / 1000)).toEqual([1, 1, 1, 2, 4, 8, 16, 32, 60, 60, 60]);
    expect(backoff.attempts).toBe(11);
  });

  it('stays at the cap after very many failures', () => {
    const backoff = new RestartBackoff({ jitter: 0 });
    expect(delays(backoff, 2000).at(-1)).toBe(60_000);
  });

  it('honours custom parameters', () => {
    const backoff = new RestartBackoff({ jitter: 0, initialDelayMs: 100, initialAttempts: 1, maxDelayMs: 500 });
    expect(delays(backoff, 5)).toEqual([100, 200, 400, 500, 500]);
  });

  it('starts over after a run longer than the stable period', () => {
    const backoff = new RestartBackoff({ jitter: 0, stableAfterMs: 30_000 });
    delays(backoff, 6);
    expect(backoff.nextDelay(29_999)).toBe(16_000);
    expect(backoff.nextDelay(30_000)).toBe(1_000);
    expect(backoff.attempts).toBe(1);
  });

  it('reset() starts over', () => {
    const backoff = new RestartBackoff({ jitter: 0 });
    delays(backoff, 5);
    backoff.reset();
    expect(backoff.attempts).toBe(0);
    expect(backoff.nextDelay()).toBe(1_000);
  });

  it('spreads delays by the jitter fraction', () => {
    const low = new RestartBackoff({ jitter: 0.1, random: () => 0 });
    const high = new RestartBackoff({ jitter: 0.1, random: () => 0.999999 });
    const mid = new RestartBackoff({ random: () => 0.5 });
    expect(low.nextDelay()).toBe(900);
    expect(high.nextDelay()).toBe(1_100);
    expect(mid.nextDelay()).toBe(1_000);
  });

  it('never exceeds the cap, jitter included', () => {
    const backoff = new RestartBackoff({ jitter: 0.5, random: () => 0.999 });
    expect(Math.max(...delays(backoff, 20))).toBeLessThanOrEqual(60_000);
  });
});
