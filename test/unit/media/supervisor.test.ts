import { afterEach, describe, expect, it } from 'vitest';
import { ClosedError } from '../../../src-main/api/errors';
import { silentLogger } from '../../../src-main/logging/logger';
import { FfmpegNotFoundError } from '../../../src-main/media/ffmpeg-binary';
import { ProcessExistsError, ProcessSupervisor } from '../../../src-main/media/supervisor';

// These cases need no FFmpeg; the real-process behaviour is in test/integration/media.
let supervisor: ProcessSupervisor | undefined;

function newSupervisor(ffmpegPath: string | null): ProcessSupervisor {
  supervisor = new ProcessSupervisor({ ffmpegPath, logger: silentLogger(), maxConcurrentStarts: 2 });
  return supervisor;
}

afterEach(async () => {
  await supervisor?.close();
  supervisor = undefined;
});

describe('ProcessSupervisor without FFmpeg', () => {
  it('refuses to start a process when FFmpeg is unavailable', () => {
    const proc = newSupervisor(null).create({ id: 'p', name: 'Preview', args: [] });
    expect(() => proc.start()).toThrow(FfmpegNotFoundError);
    expect(proc.state).toBe('idle');
  });

  it('reports a missing binary as a spawn error', async () => {
    const proc = newSupervisor('/nonexistent/ffmpeg').create({ id: 'p', name: 'Preview', args: [], restart: false });
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.start();
    expect(await exited).toMatchObject({ reason: 'spawn-error', code: null, stderrTail: [expect.stringContaining('/nonexistent/ffmpeg')] });
    expect(proc.state).toBe('failed');
  });

  it('schedules a restart after a spawn error when restarting is on', async () => {
    const proc = newSupervisor('/nonexistent/ffmpeg').create({
      id: 'p',
      name: 'Preview',
      args: [],
      backoff: { jitter: 0 },
    });
    const scheduled = new Promise((resolve) => proc.once('restart-scheduled', resolve));
    proc.start();
    expect(await scheduled).toEqual({ attempt: 1, delayMs: 1_000 });
    expect(proc.state).toBe('backoff');
    await proc.stop();
    expect(proc.state).toBe('stopped');
  });

  it('lists, finds and removes processes', async () => {
    const sup = newSupervisor('/usr/bin/ffmpeg');
    sup.create({ id: 'a', name: 'A', args: [] });
    sup.create({ id: 'b', name: 'B', args: [] });
    expect(() => sup.create({ id: 'a', name: 'A again', args: [] })).toThrow(ProcessExistsError);
    expect(sup.list()).toEqual([
      expect.objectContaining({ id: 'a', name: 'A', pid: null, state: 'idle', restarts: 0, startedAt: null, lastExit: null, lastProgress: null }),
      expect.objectContaining({ id: 'b', state: 'idle' }),
    ]);
    expect(sup.get('b')?.name).toBe('B');
    await sup.remove('b');
    expect(sup.get('b')).toBeUndefined();
  });

  it('validates settings', () => {
    const sup = newSupervisor(null);
    expect(() => sup.setMaxConcurrentStarts(0)).toThrow(RangeError);
    expect(() => sup.setDefaults({ stallTimeoutMs: -1 })).toThrow(RangeError);
    sup.setDefaults({ stallTimeoutMs: 5_000 });
  });

  it('throws ClosedError after close', async () => {
    const sup = newSupervisor(null);
    const proc = sup.create({ id: 'p', name: 'Preview', args: [] });
    await sup.close();
    await sup.close();
    expect(() => sup.create({ id: 'q', name: 'Q', args: [] })).toThrow(ClosedError);
    expect(() => sup.spawn({ id: 'q', name: 'Q', args: [] })).toThrow(ClosedError);
    expect(() => proc.start()).toThrow(ClosedError);
  });
});
