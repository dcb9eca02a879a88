import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { spawnCommand } from '../../src-main/media/ffmpeg-command';
import { REPO_ROOT } from '../fixtures/engine-process';

/**
 * Starts clock-source.ts (a camera that draws its own wall clock) on a free port and waits for
 * its READY line. `track` registers the child with the bench's cleanup; the child dies with
 * the bench (spawnCommand's parent-death signal).
 */
export async function startClockSource(track: (child: ChildProcess) => ChildProcess): Promise<{ child: ChildProcess; url: string }> {
  const command = spawnCommand(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'test/bench/clock-source.ts'), '--port', '0']);
  const child = track(spawn(command.command, command.args, { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'inherit'] }));
  let stdout = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the clock source printed no READY within 15 s')), 15_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /READY (\d+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`the clock source exited (${code})`)));
  });
  return { child, url: `http://127.0.0.1:${port}/clock.ts` };
}
