import type { CameraView } from '../../../src-main/api/contract';
import { formatBitrate, formatCameraFps, formatCodec, formatResolution, sourceLabel } from './camera-format';

/** fps and bitrate up front; resolution and codec small. Off-air (or unknown) cameras show their source instead. */
export function CameraFiguresLine({ camera, stale }: { camera: CameraView; stale: boolean }) {
  const { status } = camera;
  const fps = formatCameraFps(status.fps);
  const bitrate = formatBitrate(status.bitrateKbps);
  const resolution = formatResolution(status.video);
  const codec = formatCodec(status.video?.codec);
  const running = !stale && (status.state === 'live' || status.state === 'stalled');

  if (!running) {
    return (
      <p className="tile-figures muted" data-testid="camera-figures">
        <span className="tile-source" title={camera.url}>
          {sourceLabel(camera.url)}
        </span>
      </p>
    );
  }
  return (
    <p className="tile-figures" data-testid="camera-figures">
      <span className="figure" data-testid="camera-fps">
        {fps ?? '— fps'}
      </span>
      <span className="figure" data-testid="camera-bitrate">
        {bitrate ?? '— kb/s'}
      </span>
      {(resolution || codec) && (
        <span className="figure-small" data-testid="camera-format" title={camera.subUrl ? 'The main stream; the grid shows the sub-stream' : 'The main stream'}>
          {[resolution, codec].filter(Boolean).join(' · ')}
        </span>
      )}
    </p>
  );
}
