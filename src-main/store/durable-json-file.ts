import fs from 'node:fs/promises';
import path from 'node:path';
import type { Adapter } from 'lowdb';

/**
 * A lowdb adapter whose writes are atomic and durable: the JSON goes to a temporary file that
 * is fsynced, then renamed over the target, then the directory is fsynced. A crash (or kill -9)
 * at any point leaves either the old or the new document, never a torn one.
 */
export class DurableJsonFile<T> implements Adapter<T> {
  constructor(readonly file: string) {}

  /** Returns null when the file does not exist; throws on unreadable or malformed JSON. */
  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    return JSON.parse(text) as T;
  }

  async write(data: T): Promise<void> {
    await writeFileDurably(this.file, `${JSON.stringify(data, null, 2)}\n`);
  }
}

export async function writeFileDurably(file: string, content: string | Buffer, mode = 0o600): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  const handle = await fs.open(tmp, 'w', mode);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(tmp, file);
  await syncDirectory(path.dirname(file));
}

async function syncDirectory(dir: string): Promise<void> {
  // Windows cannot open a directory for fsync; its rename is already durable enough there.
  if (process.platform === 'win32') return;
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
