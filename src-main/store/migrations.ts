import { randomUUID } from 'node:crypto';
import { STATE_VERSION } from './schema';

/** A raw document of some older version. Migrations only reshape JSON; the schema validates after. */
export type RawState = Record<string, unknown>;

/**
 * migrations[n] turns a version-n document into version n+1. Version 0 is "no version field":
 * an empty file's worth of state, or a pre-release document.
 */
export const migrations: Record<number, (doc: RawState) => RawState> = {
  0: (doc) => ({
    ...doc,
    version: 1,
    nodeId: typeof doc.nodeId === 'string' ? doc.nodeId : randomUUID(),
    createdAt: typeof doc.createdAt === 'string' ? doc.createdAt : new Date().toISOString(),
  }),
};

export class NewerStateVersionError extends Error {
  override readonly name = 'NewerStateVersionError';
  constructor(
    readonly file: string,
    readonly found: number,
  ) {
    super(
      `${file} was written by a newer version of Control Room (state version ${found}, this build reads up to ${STATE_VERSION}). Upgrade the application, or move the file away to start fresh.`,
    );
  }
}

/** Applies every migration from the document's version up to STATE_VERSION. */
export function migrate(doc: RawState, file: string): { doc: RawState; from: number } {
  const from = typeof doc.version === 'number' && Number.isInteger(doc.version) ? doc.version : 0;
  if (from > STATE_VERSION) throw new NewerStateVersionError(file, from);
  let current = doc;
  for (let v = from; v < STATE_VERSION; v++) {
    const step = migrations[v];
    if (!step) throw new Error(`No migration from state version ${v} (in ${file})`);
    current = step(current);
  }
  return { doc: current, from };
}
