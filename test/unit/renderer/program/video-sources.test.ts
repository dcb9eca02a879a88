import { describe, expect, it } from 'vitest';
import type { CameraView, RtmpStreamView } from '../../../../src-main/api/contract';
import { videoSources } from '../../../../src-renderer/pages/program/video-sources';

const camera = (id: string, name: string, enabled: boolean, state: CameraView['status']['state']) => ({ id, name, enabled, status: { state } }) as unknown as CameraView;
const stream = (name: string, state: RtmpStreamView['status']['state']) => ({ name, sourceId: `rtmp_${name}`, kind: 'rtmp', status: { state } }) as unknown as RtmpStreamView;

describe('video sources for video layers', () => {
  it('lists cameras by name, then published streams by name, with the hub source id a layer names', () => {
    const sources = videoSources([camera('c2', 'Wide', true, 'live'), camera('c1', 'Close', true, 'offline')], [stream('obs', 'live')]);
    expect(sources.map((s) => [s.id, s.name, s.kind, s.state])).toEqual([
      ['c1', 'Close', 'camera', 'offline'],
      ['c2', 'Wide', 'camera', 'live'],
      ['rtmp_obs', 'RTMP obs', 'rtmp', 'live'],
    ]);
    expect(sources[2]!.snapshot).toEqual({ kind: 'rtmp', name: 'obs' });
    expect(sources[0]!.snapshot).toEqual({ kind: 'camera', id: 'c1' });
  });

  it('shows a disabled camera as disabled, and copes with lists not loaded yet', () => {
    expect(videoSources([camera('c', 'Cam', false, 'offline')], undefined)[0]!.state).toBe('disabled');
    expect(videoSources(undefined, undefined)).toEqual([]);
  });
});
