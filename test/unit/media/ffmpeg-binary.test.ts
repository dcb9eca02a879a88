import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  FfmpegNotFoundError,
  findOnPath,
  parseFfmpegVersion,
  resolveFfmpeg,
} from '../../../src-main/media/ffmpeg-binary';

const isWindows = process.platform === 'win32';
const noFfmpegStatic = { loadFfmpegStatic: () => null };

let dir: string;

/** A fake `ffmpeg` that prints a version line, like the real one. */
function writeFakeFfmpeg(folder: string, firstLine = 'ffmpeg version 9.9.9-test Copyright (c) the FFmpeg developers'): string {
  const file = path.join(folder, 'ffmpeg');
  fs.writeFileSync(file, `#!/bin/sh\necho '${firstLine}'\necho 'built with gcc'\n`, { mode: 0o755 });
  return file;
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ffmpeg-binary-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('parseFfmpegVersion', () => {
  it('takes the version from the first line', () => {
    expect(parseFfmpegVersion('ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2026 the FFmpeg developers\nbuilt with gcc 12')).toBe(
      '5.1.9-0+deb12u1',
    );
    expect(parseFfmpegVersion('ffmpeg version N-112233-gabcdef Copyright')).toBe('N-112233-gabcdef');
    expect(parseFfmpegVersion('something else\nffmpeg version 1')).toBeNull();
  });
});

describe.skipIf(isWindows)('resolveFfmpeg', () => {
  it('uses FFMPEG_PATH when it points to a working FFmpeg', async () => {
    const fake = writeFakeFfmpeg(dir);
    const info = await resolveFfmpeg({ FFMPEG_PATH: fake, PATH: '' }, noFfmpegStatic);
    expect(info).toEqual({ path: fake, version: '9.9.9-test', source: 'env' });
  });

  it('names FFMPEG_PATH when it points nowhere, without falling back', async () => {
    const onPath = writeFakeFfmpeg(dir);
    const missing = path.join(dir, 'nope', 'ffmpeg');
    const err = await resolveFfmpeg({ FFMPEG_PATH: missing, PATH: path.dirname(onPath) }, noFfmpegStatic).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FfmpegNotFoundError);
    expect((err as Error).message).toContain('FFMPEG_PATH');
    expect((err as Error).message).toContain(missing);
    expect((err as Error).message).toContain('does not exist');
  });

  it('rejects an FFMPEG_PATH that is not executable', async () => {
    const file = path.join(dir, 'ffmpeg');
    fs.writeFileSync(file, 'not a program', { mode: 0o644 });
    await expect(resolveFfmpeg({ FFMPEG_PATH: file }, noFfmpegStatic)).rejects.toThrow(/FFMPEG_PATH.*not an executable/);
  });

  it('rejects an FFMPEG_PATH program that is not FFmpeg', async () => {
    const fake = writeFakeFfmpeg(dir, 'hello world');
    await expect(resolveFfmpeg({ FFMPEG_PATH: fake }, noFfmpegStatic)).rejects.toThrow(/FFMPEG_PATH.*ffmpeg version/);
  });

  it('uses ffmpeg-static before PATH', async () => {
    const staticDir = fs.mkdtempSync(path.join(dir, 'static-'));
    const pathDir = fs.mkdtempSync(path.join(dir, 'path-'));
    const fromStatic = writeFakeFfmpeg(staticDir, 'ffmpeg version 6.0-static x');
    writeFakeFfmpeg(pathDir);
    const info = await resolveFfmpeg({ PATH: pathDir }, { loadFfmpegStatic: () => fromStatic });
    expect(info).toEqual({ path: fromStatic, version: '6.0-static', source: 'ffmpeg-static' });
  });

  it('falls back to PATH when ffmpeg-static points to a missing file', async () => {
    const fake = writeFakeFfmpeg(dir);
    const info = await resolveFfmpeg({ PATH: dir }, { loadFfmpegStatic: () => path.join(dir, 'gone') });
    expect(info).toMatchObject({ path: fake, source: 'path' });
  });

  it('finds ffmpeg in a later PATH entry, skipping non-executables', async () => {
    const empty = fs.mkdtempSync(path.join(dir, 'empty-'));
    const decoy = fs.mkdtempSync(path.join(dir, 'decoy-'));
    fs.writeFileSync(path.join(decoy, 'ffmpeg'), 'not executable', { mode: 0o644 });
    const real = fs.mkdtempSync(path.join(dir, 'real-'));
    const fake = writeFakeFfmpeg(real);
    const env = { PATH: [empty, decoy, real].join(path.delimiter) };
    expect(findOnPath('ffmpeg', env)).toBe(fake);
    expect(await resolveFfmpeg(env, noFfmpegStatic)).toEqual({ path: fake, version: '9.9.9-test', source: 'path' });
  });

  it('throws FfmpegNotFoundError listing what was tried and how to fix it', async () => {
    const err = await resolveFfmpeg({ PATH: dir }, noFfmpegStatic).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FfmpegNotFoundError);
    const { message, tried } = err as FfmpegNotFoundError;
    expect(tried).toEqual(['ffmpeg-static: not found', 'ffmpeg on PATH: not found']);
    expect(message).toContain('FFMPEG_PATH');
    expect(message).toMatch(/install FFmpeg/i);
  });

  it('finds the real FFmpeg of this machine', async () => {
    const info = await resolveFfmpeg(process.env);
    expect(info.version).toMatch(/^\S+$/);
  });
});
