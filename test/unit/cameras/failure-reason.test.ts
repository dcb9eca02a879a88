import { describe, expect, it } from 'vitest';
import { classifyFailure } from '../../../src-main/cameras/failure-reason';
import { parseStreamLine } from '../../../src-main/cameras/stream-info';

describe('classifyFailure', () => {
  it('names what FFmpeg said, in words, and whether waiting helps', () => {
    expect(classifyFailure(['[rtsp @ 0x1] method DESCRIBE failed: 401 Unauthorized', 'rtsp://***@cam/x: Server returned 401 Unauthorized (authorization failed)'])).toEqual({ reason: 'authentication failed', permanent: true });
    expect(classifyFailure(['rtsp://cam/x: Server returned 404 Not Found'])).toEqual({ reason: 'not found', permanent: true });
    expect(classifyFailure(['rtsp://cam/x: Connection refused'])).toEqual({ reason: 'unreachable (connection refused)', permanent: false });
    expect(classifyFailure(['rtsp://cam/x: Connection timed out'])).toEqual({ reason: 'timed out', permanent: false });
    expect(classifyFailure(['something odd'])).toEqual({ reason: 'stopped: something odd', permanent: false });
    expect(classifyFailure([])).toEqual({ reason: 'stopped unexpectedly', permanent: false });
  });
});

describe('parseStreamLine', () => {
  it('reads codecs and size from the input section', () => {
    const empty = { video: null, audio: null };
    const video = parseStreamLine('  Stream #0:0: Video: h264 (High), yuvj420p(pc, bt709, progressive), 1920x1080, 25 fps, 25 tbr', empty, true);
    expect(video?.video).toEqual({ codec: 'h264', width: 1920, height: 1080 });
    const audio = parseStreamLine('  Stream #0:1: Audio: pcm_mulaw, 8000 Hz, mono, s16, 64 kb/s', video!, true);
    expect(audio?.audio).toEqual({ codec: 'pcm_mulaw' });
    expect(parseStreamLine('  Stream #0:0: Video: h264', empty, false)).toBeNull();
  });
});
