import type { z } from 'zod';
import { ApiError, ClosedError } from './errors';
import { parseInput } from './validation';
import type { ProcedureDef, TopicDef } from './define';

export type Transport = 'ipc' | 'http' | 'ws' | 'internal';

export interface CallContext {
  transport: Transport;
  remoteAddress?: string;
  signal?: AbortSignal;
}

type OutputOf<D> = D extends ProcedureDef<z.ZodType, infer O> ? O : never;
type DataOf<D> = D extends TopicDef<z.ZodType, infer T> ? T : never;

export type ProcedureHandler<D extends ProcedureDef> = (
  input: z.output<D['input']>,
  ctx: CallContext,
) => OutputOf<D> | Promise<OutputOf<D>>;

/** Where a topic's live state comes from: a snapshot, then every change. */
export interface TopicSource<D extends TopicDef> {
  snapshot(params: z.output<D['params']>): DataOf<D> | Promise<DataOf<D>>;
  subscribe(params: z.output<D['params']>, onChange: (data: DataOf<D>) => void): () => void;
}

export type TopicMessageKind = 'snapshot' | 'change';
export type TopicListener = (kind: TopicMessageKind, data: unknown) => void;

/** What a transport needs of the API: it never sees the handlers' types. */
export interface ApiDispatcher {
  call(name: string, rawInput: unknown, ctx: CallContext): Promise<unknown>;
  subscribe(name: string, rawParams: unknown, listener: TopicListener): Promise<() => void>;
  /** The request body a procedure may take when it declares more than the default (undefined: the default). */
  maxBodyBytes?(name: string): number | undefined;
  /** The largest body any procedure declares (a WebSocket message must fit the largest call). */
  largestBodyBytes?(): number | undefined;
}

/**
 * Binds the contract to handlers. Validates every input with the contract's schema before a
 * handler sees it, so handlers only ever get typed, checked values.
 */
export class ApiRouter<
  P extends Record<string, ProcedureDef>,
  T extends Record<string, TopicDef>,
> implements ApiDispatcher {
  private readonly handlers = new Map<string, ProcedureHandler<ProcedureDef>>();
  private readonly sources = new Map<string, TopicSource<TopicDef>>();
  private closed = false;

  constructor(
    private readonly procedures: P,
    private readonly topics: T,
  ) {}

  implement<N extends keyof P & string>(name: N, handler: ProcedureHandler<P[N]>): void {
    if (this.handlers.has(name)) throw new Error(`Procedure ${name} is already implemented`);
    this.handlers.set(name, handler as unknown as ProcedureHandler<ProcedureDef>);
  }

  provide<N extends keyof T & string>(name: N, source: TopicSource<T[N]>): void {
    if (this.sources.has(name)) throw new Error(`Topic ${name} already has a source`);
    this.sources.set(name, source as unknown as TopicSource<TopicDef>);
  }

  /** Throws naming every procedure or topic of the contract that nothing implements. */
  assertComplete(): void {
    const missing = [
      ...Object.keys(this.procedures).filter((n) => !this.handlers.has(n)),
      ...Object.keys(this.topics).filter((n) => !this.sources.has(n)).map((n) => `topic ${n}`),
    ];
    if (missing.length > 0) throw new Error(`API not implemented: ${missing.join(', ')}`);
  }

  procedureNames(): string[] {
    return Object.keys(this.procedures);
  }

  maxBodyBytes(name: string): number | undefined {
    return Object.hasOwn(this.procedures, name) ? this.procedures[name]!.maxBodyBytes : undefined;
  }

  largestBodyBytes(): number | undefined {
    const limits = Object.values(this.procedures).flatMap((def) => (def.maxBodyBytes ? [def.maxBodyBytes] : []));
    return limits.length > 0 ? Math.max(...limits) : undefined;
  }

  async call(name: string, rawInput: unknown, ctx: CallContext): Promise<unknown> {
    if (this.closed) throw new ClosedError('API router');
    const def = Object.hasOwn(this.procedures, name) ? this.procedures[name] : undefined;
    const handler = this.handlers.get(name);
    if (!def || !handler) throw new ApiError('not_found', `Unknown procedure: ${name}`);
    const input = parseInput(def.input, rawInput);
    return handler(input, ctx);
  }

  async subscribe(name: string, rawParams: unknown, listener: TopicListener): Promise<() => void> {
    if (this.closed) throw new ClosedError('API router');
    const def = Object.hasOwn(this.topics, name) ? this.topics[name] : undefined;
    const source = this.sources.get(name);
    if (!def || !source) throw new ApiError('not_found', `Unknown topic: ${name}`);
    const params = parseInput(def.params, rawParams);
    // Changes that arrive while the snapshot is being taken are held back, then sent after it,
    // so the client never sees a change older than its snapshot out of order.
    let ready = false;
    const held: unknown[] = [];
    const unsubscribe = source.subscribe(params, (data) => {
      if (ready) listener('change', data);
      else held.push(data);
    });
    try {
      listener('snapshot', await source.snapshot(params));
    } catch (err) {
      unsubscribe();
      throw err;
    }
    ready = true;
    for (const data of held) listener('change', data);
    return unsubscribe;
  }

  close(): void {
    this.closed = true;
  }
}
