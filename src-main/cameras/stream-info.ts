/** What FFmpeg says about the source's streams (`Stream #0:0: Video: h264 (High), yuv420p, 1280x720, 30 fps`). */
export interface SourceStreams {
  video: { codec: string; width: number | null; height: number | null } | null;
  audio: { codec: string } | null;
}

const INPUT_STREAM = /^\s*Stream #0:\d+(?:\[[^\]]*\])?(?:\([^)]*\))?: (Video|Audio): ([A-Za-z0-9_]+)(.*)$/;

/** Reads one stderr line; returns the updated streams when it described an input stream. */
export function parseStreamLine(line: string, current: SourceStreams, inDescribedSection: boolean): SourceStreams | null {
  if (!inDescribedSection) return null;
  const match = INPUT_STREAM.exec(line);
  if (!match) return null;
  const [, kind, codec, rest] = match as unknown as [string, string, string, string];
  if (kind === 'Video') {
    if (current.video) return null; // the first video stream is the one ingested
    const size = /\b(\d{2,5})x(\d{2,5})\b/.exec(rest);
    return { ...current, video: { codec, width: size ? Number(size[1]) : null, height: size ? Number(size[2]) : null } };
  }
  if (current.audio) return null;
  return { ...current, audio: { codec } };
}

/** FFmpeg prints `Input #0` before the input's streams and `Output #0` before the output's. */
export function sectionOf(line: string): 'input' | 'output' | null {
  if (/^Input #\d/.test(line)) return 'input';
  if (/^Output #\d/.test(line)) return 'output';
  return null;
}

/** Codecs the hub (FLV) and browsers can carry without re-encoding. */
export const SUPPORTED_VIDEO_CODECS = ['h264'];
