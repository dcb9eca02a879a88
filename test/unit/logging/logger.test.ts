import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LogManager } from '../../../src-main/logging/logger';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-log-'));
  dirs.push(d);
  return d;
}

describe('LogManager', () => {
  it('writes named, redacted JSON lines to the file', () => {
    const dir = tmp();
    const logs = new LogManager({ level: 'info', dir, console: false });
    const log = logs.get('engine').child('http').child({ camera: 'c1' });
    log.debug('hidden');
    log.info('connecting to rtsp://u:secret@cam/1', { password: 'secret', port: 1 });
    logs.close();
    const lines = fs.readFileSync(path.join(dir, 'engine.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'info', logger: 'engine.http', message: 'connecting to rtsp://***@cam/1', context: { camera: 'c1', password: '***', port: 1 } });
    expect(JSON.stringify(lines)).not.toContain('secret');
  });

  it('rotates the file when it grows past the limit, keeping maxFiles', () => {
    const dir = tmp();
    const logs = new LogManager({ level: 'debug', dir, console: false, maxFileBytes: 500, maxFiles: 3 });
    const log = logs.get('t');
    for (let i = 0; i < 60; i++) log.info(`line ${i} ${'x'.repeat(40)}`);
    logs.close();
    const files = fs.readdirSync(dir).sort();
    expect(files).toEqual(['engine.1.log', 'engine.2.log', 'engine.log']);
    for (const f of files) expect(fs.statSync(path.join(dir, f)).size).toBeLessThanOrEqual(500);
    expect(fs.readFileSync(path.join(dir, 'engine.log'), 'utf8')).toContain('line 59');
  });
});
