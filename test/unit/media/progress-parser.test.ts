import { describe, expect, it } from 'vitest';
import { ProgressParser, type FfmpegProgress } from '../../../src-main/media/progress-parser';

const BLOCK = [
  'frame=26',
  'fps=25.73',
  'stream_0_0_q=-0.0',
  'bitrate=1234.5kbits/s',
  'total_size=48000',
  'out_time_us=1040000',
  'out_time_ms=1040000',
  'out_time=00:00:01.040000',
  'dup_frames=1',
  'drop_frames=2',
  'speed=1.03x',
  'progress=continue',
  '',
].join('\n');

function collect(): { parser: ProgressParser; blocks: FfmpegProgress[] } {
  const blocks: FfmpegProgress[] = [];
  return { parser: new ProgressParser((p) => blocks.push(p)), blocks };
}

describe('ProgressParser', () => {
  it('parses a block into typed fields', () => {
    const { parser, blocks } = collect();
    parser.push(BLOCK);
    expect(blocks).toEqual([
      {
        frame: 26,
        fps: 25.73,
        bitrateKbps: 1234.5,
        totalSizeBytes: 48000,
        outTimeMs: 1040,
        dupFrames: 1,
        dropFrames: 2,
        speed: 1.03,
        end: false,
      },
    ]);
  });

  it('gives the same result however the stream is chunked, CRLF included', () => {
    const text = (BLOCK + BLOCK.replace('progress=continue', 'progress=end')).replace(/\n/g, '\r\n');
    const whole = collect();
    whole.parser.push(text);
    for (const size of [1, 2, 3, 7, 13]) {
      const split = collect();
      for (let i = 0; i < text.length; i += size) split.parser.push(Buffer.from(text.slice(i, i + size)));
      expect(split.blocks).toEqual(whole.blocks);
    }
    expect(whole.blocks).toHaveLength(2);
    expect(whole.blocks.map((b) => b.end)).toEqual([false, true]);
  });

  it('maps N/A to null', () => {
    const { parser, blocks } = collect();
    parser.push('frame=1\nfps=0.00\nbitrate=N/A\ntotal_size=N/A\nout_time_us=N/A\nout_time_ms=N/A\nspeed=N/A\nprogress=continue\n');
    expect(blocks[0]).toMatchObject({ frame: 1, fps: 0, bitrateKbps: null, totalSizeBytes: null, outTimeMs: null, speed: null });
  });

  it('falls back to out_time_ms, which FFmpeg writes in microseconds', () => {
    const { parser, blocks } = collect();
    parser.push('frame=5\nout_time_ms=2500000\nprogress=continue\n');
    expect(blocks[0]?.outTimeMs).toBe(2500);
  });

  it('treats FFmpeg\'s "no timestamp" sentinel as null', () => {
    const { parser, blocks } = collect();
    parser.push('out_time_us=-9223372036854775807\nprogress=continue\n');
    expect(blocks[0]?.outTimeMs).toBeNull();
  });

  it('does not carry fields from one block into the next', () => {
    const { parser, blocks } = collect();
    parser.push('frame=5\nspeed=2x\nprogress=continue\nframe=6\nprogress=continue\n');
    expect(blocks[1]).toMatchObject({ frame: 6, speed: null });
  });

  it('emits nothing for an unfinished block', () => {
    const { parser, blocks } = collect();
    parser.push('frame=5\nfps=25\n');
    parser.end();
    expect(blocks).toEqual([]);
  });
});
