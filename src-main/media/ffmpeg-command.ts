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

/**
 * glibc's malloc settings for FFmpeg children. FFmpeg allocates and frees whole pictures many
 * times a frame (the program's first overlay copies the canvas into a fresh buffer, every
 * graphics plane read is a new 5 MB packet); with glibc's
 * defaults the freed memory goes back to the kernel and each new picture page-faults in again.
 * Keeping freed memory in the heap (no trimming below 256 MiB, mmap only above 32 MiB) cut the
 * program FFmpeg's system time by ≈ 40 % in a replica of the compositor bench. The process's
 * memory stays at its peak, which for a long-running FFmpeg is its steady state anyway.
 */
const FFMPEG_MALLOC_TUNABLES = 'glibc.malloc.trim_threshold=268435456:glibc.malloc.mmap_threshold=33554432';

/** The environment FFmpeg children run with: ours, plus the malloc settings on Linux (a user's own GLIBC_TUNABLES come last and win). */
export function ffmpegEnv(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): NodeJS.ProcessEnv {
  if (platform !== 'linux') return env;
  const tunables = env.GLIBC_TUNABLES ? `${FFMPEG_MALLOC_TUNABLES}:${env.GLIBC_TUNABLES}` : FFMPEG_MALLOC_TUNABLES;
  return { ...env, GLIBC_TUNABLES: tunables };
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
