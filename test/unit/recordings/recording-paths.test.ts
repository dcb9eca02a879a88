import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isCameraDirName,
  isRecordingName,
  listCameraRecordings,
  recordingNameAt,
  recordingStart,
  resolveRecordingPath,
} from '../../../src-main/recordings/recording-files';
import { parseRecordingPath } from '../../../src-main/recordings/recordings-route';
import { parseRange } from '../../../src-main/recordings/file-response';
import { recorderArgs } from '../../../src-main/recordings/recorder-args';
import { hlsArgs, withTicket } from '../../../src-main/hls/hls-args';
import { parseHlsPath } from '../../../src-main/hls/hls-route';

describe('recording names', () => {
  it('accepts generated names and reads their local start time', () => {
    expect(isRecordingName('20261121-142530.mp4')).toBe(true);
    expect(recordingStart('20261121-142530.mp4')).toBe(new Date(2026, 10, 21, 14, 25, 30).getTime());
    const now = new Date(2026, 0, 2, 3, 4, 5).getTime();
    expect(recordingNameAt(now)).toBe('20260102-030405.mp4');
    expect(recordingStart(recordingNameAt(now))).toBe(now);
  });

  it('refuses anything else: other shapes, impossible dates, traversal, other extensions', () => {
    for (const name of [
      '', '20261121-142530.MP4', '20261121-142530.mp4 ', ' 20261121-142530.mp4', '20261121142530.mp4', '2026112-142530.mp4',
      '20261321-142530.mp4', '20260230-120000.mp4', '20261121-250000.mp4', '20261121-126000.mp4', '20261121-120060.mp4',
      '../20261121-142530.mp4', '20261121-142530.mp4/..', '20261121-142530.mp4\u0000', '20261121-142530.mkv', '.mp4', 'x.mp4',
    ]) {
      expect(isRecordingName(name), JSON.stringify(name)).toBe(false);
    }
  });

  it('accepts camera ids as folder names, nothing that can leave the folder', () => {
    expect(isCameraDirName('cam_0123456789ab')).toBe(true);
    for (const id of ['', '.', '..', '../x', 'a/b', 'a\\b', 'c:', 'x'.repeat(65), 'cam 1', 'cam\u0000']) {
      expect(isCameraDirName(id), JSON.stringify(id)).toBe(false);
    }
  });

  it('parses route paths: exactly <cameraId>/<generated name>', () => {
    expect(parseRecordingPath('cam_1/20261121-142530.mp4')).toEqual({ cameraId: 'cam_1', name: '20261121-142530.mp4' });
    for (const rest of ['cam_1/../20261121-142530.mp4', '../cam_1/20261121-142530.mp4', '/etc/passwd', 'cam_1/20261121-142530.mp4/x', 'cam_1', 'cam_1/', '/cam_1/20261121-142530.mp4', 'cam_1//20261121-142530.mp4', '../../etc/passwd']) {
      expect(parseRecordingPath(rest), rest).toBeNull();
    }
    expect(parseHlsPath('cam_1/index.m3u8')).toEqual({ cameraId: 'cam_1', file: 'index.m3u8' });
    expect(parseHlsPath('cam_1/seg12.ts')).toEqual({ cameraId: 'cam_1', file: 'seg12.ts' });
    for (const rest of ['cam_1/index.m3u8.tmp', 'cam_1/../index.m3u8', 'cam_1/seg.ts', 'cam_1/seg1.ts.tmp', 'cam_1/x.ts', '../x/index.m3u8']) {
      expect(parseHlsPath(rest), rest).toBeNull();
    }
  });
});

describe('recording paths on disk', () => {
  let root: string;
  let outside: string;
  const name = '20261121-142530.mp4';

  beforeAll(() => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-rec-paths-'));
    root = path.join(base, 'recordings');
    outside = path.join(base, 'outside');
    fs.mkdirSync(path.join(root, 'cam_a'), { recursive: true });
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(root, 'cam_a', name), 'video');
    fs.writeFileSync(path.join(root, 'cam_a', 'notes.txt'), 'not a recording');
    fs.writeFileSync(path.join(outside, name), 'secret');
    fs.symlinkSync(path.join(outside, name), path.join(root, 'cam_a', '20261121-142531.mp4'));
    fs.symlinkSync(outside, path.join(root, 'cam_link'));
    fs.mkdirSync(path.join(root, 'cam_a', '20261121-142532.mp4'));
  });
  afterAll(() => fs.rmSync(path.dirname(root), { recursive: true, force: true }));

  it('resolves a real recording inside the folder', async () => {
    expect(await resolveRecordingPath(root, 'cam_a', name)).toBe(fs.realpathSync(path.join(root, 'cam_a', name)));
  });

  it('refuses symlinked files, symlinked camera folders, folders, missing files and bad names', async () => {
    expect(await resolveRecordingPath(root, 'cam_a', '20261121-142531.mp4')).toBeNull();
    expect(await resolveRecordingPath(root, 'cam_link', name)).toBeNull();
    expect(await resolveRecordingPath(root, 'cam_a', '20261121-142532.mp4')).toBeNull();
    expect(await resolveRecordingPath(root, 'cam_a', '20261121-142533.mp4')).toBeNull();
    expect(await resolveRecordingPath(root, 'cam_a', 'notes.txt')).toBeNull();
    expect(await resolveRecordingPath(root, '..', name)).toBeNull();
    expect(await resolveRecordingPath(root, 'cam_a', `../cam_a/${name}`)).toBeNull();
  });

  it('lists only regular files with generated names, oldest first', async () => {
    fs.writeFileSync(path.join(root, 'cam_a', '20261121-142000.mp4'), 'older');
    const list = await listCameraRecordings(root, 'cam_a');
    expect(list.map((f) => f.name)).toEqual(['20261121-142000.mp4', name]);
    expect(list[1]!.sizeBytes).toBe(5);
    expect(await listCameraRecordings(root, 'cam_missing')).toEqual([]);
    expect(await listCameraRecordings(root, '..')).toEqual([]);
  });
});

describe('byte ranges', () => {
  it('parses single ranges, suffixes and open ends', () => {
    expect(parseRange(undefined, 100)).toBeNull();
    expect(parseRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 });
    expect(parseRange('bytes=90-', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=-1000', 100)).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=50-1000', 100)).toEqual({ start: 50, end: 99 });
  });

  it('refuses what cannot be satisfied and ignores what it does not understand', () => {
    expect(parseRange('bytes=100-', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=20-10', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=-0', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-', 0)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-1,5-6', 100)).toBeNull();
    expect(parseRange('items=0-1', 100)).toBeNull();
    expect(parseRange('bytes=-', 100)).toBeNull();
  });
});

describe('FFmpeg arguments', () => {
  it('records without re-encoding into generated names, escaping % in the folder', () => {
    const args = recorderArgs('/data/100%/recordings/cam_a', 60);
    expect(args.slice(0, 8)).toEqual(['-analyzeduration', '1000000', '-probesize', '1000000', '-f', 'flv', '-i', 'pipe:0']);
    expect(args).toContain('copy');
    expect(args.join(' ')).toContain('-segment_time 60 -segment_format mp4 -segment_format_options movflags=+frag_keyframe+empty_moov+default_base_moof -reset_timestamps 1 -strftime 1');
    expect(args.at(-1)).toBe(path.join('/data/100%%/recordings/cam_a', '%Y%m%d-%H%M%S.mp4'));
  });

  it('writes HLS with strict segment names', () => {
    const args = hlsArgs('/data/hls/cam_a');
    expect(args.join(' ')).toContain('-f hls -hls_time 2 -hls_list_size 6 -hls_flags delete_segments+omit_endlist+independent_segments');
    expect(args.at(-1)).toBe(path.join('/data/hls/cam_a', 'index.m3u8'));
    expect(args.at(-2)).toBe(path.join('/data/hls/cam_a', 'seg%d.ts'));
  });

  it('puts the ticket on every segment URI of a playlist, and nothing else', () => {
    const playlist = '#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.000000,\nseg0.ts\n#EXTINF:2.000000,\nseg1.ts\n';
    expect(withTicket(playlist, 'abc.d-e_f')).toBe('#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.000000,\nseg0.ts?ticket=abc.d-e_f\n#EXTINF:2.000000,\nseg1.ts?ticket=abc.d-e_f\n');
    expect(withTicket(playlist, null)).toBe(playlist);
    expect(withTicket('#EXTM3U\nhttp://evil/x.ts\n', 't')).toBe('#EXTM3U\nhttp://evil/x.ts\n');
  });
});
