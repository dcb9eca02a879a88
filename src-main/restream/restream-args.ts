/** The destination FFmpeg: FLV from the hub on stdin, published without re-encoding. */
export function destinationArgs(publishUrl: string): string[] {
  return [
    '-loglevel', 'info',
    '-f', 'flv', '-i', 'pipe:0',
    '-map', '0', '-c', 'copy',
    '-f', 'flv', '-flvflags', 'no_duration_filesize',
    publishUrl,
  ];
}

export interface SlateFormat {
  width: number;
  height: number;
  fps: number;
  audio: boolean;
  /** A still image; null for black. */
  imagePath: string | null;
}

export const DEFAULT_SLATE: SlateFormat = { width: 1280, height: 720, fps: 25, audio: true, imagePath: null };

/**
 * The fallback slate: a still image (or black) and silence, in real time, H.264 + AAC with a
 * 1 s GOP, as FLV on stdout, so it can stand in for a source on a destination's relay.
 */
export function slateArgs(format: SlateFormat): string[] {
  const { width, height, fps } = format;
  const scale = `scale=${width}:${height}:force_original_aspect_ratio=decrease,pad=${width}:${height}:(ow-iw)/2:(oh-ih)/2,fps=${fps},format=yuv420p`;
  const video = format.imagePath
    ? ['-re', '-loop', '1', '-framerate', String(fps), '-i', format.imagePath]
    : ['-re', '-f', 'lavfi', '-i', `color=c=black:s=${width}x${height}:r=${fps}`];
  const audio = format.audio ? ['-f', 'lavfi', '-i', 'anullsrc=channel_layout=mono:sample_rate=48000'] : [];
  return [
    '-loglevel', 'info',
    ...video,
    ...audio,
    '-vf', scale,
    '-map', '0:v', ...(format.audio ? ['-map', '1:a'] : []),
    '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', String(fps), '-pix_fmt', 'yuv420p', '-b:v', '500k',
    ...(format.audio ? ['-c:a', 'aac', '-b:a', '64k'] : []),
    '-f', 'flv', '-flvflags', 'no_duration_filesize', 'pipe:1',
  ];
}
