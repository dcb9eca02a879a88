import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ClosedError } from '../../../src-main/api/errors';
import { StartLimiter, type StartSlot } from '../../../src-main/media/start-limiter';

/** Lets pending promise callbacks run. */
const settle = () => vi.advanceTimersByTimeAsync(0);

describe('StartLimiter', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('grants up to the limit and queues the rest in FIFO order', async () => {
    const limiter = new StartLimiter(2);
    const order: number[] = [];
    const slots: StartSlot[] = [];
    for (let i = 0; i < 5; i++) {
      void limiter.acquire().then((slot) => {
        order.push(i);
        slots.push(slot);
      });
    }
    await settle();
    expect(order).toEqual([0, 1]);
    expect(limiter.activeCount).toBe(2);
    expect(limiter.waitingCount).toBe(3);

    slots[1]?.release();
    await settle();
    expect(order).toEqual([0, 1, 2]);
    slots[0]?.release();
    slots[2]?.release();
    await settle();
    expect(order).toEqual([0, 1, 2, 3, 4]);
    limiter.close();
  });

  it('ignores a second release of the same slot', async () => {
    const limiter = new StartLimiter(1);
    const first = await limiter.acquire();
    const waiting = [limiter.acquire(), limiter.acquire()];
    first.release();
    first.release();
    await settle();
    expect(limiter.activeCount).toBe(1);
    expect(limiter.waitingCount).toBe(1);
    limiter.close();
    await expect(waiting[0]).resolves.toBeDefined();
    await expect(waiting[1]).rejects.toBeInstanceOf(ClosedError);
  });

  it('frees a slot when its hold time passes', async () => {
    const limiter = new StartLimiter(1, 10_000);
    await limiter.acquire();
    let granted = false;
    void limiter.acquire().then(() => (granted = true));
    await vi.advanceTimersByTimeAsync(9_999);
    expect(granted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(granted).toBe(true);
    limiter.close();
  });

  it('lets waiting starts through when the limit is raised', async () => {
    const limiter = new StartLimiter(1);
    await limiter.acquire();
    const granted: number[] = [];
    void limiter.acquire().then(() => granted.push(1));
    void limiter.acquire().then(() => granted.push(2));
    await settle();
    expect(granted).toEqual([]);
    limiter.setLimit(3);
    await settle();
    expect(granted).toEqual([1, 2]);
    limiter.close();
  });

  it('holds new starts back when the limit is lowered', async () => {
    const limiter = new StartLimiter(3);
    const slots = await Promise.all([limiter.acquire(), limiter.acquire()]);
    limiter.setLimit(1);
    let granted = false;
    void limiter.acquire().then(() => (granted = true));
    slots[0]?.release();
    await settle();
    expect(granted).toBe(false);
    slots[1]?.release();
    await settle();
    expect(granted).toBe(true);
    limiter.close();
  });

  it('rejects invalid limits', () => {
    expect(() => new StartLimiter(0)).toThrow(RangeError);
    expect(() => new StartLimiter(1).setLimit(1.5)).toThrow(RangeError);
  });

  it('removes an aborted waiter from the queue', async () => {
    const limiter = new StartLimiter(1);
    const held = await limiter.acquire();
    const controller = new AbortController();
    const aborted = limiter.acquire(controller.signal);
    let nextGranted = false;
    void limiter.acquire().then(() => (nextGranted = true));
    controller.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    held.release();
    await settle();
    expect(nextGranted).toBe(true);
    limiter.close();
  });

  it('rejects waiting and later acquisitions with ClosedError on close', async () => {
    const limiter = new StartLimiter(1);
    await limiter.acquire();
    const waiting = limiter.acquire();
    limiter.close();
    limiter.close();
    await expect(waiting).rejects.toBeInstanceOf(ClosedError);
    await expect(limiter.acquire()).rejects.toBeInstanceOf(ClosedError);
  });
});
