import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MediaHub, MAX_READER_BACKLOG_BYTES, type HubReader } from '../../../src-main/media/hub/media-hub';

/** Real FFmpeg writes FLV (H.264 + AAC, 1 s GOP) into the hub; readers' output is checked with ffprobe. */
function ffmpegFlv(seconds: number): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('ffmpeg', [
      '-hide_banner', '-loglevel', 'error',
      '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25',
      '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
      '-t', String(seconds), '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-c:a', 'aac', '-f', 'flv', 'pipe:1',
    ]);
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(chunks) : reject(new Error(`ffmpeg exited ${code}`))));
  });
}

class CollectingReader implements HubReader {
  chunks: Buffer[] = [];
  closedWith: string | null = null;
  backlog = 0;
  write(chunk: Buffer) {
    this.chunks.push(chunk);
  }
  backlogBytes() {
    return this.backlog;
  }
  close(reason: string) {
    this.closedWith = reason;
  }
}

function probePackets(bytes: Buffer): Array<{ codec_type: string; pts_time: string; flags: string }> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cr-hub-')), 'out.flv');
  fs.writeFileSync(file, bytes);
  const out = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'packet=codec_type,pts_time,flags', '-of', 'json', file], { encoding: 'utf8' });
  fs.rmSync(path.dirname(file), { recursive: true });
  return (JSON.parse(out) as { packets: Array<{ codec_type: string; pts_time: string; flags: string }> }).packets;
}

/** Feeds the chunks in small pieces, as a pipe would. */
function feed(write: (c: Buffer) => void, chunks: Buffer[], onHalf?: () => void) {
  const all = Buffer.concat(chunks);
  for (let i = 0; i < all.length; i += 1000) {
    if (onHalf && i >= all.length / 2 && i < all.length / 2 + 1000) onHalf();
    write(all.subarray(i, i + 1000));
  }
}

describe('media hub', () => {
  it('a late reader starts at a keyframe with codec config and gets decodable video and audio', async () => {
    const chunks = await ffmpegFlv(3);
    const hub = new MediaHub();
    const source = hub.source('cam1');
    const late = new CollectingReader();
    feed(source.beginStream(), chunks, () => source.attach(late));
    const packets = probePackets(Buffer.concat(late.chunks));
    const video = packets.filter((p) => p.codec_type === 'video');
    expect(video.length).toBeGreaterThan(25);
    expect(video[0]?.flags.startsWith('K')).toBe(true);
    expect(packets.some((p) => p.codec_type === 'audio')).toBe(true);
    hub.close();
  });

  it('an ingest restart continues the same timeline for readers', async () => {
    const chunks = await ffmpegFlv(1);
    const hub = new MediaHub();
    const source = hub.source('cam1');
    const reader = new CollectingReader();
    source.attach(reader);
    feed(source.beginStream(), chunks);
    feed(source.beginStream(), chunks);
    const video = probePackets(Buffer.concat(reader.chunks)).filter((p) => p.codec_type === 'video');
    expect(video.length).toBe(50);
    const times = video.map((p) => Number(p.pts_time));
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThan(times[i - 1]!);
  });

  it('drops a slow or failing reader without disturbing the others', async () => {
    const chunks = await ffmpegFlv(1);
    const hub = new MediaHub();
    const source = hub.source('cam1');
    const good = new CollectingReader();
    const slow = new CollectingReader();
    slow.backlog = MAX_READER_BACKLOG_BYTES + 1;
    const failing: HubReader = { write: () => { throw new Error('EPIPE'); }, backlogBytes: () => 0, close: () => {} };
    source.attach(good);
    source.attach(slow);
    source.attach(failing);
    feed(source.beginStream(), chunks);
    expect(slow.closedWith).toMatch(/too slow/);
    expect(source.readerCount).toBe(1);
    expect(probePackets(Buffer.concat(good.chunks)).filter((p) => p.codec_type === 'video')).toHaveLength(25);
  });

  it('refuses garbage input with a named error', () => {
    const hub = new MediaHub();
    const write = hub.source('x').beginStream();
    expect(() => write(Buffer.from('this is not flv at all'))).toThrow(/Not an FLV stream/);
  });
});
