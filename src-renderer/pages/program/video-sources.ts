import type { CameraState, CameraView, RtmpStreamView } from '../../../src-main/api/contract';
import type { SnapshotSource } from '../cameras/use-snapshot-url';

/** A picture a video layer can show: a camera or a published RTMP stream (a hub source). */
export interface VideoSource {
  /** The hub source id a video layer names (`sourceId`). */
  id: string;
  name: string;
  kind: 'camera' | 'rtmp';
  state: CameraState;
  /** Where its latest frame comes from. */
  snapshot: SnapshotSource;
}

/** Cameras first, then published streams, each by name. */
export function videoSources(cameras: readonly CameraView[] | undefined, streams: readonly RtmpStreamView[] | undefined): VideoSource[] {
  const fromCameras = (cameras ?? []).map<VideoSource>((c) => ({
    id: c.id,
    name: c.name,
    kind: 'camera',
    state: c.enabled ? c.status.state : 'disabled',
    snapshot: { kind: 'camera', id: c.id },
  }));
  const fromStreams = (streams ?? []).map<VideoSource>((s) => ({
    id: s.sourceId,
    name: `RTMP ${s.name}`,
    kind: 'rtmp',
    state: s.status.state,
    snapshot: { kind: 'rtmp', name: s.name },
  }));
  const byName = (a: VideoSource, b: VideoSource) => a.name.localeCompare(b.name);
  return [...fromCameras.sort(byName), ...fromStreams.sort(byName)];
}
