import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FfmpegInfo, FfmpegSource } from '../system/system-types';

/** Generous: on a loaded machine (a busy CI runner, many cameras starting) `-version` can take seconds. */
const VERSION_TIMEOUT_MS = 20_000;
const HOW_TO_FIX =
  'Set FFMPEG_PATH to an FFmpeg executable, or install FFmpeg so that `ffmpeg` is on PATH ' +
  '(Debian/Ubuntu: apt install ffmpeg; Windows: add the folder holding ffmpeg.exe to PATH).';

/** No usable FFmpeg. `tried` lists every candidate and why it was rejected. */
export class FfmpegNotFoundError extends Error {
  override readonly name = 'FfmpegNotFoundError';
  constructor(
    readonly tried: string[],
    summary = 'FFmpeg not found',
  ) {
    super(`${summary}. Tried: ${tried.length > 0 ? tried.join('; ') : 'nothing'}. ${HOW_TO_FIX}`);
  }
}

export interface ResolveFfmpegOptions {
  /** Returns the path exported by `ffmpeg-static`, or null; injectable for tests. */
  loadFfmpegStatic?: () => string | null;
}

/**
 * Finds FFmpeg: `FFMPEG_PATH` (an explicit choice: if it is wrong we say so rather than silently
 * using another binary) → the optional `ffmpeg-static` package → `ffmpeg` on PATH.
 * Each candidate must run `-version` and print an FFmpeg version line.
 */
export async function resolveFfmpeg(
  env: NodeJS.ProcessEnv = process.env,
  options: ResolveFfmpegOptions = {},
): Promise<FfmpegInfo> {
  const fromEnv = env.FFMPEG_PATH?.trim();
  if (fromEnv) {
    try {
      return await probe(fromEnv, 'env');
    } catch (err) {
      throw new FfmpegNotFoundError(
        [`FFMPEG_PATH=${fromEnv}: ${describe(err)}`],
        'FFMPEG_PATH does not point to a working FFmpeg',
      );
    }
  }

  const tried: string[] = [];
  const candidates: Array<{ path: string | null; source: FfmpegSource; label: string }> = [
    { path: (options.loadFfmpegStatic ?? loadFfmpegStatic)(), source: 'ffmpeg-static', label: 'ffmpeg-static' },
    { path: findOnPath('ffmpeg', env), source: 'path', label: 'ffmpeg on PATH' },
  ];
  for (const candidate of candidates) {
    if (candidate.path === null) {
      tried.push(`${candidate.label}: not found`);
      continue;
    }
    try {
      return await probe(candidate.path, candidate.source);
    } catch (err) {
      tried.push(`${candidate.label} (${candidate.path}): ${describe(err)}`);
    }
  }
  throw new FfmpegNotFoundError(tried);
}

let cached: Promise<FfmpegInfo> | null = null;

/** `resolveFfmpeg()` once per process; a failure is not cached, so installing FFmpeg and retrying works. */
export function getFfmpeg(): Promise<FfmpegInfo> {
  cached ??= resolveFfmpeg().catch((err: unknown) => {
    cached = null;
    throw err;
  });
  return cached;
}

/** `ffmpeg version 5.1.9-0+deb12u1 Copyright …` → `5.1.9-0+deb12u1`. */
export function parseFfmpegVersion(output: string): string | null {
  const firstLine = output.split(/\r?\n/, 1)[0] ?? '';
  return /^ffmpeg version (\S+)/.exec(firstLine.trim())?.[1] ?? null;
}

/** Looks for an executable named `name` in the PATH entries, the way a shell would. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const isWindows = process.platform === 'win32';
  // Windows environment keys are case-insensitive, but a copied env object is not.
  const pathValue = isWindows ? (env.PATH ?? env.Path ?? env.path) : env.PATH;
  if (!pathValue) return null;
  const extensions = isWindows ? windowsExtensions(env) : [''];
  for (const dir of pathValue.split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of extensions) {
      const file = path.join(dir.replace(/^"(.*)"$/, '$1'), name + ext);
      if (isExecutableFile(file)) return file;
    }
  }
  return null;
}

function windowsExtensions(env: NodeJS.ProcessEnv): string[] {
  const fromEnv = (env.PATHEXT ?? '').split(';').filter(Boolean).map((e) => e.toLowerCase());
  // ffmpeg.exe first: execFile cannot run .cmd/.bat without a shell, and we never use one.
  return ['.exe', ...fromEnv.filter((e) => e !== '.exe')];
}

function isExecutableFile(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    fs.accessSync(file, process.platform === 'win32' ? fs.constants.F_OK : fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function loadFfmpegStatic(): string | null {
  try {
    const exported: unknown = createRequire(import.meta.url)('ffmpeg-static');
    return typeof exported === 'string' && exported.length > 0 ? exported : null;
  } catch {
    return null; // optional dependency: absent when its binary download failed
  }
}

async function probe(file: string, source: FfmpegSource): Promise<FfmpegInfo> {
  if (!fs.existsSync(file)) throw new Error('file does not exist');
  if (!isExecutableFile(file)) throw new Error('not an executable file');
  const output = await new Promise<string>((resolve, reject) => {
    execFile(file, ['-version'], { timeout: VERSION_TIMEOUT_MS, windowsHide: true }, (err, stdout) => {
      if (err) reject(new Error(`\`-version\` failed: ${err.message.split('\n', 1)[0]}`));
      else resolve(stdout);
    });
  });
  const version = parseFfmpegVersion(output);
  if (version === null) throw new Error('`-version` did not print an "ffmpeg version" line');
  return { path: file, version, source };
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
