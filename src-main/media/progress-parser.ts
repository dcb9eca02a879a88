import { LineSplitter } from './line-splitter';

/** One block of FFmpeg `-progress` output. Measurements FFmpeg reports as `N/A` are null. */
export interface FfmpegProgress {
  frame: number;
  fps: number | null;
  bitrateKbps: number | null;
  totalSizeBytes: number | null;
  /** Output timestamp in milliseconds. */
  outTimeMs: number | null;
  dupFrames: number;
  dropFrames: number;
  /** Processing speed relative to real time (1 = real time). */
  speed: number | null;
  /** True for the last block (`progress=end`): FFmpeg is finishing. */
  end: boolean;
}

/**
 * Streaming parser for `-progress` output: `key=value` lines, each block closed by
 * `progress=continue` or `progress=end`. Feed it raw chunks; it calls `onProgress` per block.
 */
export class ProgressParser {
  private readonly lines = new LineSplitter((line) => this.onLine(line));
  private fields = new Map<string, string>();

  constructor(private readonly onProgress: (progress: FfmpegProgress) => void) {}

  push(chunk: Buffer | string): void {
    this.lines.push(chunk);
  }

  end(): void {
    this.lines.end();
  }

  private onLine(line: string): void {
    const eq = line.indexOf('=');
    if (eq <= 0) return;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (key !== 'progress') {
      this.fields.set(key, value);
      return;
    }
    const block = this.fields;
    this.fields = new Map();
    this.onProgress(toProgress(block, value === 'end'));
  }
}

function toProgress(fields: Map<string, string>, end: boolean): FfmpegProgress {
  // FFmpeg's `out_time_ms` is in microseconds too (a long-standing misnomer).
  const outTimeUs = parseNumber(fields.get('out_time_us')) ?? parseNumber(fields.get('out_time_ms'));
  return {
    frame: parseNumber(fields.get('frame')) ?? 0,
    fps: parseNumber(fields.get('fps')),
    bitrateKbps: parseNumber(fields.get('bitrate')?.replace(/kbits\/s$/, '')),
    totalSizeBytes: parseNumber(fields.get('total_size')),
    outTimeMs: outTimeUs === null ? null : outTimeUs / 1000,
    dupFrames: parseNumber(fields.get('dup_frames')) ?? 0,
    dropFrames: parseNumber(fields.get('drop_frames')) ?? 0,
    speed: parseNumber(fields.get('speed')?.replace(/x$/, '')),
    end,
  };
}

/**
 * A number, or null for absent / `N/A` / garbage. Values beyond 2^53 are null too: FFmpeg prints
 * INT64_MIN (`-9223372036854775807`) for "no timestamp yet".
 */
function parseNumber(value: string | undefined): number | null {
  if (value === undefined || value === '' || value === 'N/A') return null;
  const n = Number(value);
  return Number.isFinite(n) && Math.abs(n) <= Number.MAX_SAFE_INTEGER ? n : null;
}
