import { useState } from 'react';
import type { RtmpStreamView } from '../../../src-main/api/contract';
import { useIsConnected } from '../../hooks/use-connection-state';
import { useRtmpStreamPreview } from '../../hooks/use-flv-preview';
import { CameraStateBadge } from '../cameras/CameraStateBadge';
import { formatBitrate, formatCameraFps, formatResolution } from '../cameras/camera-format';

/** Published streams as cards: state, figures and a small live picture. */
export function StreamsCard({ streams }: { streams: RtmpStreamView[] | undefined }) {
  return (
    <section className="card rtmp-card" aria-labelledby="rtmp-streams-title" data-testid="rtmp-streams">
      <h2 id="rtmp-streams-title">Published streams</h2>
      {streams && streams.length === 0 && <p className="muted" data-testid="rtmp-streams-empty">Nothing is published. Point OBS at the server above with a stream key.</p>}
      {streams && streams.length > 0 && (
        <div className="rtmp-stream-grid">
          {streams.map((stream) => (
            <StreamCard key={stream.name} stream={stream} />
          ))}
        </div>
      )}
    </section>
  );
}

function StreamCard({ stream }: { stream: RtmpStreamView }) {
  const [video, setVideo] = useState<HTMLVideoElement | null>(null);
  const connected = useIsConnected();
  const live = connected && stream.status.state === 'live';
  const preview = useRtmpStreamPreview(video, stream.name, live);
  const figures = [formatResolution(stream.status.video), formatCameraFps(stream.status.fps), formatBitrate(stream.status.bitrateKbps)].filter(Boolean);
  const playing = preview?.kind === 'playing';

  return (
    <article className="rtmp-stream" data-testid="rtmp-stream" data-name={stream.name} data-state={stream.status.state}>
      <div className="rtmp-stream-picture">
        <video ref={setVideo} className={playing ? undefined : 'hidden-picture'} muted playsInline disablePictureInPicture data-testid="rtmp-stream-video" data-preview={preview?.kind ?? 'off'} />
        {!playing && (
          <p className="rtmp-stream-slate">
            {!live ? (stream.status.reason ?? 'Not live') : preview?.kind === 'retrying' || preview?.kind === 'unavailable' ? preview.problem : 'Opening preview…'}
          </p>
        )}
      </div>
      <div className="rtmp-stream-info">
        <strong className="rtmp-stream-name">{stream.name}</strong>
        <CameraStateBadge state={stream.status.state} stale={!connected} />
      </div>
      <p className="muted rtmp-stream-figures" data-testid="rtmp-stream-figures">
        {figures.length > 0 ? figures.join(' · ') : '—'}
        {stream.status.readers > 0 ? ` · ${stream.status.readers} reader${stream.status.readers === 1 ? '' : 's'}` : ''}
      </p>
    </article>
  );
}
