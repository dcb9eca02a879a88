import { describe, expect, it } from 'vitest';
import { ffmpegEnv, spawnCommand, supervisedArgs } from '../../../src-main/media/ffmpeg-command';

describe('supervisedArgs', () => {
  it('puts the supervision options before the caller\'s arguments', () => {
    expect(supervisedArgs(['-i', 'in.mp4', '-f', 'null', '-'], 'pipe:3')).toEqual([
      '-hide_banner',
      '-nostdin',
      '-loglevel',
      'warning',
      '-nostats',
      '-progress',
      'pipe:3',
      '-stats_period',
      '0.5',
      '-i',
      'in.mp4',
      '-f',
      'null',
      '-',
    ]);
  });

  it('keeps the caller\'s log level', () => {
    expect(supervisedArgs(['-loglevel', 'error', '-i', 'x'])).not.toContain('warning');
    expect(supervisedArgs(['-v', 'info', '-i', 'x'])).not.toContain('warning');
  });
});

describe('spawnCommand', () => {
  it('wraps FFmpeg in setpriv so it dies with the engine', () => {
    expect(spawnCommand('/usr/bin/ffmpeg', ['-i', 'x'], '/usr/bin/setpriv')).toEqual({
      command: '/usr/bin/setpriv',
      args: ['--pdeathsig', 'KILL', '--', '/usr/bin/ffmpeg', '-i', 'x'],
    });
  });

  it('runs FFmpeg directly without setpriv', () => {
    expect(spawnCommand('ffmpeg.exe', ['-i', 'x'], null)).toEqual({ command: 'ffmpeg.exe', args: ['-i', 'x'] });
  });
});

describe('ffmpegEnv', () => {
  it("keeps freed picture memory in FFmpeg's heap on Linux, after the caller's environment", () => {
    const env = ffmpegEnv({ PATH: '/usr/bin' }, 'linux');
    expect(env.PATH).toBe('/usr/bin');
    expect(env.GLIBC_TUNABLES).toMatch(/glibc\.malloc\.trim_threshold=\d+/);
    expect(env.GLIBC_TUNABLES).toMatch(/glibc\.malloc\.mmap_threshold=\d+/);
  });

  it("lets a user's own GLIBC_TUNABLES win (they come last)", () => {
    const env = ffmpegEnv({ GLIBC_TUNABLES: 'glibc.malloc.trim_threshold=1' }, 'linux');
    expect(env.GLIBC_TUNABLES!.split(':').at(-1)).toBe('glibc.malloc.trim_threshold=1');
  });

  it('changes nothing on other systems', () => {
    const base = { PATH: 'C:\\ffmpeg' };
    expect(ffmpegEnv(base, 'win32')).toBe(base);
  });
});
