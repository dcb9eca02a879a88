import { useState, type CSSProperties } from 'react';
import type { Layer } from '../../../src-main/compositor/compositor-schema';
import { cameraStateLabel } from '../cameras/camera-format';
import { useSourceSnapshotUrl } from '../cameras/use-snapshot-url';
import { useNow } from '../../hooks/use-now';
import { countdownRemaining, formatClock, formatCountdown } from './layer-kinds';
import type { VideoSource } from './video-sources';

/** How often a video layer's picture in the editor is renewed (the engine renews snapshots every 3 s). */
const VIDEO_STILL_REFRESH_MS = 3_000;

interface LayerVisualProps {
  layer: Layer;
  /** Screen pixels per canvas pixel. */
  scale: number;
  source: VideoSource | undefined;
  assetUrl: string | undefined;
  assetName: string | undefined;
}

const OBJECT_FIT = { stretch: 'fill', contain: 'contain', cover: 'cover' } as const;

/** A layer drawn as the operator will recognise it: its colour, its text in its font, its image, its camera's latest picture. */
export function LayerVisual({ layer, scale, source, assetUrl, assetName }: LayerVisualProps) {
  switch (layer.kind) {
    case 'color':
      return <div className="layer-visual" style={{ background: layer.color }} />;
    case 'image':
      return assetUrl ? (
        <img className="layer-visual layer-image" src={assetUrl} alt={assetName ?? 'Image'} draggable={false} style={{ objectFit: OBJECT_FIT[layer.fit] }} />
      ) : (
        <div className="layer-visual layer-placeholder">
          <span>Image{assetName ? `: ${assetName}` : ''}</span>
        </div>
      );
    case 'text':
      return (
        <div className="layer-visual layer-text" style={textStyle(layer, scale)}>
          {layer.text}
        </div>
      );
    case 'clock':
      return <ClockVisual layer={layer} scale={scale} />;
    case 'countdown':
      return <CountdownVisual layer={layer} scale={scale} />;
    case 'lowerThird': {
      // The engine's proportions (layer-render.ts): accent stripe, padding and text sizes follow the bar's height.
      const accent = Math.max(2, Math.min(layer.height * 0.08, layer.width * 0.05)) * scale;
      const pad = layer.height * 0.22 * scale;
      const hasSubtitle = layer.subtitle.trim() !== '';
      return (
        <div className="layer-visual lower-third" style={{ background: layer.barColor, fontFamily: fontStack(layer.font), color: layer.textColor }}>
          <span className="lower-third-accent" style={{ background: layer.accentColor, width: accent }} />
          <span className="lower-third-text" style={{ paddingLeft: pad, paddingRight: pad }}>
            <span className="lower-third-title truncate" style={{ fontSize: layer.height * (hasSubtitle ? 0.36 : 0.5) * scale }}>
              {layer.title}
            </span>
            {hasSubtitle && (
              <span className="lower-third-subtitle truncate" style={{ fontSize: layer.height * 0.24 * scale }}>
                {layer.subtitle}
              </span>
            )}
          </span>
        </div>
      );
    }
    case 'video':
      return <VideoVisual layer={layer} source={source} />;
  }
}

function fontStack(font: string): string {
  return `"${font.replace(/"/g, '')}", sans-serif`;
}

type TextLike = Extract<Layer, { kind: 'text' | 'clock' | 'countdown' }>;

function textStyle(layer: TextLike, scale: number): CSSProperties {
  return {
    fontFamily: fontStack(layer.font),
    fontSize: layer.fontSize * scale,
    fontWeight: layer.bold ? 700 : 400,
    color: layer.color,
    background: layer.background ?? 'transparent',
    textAlign: layer.align,
    justifyContent: layer.align === 'left' ? 'flex-start' : layer.align === 'right' ? 'flex-end' : 'center',
    // As the engine draws it: padding only around a background.
    padding: layer.background ? `0 ${layer.fontSize * 0.3 * scale}px` : 0,
  };
}

function ClockVisual({ layer, scale }: { layer: Extract<Layer, { kind: 'clock' }>; scale: number }) {
  const now = useNow(1_000);
  return (
    <div className="layer-visual layer-text" style={textStyle(layer, scale)}>
      {formatClock(layer.format, layer.timeZone, now)}
    </div>
  );
}

function CountdownVisual({ layer, scale }: { layer: Extract<Layer, { kind: 'countdown' }>; scale: number }) {
  const now = useNow(250);
  return (
    <div className="layer-visual layer-text" style={textStyle(layer, scale)}>
      {formatCountdown(countdownRemaining(layer.durationSeconds, layer.startedAt, now), layer.durationSeconds)}
    </div>
  );
}

/** The source's latest snapshot under its name; a labelled box while it has none. */
function VideoVisual({ layer, source }: { layer: Extract<Layer, { kind: 'video' }>; source: VideoSource | undefined }) {
  const tick = Math.floor(useNow(VIDEO_STILL_REFRESH_MS) / VIDEO_STILL_REFRESH_MS);
  const live = source?.state === 'live';
  const still = useSourceSnapshotUrl(source?.snapshot ?? { kind: 'camera', id: layer.sourceId }, { width: 640, enabled: live, refreshKey: tick });
  // A snapshot the engine could not make (no frame yet) leaves the labelled box, not a broken image.
  const [failed, setFailed] = useState<string | null>(null);
  const shown = live && still.url && still.url !== failed ? still.url : null;
  return (
    <div className="layer-visual layer-video">
      {shown && <img src={shown} alt="" draggable={false} style={{ objectFit: OBJECT_FIT[layer.fit] }} onError={() => setFailed(shown)} />}
      <span className={`layer-video-label truncate${live ? '' : ' down'}`}>
        {source ? source.name : `Missing source ${layer.sourceId}`}
        {source && !live && ` · ${cameraStateLabel(source.state)}`}
      </span>
    </div>
  );
}
