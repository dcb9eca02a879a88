import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fragmentedMp4Duration } from '../../../src-main/recordings/mp4-duration';

/** Hand-built fragmented MP4 boxes: the layout FFmpeg writes with empty_moov+frag_keyframe+default_base_moof. */
function box(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(body.length + 8, 0);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, body]);
}
const u32 = (...values: number[]) => Buffer.concat(values.map((v) => { const b = Buffer.alloc(4); b.writeUInt32BE(v); return b; }));

function trak(id: number, timescale: number, handler: string): Buffer {
  const tkhd = box('tkhd', u32(0, 0, 0, id, 0, 0));
  const mdhd = box('mdhd', u32(0, 0, 0, timescale, 0, 0));
  const hdlr = box('hdlr', u32(0, 0), Buffer.from(handler, 'latin1'), u32(0, 0, 0));
  return box('trak', tkhd, box('mdia', mdhd, hdlr));
}

function traf(id: number, baseTime: number, durations: number[]): Buffer {
  const tfhd = box('tfhd', u32(0x020000, id));
  const tfdt = box('tfdt', u32(0, baseTime));
  const trun = box('trun', u32(0x000301, durations.length, 0), ...durations.map((d) => u32(d, 100)));
  return box('traf', tfhd, tfdt, trun);
}

function fragment(videoBase: number, audioBase: number): Buffer {
  // One second of video at 25 fps (timescale 12800) and audio (48 kHz, 1024-sample frames).
  const video = traf(1, videoBase, Array.from({ length: 25 }, () => 512));
  const audio = traf(2, audioBase, Array.from({ length: 47 }, () => 1024));
  return Buffer.concat([box('moof', box('mfhd', u32(0, 1)), video, audio), box('mdat', Buffer.alloc(1000))]);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-mp4-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, bytes: Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

describe('fragmented MP4 duration', () => {
  const head = Buffer.concat([box('ftyp', Buffer.from('isom')), box('moov', box('mvhd', Buffer.alloc(100)), trak(1, 12800, 'vide'), trak(2, 48000, 'soun'))]);

  it('sums the video fragments', async () => {
    const file = write('three.mp4', Buffer.concat([head, fragment(0, 0), fragment(12800, 48128), fragment(25600, 96256)]));
    expect(await fragmentedMp4Duration(file)).toBe(3);
  });

  it('counts only whole fragments of a segment cut short', async () => {
    const whole = Buffer.concat([head, fragment(0, 0), fragment(12800, 48128)]);
    const file = write('cut.mp4', whole.subarray(0, whole.length - 10));
    expect(await fragmentedMp4Duration(file)).toBe(1);
  });

  it('is null for a file with no fragment, or not an MP4 at all', async () => {
    expect(await fragmentedMp4Duration(write('empty.mp4', head))).toBeNull();
    expect(await fragmentedMp4Duration(write('text.mp4', Buffer.from('hello, this is not a video file at all')))).toBeNull();
    expect(await fragmentedMp4Duration(write('zero.mp4', Buffer.alloc(0)))).toBeNull();
  });
});
