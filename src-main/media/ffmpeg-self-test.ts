import { ApiError } from '../api/errors';
import type { FfmpegProgress } from './progress-parser';
import type { ProcessExit, ProcessSupervisor } from './supervisor';

export interface SelfTestResult {
  ok: boolean;
  encoder: string;
  seconds: number;
  frames: number;
  /** Encoding speed relative to real time at the end (1 = real time). */
  speed: number | null;
  fps: number | null;
  durationMs: number;
  /** Why it failed, from FFmpeg's own last lines; null when it passed. */
  error: string | null;
}

const SELF_TEST_ID = 'ffmpeg-self-test';

/**
 * Encodes a 720p30 test pattern with libx264 in real time for a few seconds under the
 * supervisor: proves FFmpeg runs, encodes and keeps up on this machine.
 */
export async function runFfmpegSelfTest(supervisor: ProcessSupervisor, ffmpegError: string | null, seconds: number): Promise<SelfTestResult> {
  if (ffmpegError !== null) throw new ApiError('unavailable', `FFmpeg is not available: ${ffmpegError}`);
  if (supervisor.get(SELF_TEST_ID)) throw new ApiError('conflict', 'An FFmpeg self-test is already running');
  const encoder = 'libx264';
  const proc = supervisor.create({
    id: SELF_TEST_ID,
    name: 'FFmpeg self-test',
    restart: false,
    args: ['-re', '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30', '-t', String(seconds), '-c:v', encoder, '-preset', 'veryfast', '-f', 'null', '-'],
  });
  const started = Date.now();
  let last: FfmpegProgress | null = null;
  proc.on('progress', (p) => (last = p));
  const exit = new Promise<ProcessExit>((resolve) => proc.once('exit', resolve));
  try {
    proc.start();
    const ended = await exit;
    const progress = last as FfmpegProgress | null;
    const ok = ended.reason === 'exited' && ended.code === 0;
    return {
      ok,
      encoder,
      seconds,
      frames: progress?.frame ?? 0,
      speed: progress?.speed ?? null,
      fps: progress?.fps ?? null,
      durationMs: Date.now() - started,
      error: ok ? null : (ended.stderrTail.at(-1) ?? `FFmpeg ended: ${ended.reason}`),
    };
  } finally {
    await supervisor.remove(SELF_TEST_ID);
  }
}
