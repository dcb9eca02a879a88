import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StateStore, StateFileCorruptError } from '../../../src-main/store/state-store';
import { NewerStateVersionError } from '../../../src-main/store/migrations';
import { STATE_VERSION } from '../../../src-main/store/schema';
import { silentLogger } from '../../../src-main/logging/logger';
import { ApiError } from '../../../src-main/api/errors';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-store-'));
  dirs.push(d);
  return d;
}
const log = silentLogger();
const readJson = (f: string) => JSON.parse(fs.readFileSync(f, 'utf8'));

describe('StateStore', () => {
  it('creates a valid state file with defaults and a backup', async () => {
    const dir = tmp();
    const store = await StateStore.open(dir, log);
    expect(store.get().version).toBe(STATE_VERSION);
    expect(store.get().settings.ui.theme).toBe('dark');
    expect(readJson(path.join(dir, 'state.json')).nodeId).toBe(store.get().nodeId);
    expect(readJson(path.join(dir, 'state.json.bak')).nodeId).toBe(store.get().nodeId);
    await store.close();
  });

  it('persists updates and keeps the node id across reopen', async () => {
    const dir = tmp();
    const a = await StateStore.open(dir, log);
    const id = a.get().nodeId;
    await a.update((s) => {
      s.settings.nodeName = 'Truck 4';
    });
    await a.close();
    const b = await StateStore.open(dir, log);
    expect(b.get().nodeId).toBe(id);
    expect(b.get().settings.nodeName).toBe('Truck 4');
    await b.close();
  });

  it('rejects an update that breaks the schema and changes nothing', async () => {
    const dir = tmp();
    const store = await StateStore.open(dir, log);
    const before = fs.readFileSync(path.join(dir, 'state.json'), 'utf8');
    const err = await store
      .update((s) => {
        (s.settings.ui as { gridColumns: unknown }).gridColumns = 99;
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).message).toContain('settings.ui.gridColumns');
    expect(store.get().settings.ui.gridColumns).toBe(3);
    expect(fs.readFileSync(path.join(dir, 'state.json'), 'utf8')).toBe(before);
    await store.close();
  });

  it('serialises concurrent updates without losing any', async () => {
    const dir = tmp();
    const store = await StateStore.open(dir, log);
    await Promise.all(
      Array.from({ length: 10 }, () =>
        store.update((s) => {
          s.settings.ui.gridColumns = (s.settings.ui.gridColumns % 6) + 1;
        }),
      ),
    );
    // 3 → 10 increments wrapping at 6: 3+10 = 13 → ((3-1+10) % 6)+1 = 1
    expect(store.get().settings.ui.gridColumns).toBe(1);
    await store.close();
  });

  it('starts on the backup when the file is corrupt, keeping the corrupt copy', async () => {
    const dir = tmp();
    const a = await StateStore.open(dir, log);
    await a.update((s) => {
      s.settings.nodeName = 'Kept';
    });
    await a.close();
    // The backup is refreshed at each start, so reopen once to back up "Kept".
    await (await StateStore.open(dir, log)).close();
    fs.writeFileSync(path.join(dir, 'state.json'), '{"version": 1, "nodeId": ');
    const b = await StateStore.open(dir, log);
    expect(b.get().settings.nodeName).toBe('Kept');
    await b.close();
    expect(fs.readdirSync(dir).some((f) => f.startsWith('state.json.corrupt-'))).toBe(true);
  });

  it('refuses to start, naming the file, when the file and the backup are both unusable', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'state.json'), 'not json at all');
    const err = await StateStore.open(dir, log).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StateFileCorruptError);
    expect((err as Error).message).toContain(path.join(dir, 'state.json'));
    // Nothing was reset.
    expect(fs.readFileSync(path.join(dir, 'state.json'), 'utf8')).toBe('not json at all');
  });

  it('refuses a file that does not match the schema when no backup exists', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'state.json'), JSON.stringify({ version: 1, nodeId: 'nope', createdAt: 'x' }));
    await expect(StateStore.open(dir, log)).rejects.toThrow(/nodeId/);
  });

  it('migrates a version 0 document and keeps the old file', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'state.json'), JSON.stringify({ settings: { nodeName: 'Old' } }));
    const store = await StateStore.open(dir, log);
    expect(store.get().version).toBe(STATE_VERSION);
    expect(store.get().settings.nodeName).toBe('Old');
    expect(fs.existsSync(path.join(dir, 'state.v0.json'))).toBe(true);
    await store.close();
  });

  it('refuses a document from a newer version', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'state.json'), JSON.stringify({ version: STATE_VERSION + 1 }));
    await expect(StateStore.open(dir, log)).rejects.toBeInstanceOf(NewerStateVersionError);
  });

  it('throws ClosedError after close', async () => {
    const store = await StateStore.open(tmp(), log);
    await store.close();
    expect(() => store.get()).toThrow(/closed/);
    await expect(store.update(() => {})).rejects.toThrow(/closed/);
  });
});
