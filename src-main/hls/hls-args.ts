import path from 'node:path';
import { COPY_STREAMS_ARGS, HUB_INPUT_ARGS } from '../recordings/recorder-args';
import { escapeFfmpegPattern } from '../recordings/recording-files';

export const HLS_PLAYLIST = 'index.m3u8';
/** Segment names FFmpeg generates (`seg%d.ts`); the route serves nothing else. */
export const HLS_SEGMENT = /^seg\d{1,10}\.ts$/;
export const HLS_SEGMENT_SECONDS = 2;
export const HLS_LIST_SIZE = 6;

/**
 * FFmpeg arguments for one camera's HLS: the hub's FLV in, copied into MPEG-TS segments of about
 * 2 s and a live playlist of the last six; FFmpeg deletes the segments that leave the playlist.
 */
export function hlsArgs(dir: string): string[] {
  const absolute = path.resolve(dir);
  return [
    ...HUB_INPUT_ARGS,
    ...COPY_STREAMS_ARGS,
    '-f', 'hls',
    '-hls_time', String(HLS_SEGMENT_SECONDS),
    '-hls_list_size', String(HLS_LIST_SIZE),
    '-hls_flags', 'delete_segments+omit_endlist+independent_segments',
    // Sequence numbers (and segment names) from the clock: they keep rising when the writer restarts.
    '-hls_start_number_source', 'epoch',
    '-hls_segment_filename', path.join(escapeFfmpegPattern(absolute), 'seg%d.ts'),
    path.join(absolute, HLS_PLAYLIST),
  ];
}

/** The playlist with each segment URI carrying `ticket`, so a player's segment requests are authorised too. */
export function withTicket(playlist: string, ticket: string | null): string {
  if (!ticket) return playlist;
  const query = `ticket=${encodeURIComponent(ticket)}`;
  return playlist
    .split('\n')
    .map((line) => {
      const uri = line.trim();
      return HLS_SEGMENT.test(uri) ? `${uri}?${query}` : line;
    })
    .join('\n');
}
