import { execFileSync } from 'node:child_process';
import { findOnPath } from './ffmpeg-binary';

/** Where FFmpeg writes `-progress`: fd 3 (a pipe of ours), or stdout on Windows (no extra fds there). */
export const PROGRESS_OUTPUT = process.platform === 'win32' ? 'pipe:1' : 'pipe:3';
export const PROGRESS_PERIOD_S = 0.5;

/**
 * The caller's FFmpeg arguments with what the supervisor relies on in front: no banner, no
 * stdin (FFmpeg would otherwise read keystrokes and can stop on a background tty), warnings
 * only unless the caller chose a level, no stderr stats (progress arrives machine-readable).
 */
export function supervisedArgs(args: readonly string[], progressOutput = PROGRESS_OUTPUT): string[] {
  const hasLogLevel = args.some((a) => a === '-loglevel' || a === '-v');
  return [
    '-hide_banner',
    '-nostdin',
    ...(hasLogLevel ? [] : ['-loglevel', 'warning']),
    '-nostats',
    '-progress',
    progressOutput,
    '-stats_period',
    String(PROGRESS_PERIOD_S),
    ...args,
  ];
}

export interface SpawnCommand {
  command: string;
  args: string[];
}

/**
 * The command that runs FFmpeg so it cannot outlive the engine. On Linux, `setpriv --pdeathsig
 * KILL` makes the kernel SIGKILL FFmpeg when the engine dies, even by SIGKILL; setpriv execs
 * FFmpeg, so the pid we get is FFmpeg's. Without setpriv (other OSes, minimal distros) FFmpeg runs
 * directly and an engine killed hard leaves it behind. Windows would need a Job object with
 * JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE (a native addon) or a reaper process to do the same.
 */
export function spawnCommand(ffmpegPath: string, ffmpegArgs: string[], setpriv = findSetpriv()): SpawnCommand {
  if (setpriv === null) return { command: ffmpegPath, args: ffmpegArgs };
  return { command: setpriv, args: ['--pdeathsig', 'KILL', '--', ffmpegPath, ...ffmpegArgs] };
}

let setprivLookup: string | null | undefined;

/** setpriv with `--pdeathsig` support (util-linux ≥ 2.33), or null. Looked up once. */
export function findSetpriv(): string | null {
  if (setprivLookup === undefined) setprivLookup = lookUpSetpriv();
  return setprivLookup;
}

function lookUpSetpriv(): string | null {
  if (process.platform !== 'linux') return null;
  const candidates = ['/usr/bin/setpriv', findOnPath('setpriv')].filter((p): p is string => p !== null);
  for (const candidate of candidates) {
    try {
      const help = execFileSync(candidate, ['--help'], { encoding: 'utf8', timeout: 2_000 });
      if (help.includes('--pdeathsig')) return candidate;
    } catch {
      // not runnable: try the next one
    }
  }
  return null;
}
