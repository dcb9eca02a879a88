import type { z } from 'zod';

/**
 * A procedure's shape in the contract: its zod input schema, and its output type carried
 * as a phantom so the renderer can import the contract's *types* only.
 */
export interface ProcedureDef<I extends z.ZodType = z.ZodType, O = unknown> {
  readonly input: I;
  readonly description: string;
  /** A larger request body than the transports' default (an image upload); absent: the default. */
  readonly maxBodyBytes?: number;
  /** Phantom: never set at runtime. */
  readonly _output?: O;
}

export function procedure<O>() {
  return <I extends z.ZodType>(input: I, description: string, options: { maxBodyBytes?: number } = {}): ProcedureDef<I, O> => ({
    input,
    description,
    ...(options.maxBodyBytes ? { maxBodyBytes: options.maxBodyBytes } : {}),
  });
}

/**
 * A topic: live state a client subscribes to. The first message is a snapshot of type T,
 * every later one a change of type T too (the new value), so a client just replaces its copy.
 */
export interface TopicDef<P extends z.ZodType = z.ZodType, T = unknown> {
  readonly params: P;
  readonly description: string;
  readonly _data?: T;
}

export function topic<T>() {
  return <P extends z.ZodType>(params: P, description: string): TopicDef<P, T> => ({
    params,
    description,
  });
}
