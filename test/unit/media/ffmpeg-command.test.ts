import { describe, expect, it } from 'vitest';
import { spawnCommand, supervisedArgs } from '../../../src-main/media/ffmpeg-command';

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
