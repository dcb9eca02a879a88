import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkCameraUrl, withCredentials } from '../../../src-main/cameras/camera-url';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-media-'));
const clip = path.join(root, 'clip.mp4');
fs.writeFileSync(clip, 'x');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('checkCameraUrl', () => {
  it('moves credentials out of the URL', () => {
    expect(checkCameraUrl('rtsp://admin:p%40ss@10.0.0.5:554/Streaming/101', 'url', [root])).toEqual({
      url: 'rtsp://10.0.0.5:554/Streaming/101',
      credentials: { username: 'admin', password: 'p@ss' },
    });
  });

  it('keeps query separators cameras use, refuses shell characters elsewhere', () => {
    expect(checkCameraUrl('rtsp://cam/cam/realmonitor?channel=1&subtype=0', 'url', [root]).url).toBe('rtsp://cam/cam/realmonitor?channel=1&subtype=0');
    for (const bad of ['rtsp://cam/a&b', 'rtsp://cam/`id`', 'rtsp://cam/a b', 'rtsp://cam/a|b', "rtsp://cam/a'b", 'rtsp://cam/a\nb']) {
      expect(() => checkCameraUrl(bad, 'url', [root]), bad).toThrow(/^url: /);
    }
  });

  it('accepts files inside the allowed roots only, resolving links', () => {
    expect(checkCameraUrl(clip, 'url', [root]).url).toBe(`file://${fs.realpathSync(clip)}`);
    const link = path.join(root, 'escape.mp4');
    fs.symlinkSync('/etc/hostname', link);
    expect(() => checkCameraUrl(link, 'url', [root])).toThrow(/must be inside/);
    expect(() => checkCameraUrl(`${root}/../../etc/passwd`, 'url', [root])).toThrow(/must be inside/);
    expect(() => checkCameraUrl(path.join(root, 'missing.mp4'), 'subUrl', [root])).toThrow(/^subUrl: file .* does not exist/);
  });

  it('knows the test patterns and their options', () => {
    expect(checkCameraUrl('test://ball?size=640x360&fps=25', 'url', [root]).url).toBe('test://ball?size=640x360&fps=25');
    expect(() => checkCameraUrl('test://ball?fps=500', 'url', [root])).toThrow(/fps/);
    expect(() => checkCameraUrl('test://plaid', 'url', [root])).toThrow(/unknown test pattern/);
  });

  it('puts credentials back only for FFmpeg, encoded', () => {
    expect(withCredentials('rtsp://cam/s', { username: 'a@b', password: 'p:w/d' })).toBe('rtsp://a%40b:p%3Aw%2Fd@cam/s');
    expect(withCredentials('test://bars', { username: 'a', password: 'b' })).toBe('test://bars');
  });
});

describe('camera update schema', () => {
  it('a partial recording change carries only the changed fields', async () => {
    const { cameraUpdateSchema } = await import('../../../src-main/cameras/camera-schema');
    expect(cameraUpdateSchema.parse({ id: 'cam_1', recording: { segmentSeconds: 3 } }).recording).toEqual({ segmentSeconds: 3 });
  });
});
