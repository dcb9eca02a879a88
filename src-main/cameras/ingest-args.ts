import type { StoredCamera } from './camera-schema';

/** How the ingest treats audio: copied when the source already sends AAC, else converted. */
export type AudioMode = 'copy' | 'aac';

/** Seconds without data before FFmpeg gives up on a network source (it is then restarted). */
export const SOURCE_IO_TIMEOUT_S = 5;

/**
 * FFmpeg arguments that bring one source into the hub as FLV on stdout, video copied
 * (test patterns excepted: they are generated, so they must be encoded).
 * `url` already carries the credentials; never log it unredacted.
 */
export function ingestArgs(url: string, camera: Pick<StoredCamera, 'rtspTransport'>, audio: AudioMode): string[] {
  const output = ['-c:v', 'copy', '-c:a', audio === 'copy' ? 'copy' : 'aac', ...(audio === 'aac' ? ['-b:a', '96k'] : []), '-f', 'flv', '-flvflags', 'no_duration_filesize', 'pipe:1'];
  // Small probe windows: the first frame reaches the operator sooner.
  const probe = ['-probesize', '1000000', '-analyzeduration', '1000000'];
  const maps = ['-map', '0:v:0', '-map', '0:a:0?'];
  if (url.startsWith('test://')) return testPatternArgs(new URL(url));
  if (url.startsWith('file:')) return ['-loglevel', 'info', '-re', '-stream_loop', '-1', ...probe, '-i', url, ...maps, ...output];
  if (/^rtsps?:/.test(url)) {
    const transport = camera.rtspTransport === 'auto' ? [] : ['-rtsp_transport', camera.rtspTransport];
    return ['-loglevel', 'info', ...transport, '-timeout', String(SOURCE_IO_TIMEOUT_S * 1_000_000), ...probe, '-i', url, ...maps, ...output];
  }
  if (/^rtmps?:/.test(url)) return ['-loglevel', 'info', '-rw_timeout', String(SOURCE_IO_TIMEOUT_S * 1_000_000), ...probe, '-i', url, ...maps, ...output];
  // http(s): MPEG-TS or FLV over HTTP.
  return ['-loglevel', 'info', '-rw_timeout', String(SOURCE_IO_TIMEOUT_S * 1_000_000), '-reconnect', '0', ...probe, '-i', url, ...maps, ...output];
}

/** test://bars|ball|clock?size=WxH&fps=N: generated in real time, H.264 + AAC, 1 s GOP. */
function testPatternArgs(url: URL): string[] {
  const size = url.searchParams.get('size') ?? '1280x720';
  const fps = Number(url.searchParams.get('fps') ?? 30);
  const pattern = url.hostname;
  const video =
    pattern === 'ball'
      ? `testsrc2=size=${size}:rate=${fps}`
      : pattern === 'clock'
        ? `testsrc=size=${size}:rate=${fps}`
        : `smptehdbars=size=${size}:rate=${fps}`;
  return [
    '-loglevel', 'info',
    '-re', '-f', 'lavfi', '-i', video,
    '-f', 'lavfi', '-i', 'sine=frequency=1000:sample_rate=48000',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', String(fps), '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-b:a', '64k',
    '-f', 'flv', '-flvflags', 'no_duration_filesize', 'pipe:1',
  ];
}
