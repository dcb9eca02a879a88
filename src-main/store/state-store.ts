import fs from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Low } from 'lowdb';
import { ApiError, ClosedError } from '../api/errors';
import { describeZodError } from '../api/validation';
import type { Logger } from '../logging/logger';
import type { Service } from '../app/service';
import { DurableJsonFile, writeFileDurably } from './durable-json-file';
import { migrate, type RawState } from './migrations';
import { STATE_VERSION, stateSchema, type PersistedState } from './schema';

export const STATE_FILE_NAME = 'state.json';

/** The state file cannot be used and no valid backup exists: the engine refuses to start. */
export class StateFileCorruptError extends Error {
  override readonly name = 'StateFileCorruptError';
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(
      `Cannot start: the state file ${file} is unreadable (${reason}) and there is no valid backup (${file}.bak). ` +
        `Nothing was changed. Repair or move the file away to start with a fresh state.`,
    );
  }
}

type LoadResult = { ok: true; state: PersistedState; migratedFrom: number } | { ok: false; reason: string };

/**
 * The engine's persisted state in one lowdb JSON file. Every update is validated against the
 * schema before it is written (an invalid change changes nothing), writes are serialised, and
 * `update()` resolves only once the new document is durably on disk.
 */
export class StateStore extends EventEmitter<{ changed: [PersistedState] }> implements Service {
  readonly name = 'store';
  private writeQueue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly db: Low<PersistedState>,
    readonly file: string,
  ) {
    super();
  }

  static async open(dataDir: string, logger: Logger): Promise<StateStore> {
    await fs.mkdir(dataDir, { recursive: true });
    const file = path.join(dataDir, STATE_FILE_NAME);
    const backup = `${file}.bak`;
    const main = await loadState(file);
    let state: PersistedState;
    let mustWrite = false;

    if (main === null) {
      const fromBackup = await loadState(backup);
      if (fromBackup?.ok) {
        logger.warn(`State file ${file} is missing; starting from the backup ${backup}`);
        state = fromBackup.state;
      } else {
        logger.info(`Creating a new state file ${file}`);
        state = freshState();
      }
      mustWrite = true;
    } else if (main.ok) {
      state = main.state;
      if (main.migratedFrom !== STATE_VERSION) {
        const keep = path.join(dataDir, `state.v${main.migratedFrom}.json`);
        await fs.copyFile(file, keep);
        logger.info(`Migrated ${file} from state version ${main.migratedFrom} to ${STATE_VERSION}; the old file is kept as ${keep}`);
        mustWrite = true;
      }
    } else {
      const fromBackup = await loadState(backup);
      if (!fromBackup?.ok) throw new StateFileCorruptError(file, main.reason);
      const kept = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      await fs.copyFile(file, kept);
      logger.error(`State file ${file} is unreadable (${main.reason}); starting from the backup ${backup}. The unreadable file is kept as ${kept}`);
      state = fromBackup.state;
      mustWrite = true;
    }

    const db = new Low<PersistedState>(new DurableJsonFile<PersistedState>(file), state);
    db.data = state;
    if (mustWrite) await db.write();
    // The file now holds a valid document: it becomes the backup used if a later start finds the file damaged.
    await writeFileDurably(backup, await fs.readFile(file));
    return new StateStore(db, file);
  }

  get(): Readonly<PersistedState> {
    if (this.closed) throw new ClosedError('State store');
    return this.db.data;
  }

  /**
   * Applies `change` to a copy of the state, validates the result, writes it durably, and only
   * then makes it the current state. Rejects with `invalid_input` (nothing changed) when the
   * result does not match the schema.
   */
  update(change: (draft: PersistedState) => PersistedState | void): Promise<PersistedState> {
    if (this.closed) return Promise.reject(new ClosedError('State store'));
    const run = async (): Promise<PersistedState> => {
      const draft = structuredClone(this.db.data);
      const proposed = change(draft) ?? draft;
      const checked = stateSchema.safeParse(proposed);
      if (!checked.success) throw new ApiError('invalid_input', describeZodError(checked.error));
      await this.db.adapter.write(checked.data);
      this.db.data = checked.data;
      this.emit('changed', checked.data);
      return checked.data;
    };
    const result = this.writeQueue.then(run, run);
    this.writeQueue = result.catch(() => undefined);
    return result;
  }

  /** Resolves when every acknowledged and pending write is on disk. */
  async flush(): Promise<void> {
    await this.writeQueue;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
  }
}

function freshState(): PersistedState {
  return stateSchema.parse({ version: STATE_VERSION, nodeId: randomUUID(), createdAt: new Date().toISOString() });
}

/** null when the file does not exist. */
async function loadState(file: string): Promise<LoadResult | null> {
  let raw: unknown;
  try {
    raw = await new DurableJsonFile<unknown>(file).read();
  } catch (err) {
    return { ok: false, reason: err instanceof SyntaxError ? `invalid JSON: ${err.message}` : String((err as Error).message) };
  }
  if (raw === null) return null;
  if (typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, reason: 'not a JSON object' };
  const { doc, from } = migrate(raw as RawState, file);
  const parsed = stateSchema.safeParse(doc);
  if (!parsed.success) return { ok: false, reason: `does not match the schema: ${describeZodError(parsed.error)}` };
  return { ok: true, state: parsed.data, migratedFrom: from };
}
