import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findSetpriv } from '../../../src-main/media/ffmpeg-command';
import { isAlive, waitUntil } from './wait';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const fixture = path.join(repoRoot, 'test/fixtures/media/supervised-child.ts');
const canCheck = process.platform === 'linux' && findSetpriv() !== null;

describe('FFmpeg does not outlive the engine', { timeout: 60_000 }, () => {
  it.skipIf(!canCheck)('dies when its engine is killed with SIGKILL', async () => {
    const engine = spawn(process.execPath, ['--import', 'tsx', fixture], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let ffmpegPid: number | null = null;
    try {
      const lines = readline.createInterface({ input: engine.stdout });
      const [line] = (await Promise.race([
        once(lines, 'line'),
        once(engine, 'exit').then(([code]) => {
          throw new Error(`fixture exited early with code ${code}`);
        }),
      ])) as [string];
      ffmpegPid = (JSON.parse(line) as { pid: number }).pid;
      expect(isAlive(ffmpegPid)).toBe(true);
      expect(fs.readFileSync(`/proc/${ffmpegPid}/comm`, 'utf8').trim()).toBe('ffmpeg');

      const engineExit = once(engine, 'exit');
      engine.kill('SIGKILL');
      await engineExit;

      const pid = ffmpegPid;
      await waitUntil(() => !isAlive(pid), `ffmpeg ${pid} is gone`, 10_000);
    } finally {
      engine.kill('SIGKILL');
      if (ffmpegPid !== null && isAlive(ffmpegPid)) process.kill(ffmpegPid, 'SIGKILL');
    }
  });
});
