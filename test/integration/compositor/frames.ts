import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** One decoded frame of a live FLV URL as raw RGB (width × height × 3), taken `skipSeconds` in. */
export async function grabFrame(url: string, width: number, height: number, skipSeconds = 0.5): Promise<Buffer> {
  const { stdout } = await run(
    'ffmpeg',
    ['-hide_banner', '-loglevel', 'error', '-rw_timeout', '10000000', '-i', url, '-ss', String(skipSeconds), '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${width}x${height}`, 'pipe:1'],
    { encoding: 'buffer', maxBuffer: width * height * 3 + 1024, timeout: 30_000 },
  );
  return stdout;
}

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

/** The mean colour of a small square around (x, y): robust to compression noise. */
export function pixel(frame: Buffer, width: number, x: number, y: number, radius = 3): Rgb {
  let r = 0;
  let g = 0;
  let b = 0;
  let n = 0;
  for (let dy = -radius; dy <= radius; dy++) {
    for (let dx = -radius; dx <= radius; dx++) {
      const o = ((y + dy) * width + (x + dx)) * 3;
      r += frame[o]!;
      g += frame[o + 1]!;
      b += frame[o + 2]!;
      n++;
    }
  }
  return { r: Math.round(r / n), g: Math.round(g / n), b: Math.round(b / n) };
}

export function near(actual: Rgb, expected: Rgb, tolerance = 40): boolean {
  return Math.abs(actual.r - expected.r) <= tolerance && Math.abs(actual.g - expected.g) <= tolerance && Math.abs(actual.b - expected.b) <= tolerance;
}

/** Records a live FLV URL (stream copy) until stopped; then its video packets' timestamps can be read. */
export function recordStream(url: string, file: string): { stop(): Promise<void>; process: ChildProcess } {
  const child = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-rw_timeout', '10000000', '-i', url, '-map', '0', '-c', 'copy', '-f', 'flv', '-y', file], { stdio: ['pipe', 'ignore', 'ignore'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    process: child,
    async stop() {
      child.stdin?.end('q');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Video packet decode timestamps (s) of a file, in file order. */
export async function videoTimestamps(file: string): Promise<number[]> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=dts_time', '-of', 'csv=p=0', file], { maxBuffer: 64 * 1024 * 1024, timeout: 60_000 });
  return stdout
    .split('\n')
    .map((l) => parseFloat(l))
    .filter((n) => Number.isFinite(n));
}

/** The slate's card colour (graphics/slate.ts: #1f2937), after H.264 and back. */
export const SLATE_GREY: Rgb = { r: 31, g: 41, b: 55 };

export function isSlate(c: Rgb): boolean {
  return near(c, SLATE_GREY, 22);
}
