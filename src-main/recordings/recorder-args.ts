import path from 'node:path';
import { escapeFfmpegPattern, RECORDING_STRFTIME } from './recording-files';

/** Input from the hub: the camera's FLV on stdin; small probe so recording starts at once. */
export const HUB_INPUT_ARGS = ['-analyzeduration', '1000000', '-probesize', '1000000', '-f', 'flv', '-i', 'pipe:0'] as const;
/** The camera's video and, when it has one, its audio; copied, never re-encoded. */
export const COPY_STREAMS_ARGS = ['-map', '0:v:0', '-map', '0:a:0?', '-c', 'copy'] as const;

/**
 * FFmpeg arguments for one camera's recorder: the hub's FLV in, segments of fragmented MP4 out.
 * Fragmented (a fragment per keyframe, the header first) so a crash loses at most the fragment
 * being written, and a segment is playable while it grows. Names come from the clock only.
 */
export function recorderArgs(cameraDir: string, segmentSeconds: number): string[] {
  return [
    ...HUB_INPUT_ARGS,
    ...COPY_STREAMS_ARGS,
    '-f', 'segment',
    '-segment_time', String(segmentSeconds),
    '-segment_format', 'mp4',
    '-segment_format_options', 'movflags=+frag_keyframe+empty_moov+default_base_moof',
    '-reset_timestamps', '1',
    '-strftime', '1',
    path.join(escapeFfmpegPattern(path.resolve(cameraDir)), RECORDING_STRFTIME),
  ];
}
