import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiRouter } from '../../../src-main/api/router';
import { procedure, topic } from '../../../src-main/api/define';
import { ApiError } from '../../../src-main/api/errors';

const procedures = {
  'math.add': procedure<number>()(z.strictObject({ a: z.number(), b: z.number() }), 'Adds'),
  'math.nothing': procedure<null>()(z.strictObject({}), 'Nothing'),
};
const topics = {
  counter: topic<number>()(z.strictObject({ start: z.number().int().default(0) }), 'Counts'),
};

function makeRouter() {
  const router = new ApiRouter(procedures, topics);
  router.implement('math.add', ({ a, b }) => a + b);
  router.implement('math.nothing', () => null);
  const listeners = new Set<(n: number) => void>();
  router.provide('counter', {
    snapshot: ({ start }) => start,
    subscribe: (_p, onChange) => {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
  });
  return { router, listeners };
}

const ctx = { transport: 'internal' as const };

describe('ApiRouter', () => {
  it('validates input and calls the handler', async () => {
    const { router } = makeRouter();
    await expect(router.call('math.add', { a: 2, b: 3 }, ctx)).resolves.toBe(5);
  });

  it('rejects wrong types naming the field', async () => {
    const { router } = makeRouter();
    const err = await router.call('math.add', { a: 'x', b: 3 }, ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('invalid_input');
    expect((err as ApiError).message).toMatch(/^a: /);
  });

  it('rejects unknown fields naming them', async () => {
    const { router } = makeRouter();
    const err = (await router.call('math.add', { a: 1, b: 2, c: 3 }, ctx).catch((e: unknown) => e)) as ApiError;
    expect(err.code).toBe('invalid_input');
    expect(err.message).toContain('c: unknown field');
  });

  it('treats a missing input as an empty object', async () => {
    const { router } = makeRouter();
    await expect(router.call('math.nothing', undefined, ctx)).resolves.toBeNull();
  });

  it('answers not_found for unknown procedures, including Object.prototype names', async () => {
    const { router } = makeRouter();
    for (const name of ['math.sub', 'toString', '__proto__', 'constructor']) {
      const err = (await router.call(name, {}, ctx).catch((e: unknown) => e)) as ApiError;
      expect(err.code).toBe('not_found');
    }
  });

  it('sends a snapshot first, then changes, and stops after unsubscribe', async () => {
    const { router, listeners } = makeRouter();
    const seen: Array<[string, unknown]> = [];
    const unsubscribe = await router.subscribe('counter', { start: 7 }, (kind, data) => seen.push([kind, data]));
    for (const l of listeners) l(8);
    unsubscribe();
    expect(listeners.size).toBe(0);
    expect(seen).toEqual([
      ['snapshot', 7],
      ['change', 8],
    ]);
  });

  it('holds changes that arrive while the snapshot is taken until after it', async () => {
    const router = new ApiRouter(procedures, topics);
    router.implement('math.add', () => 0);
    router.implement('math.nothing', () => null);
    let emit: (n: number) => void = () => {};
    router.provide('counter', {
      snapshot: async () => {
        emit(2);
        return 1;
      },
      subscribe: (_p, onChange) => {
        emit = onChange;
        return () => {};
      },
    });
    const seen: unknown[] = [];
    await router.subscribe('counter', {}, (kind, data) => seen.push(`${kind}:${String(data)}`));
    expect(seen).toEqual(['snapshot:1', 'change:2']);
  });

  it('names what the contract has but nothing implements', () => {
    const router = new ApiRouter(procedures, topics);
    router.implement('math.add', () => 0);
    expect(() => router.assertComplete()).toThrow(/math\.nothing.*topic counter/);
  });

  it('throws ClosedError after close', async () => {
    const { router } = makeRouter();
    router.close();
    await expect(router.call('math.add', { a: 1, b: 1 }, ctx)).rejects.toThrow(/closed/);
  });
});
