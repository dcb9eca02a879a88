import { inputPipeUrl } from '../media/supervisor';
import type { SlotLayout } from './program-layout';

/** Graphics planes are written at this rate, the last one repeated: cheap next to the output's fps. */
export const PLANE_FPS = 10;
/**
 * Planes FFmpeg may hold unread. Plane timestamps are taken when FFmpeg's reader thread reads
 * them: with a queue of one, the reader waited for the filters to take the last plane, so each
 * plane was stamped when the one before it was used, and the program kept whatever lag it once
 * had (measured: the canvas stayed ≈ 270 ms behind the wall clock). Planes are yuva420p, so
 * skipping over queued ones costs FFmpeg nothing.
 */
const PLANE_QUEUE = 8;
/**
 * A decoder with frame threads holds threads − 1 frames, and each overlay waits for its
 * input's next frame: with FFmpeg's default (cores + 1) a 10 fps slate held the whole program
 * 200 ms back. Two threads: one frame held, decoding still off FFmpeg's main thread (which
 * runs the filters and is the program's bottleneck).
 */
const SLOT_DECODER_THREADS = 2;
export const AUDIO_BITRATE_KBPS = 128;

export interface ProgramFormat {
  width: number;
  height: number;
  fps: number;
  videoBitrateKbps: number;
  preset: string;
}

/** The filter graph's values when the process starts (afterwards they change through commands). */
export interface InitialLayout {
  slots: Array<SlotLayout | null>;
  backgroundShown: boolean;
  topShown: boolean;
}

/** Which extra pipe carries what: the background plane, the video slots, then the top plane. */
export const backgroundPipe = 0;
export const slotPipe = (slot: number) => 1 + slot;
export const topPipe = (slotCount: number) => 1 + slotCount;

/** Names of the filters commands are sent to. */
export const filterNames = {
  slotAlpha: (i: number) => `lutyuv@a${i}`,
  slotScale: (i: number) => `scale@s${i}`,
  slotOverlay: (i: number) => `overlay@o${i}`,
  background: 'overlay@bg',
  top: 'overlay@top',
};

/** A free slot's picture: tiny and hidden (its input still flows, so the overlay never waits). */
export const HIDDEN_SLOT: Omit<SlotLayout, 'key' | 'sourceId'> = { x: 0, y: 0, width: 2, height: 2, alpha: 0, shown: false };

/** How far the program may fall behind real time before frames are repeated to catch up. */
export const MAX_LAG_SECONDS = 0.5;

/**
 * Output timestamps: one frame interval apart (no repeats, no drops) while the composite keeps
 * within MAX_LAG_SECONDS of the wall clock; beyond that they jump to the wall clock and the
 * constant-rate output (-fps_mode cfr) repeats frames, counted as duplicated in the health
 * figures, so an overloaded machine never makes the program fall ever further behind.
 */
function outputPts(fps: number): string {
  const lag = Math.round(MAX_LAG_SECONDS * fps);
  return `if(isnan(PREV_OUTPTS),0,max(PREV_OUTPTS+1,(RTCTIME-RTCSTART)/(TB*1000000)-${lag}))`;
}

/**
 * The canvas's timestamps: the wall clock (the timeline every pipe input is stamped on, with
 * -copyts), one frame interval apart. The overlays pair each canvas frame with every input's
 * latest frame stamped before it, so video and graphics drawn together arrived together, and a
 * new plane is taken as soon as the canvas passes its arrival. Beyond MAX_LAG_SECONDS behind (a
 * slow start, a busy machine: an FFmpeg with no spare CPU would stay behind) the canvas jumps
 * ahead, the inputs' frames in between skipped, as the output's timestamps do (a lower limit
 * made the canvas jump on every short stall: measured, many more repeated frames).
 */
function canvasPts(): string {
  const now = 'RTCTIME/(TB*1000000)';
  return `if(isnan(PREV_OUTPTS),${now},max(PREV_OUTPTS+1,${now}-${MAX_LAG_SECONDS}/TB))`;
}

function alphaExpr(alpha: number): string {
  return `val*${Math.max(0, Math.min(1, alpha)).toFixed(3)}`;
}

/**
 * Whether a slot's alpha lut has work to do. An opaque picture's alpha plane is already 255
 * (the scaler fills it), so the lut is switched off (timeline `enable`) and costs nothing: run
 * on a 1080p picture it took ≈ 6 % of the program FFmpeg's CPU (perf, bench scene).
 */
function alphaLutOn(alpha: number): boolean {
  return alphaExpr(alpha) !== alphaExpr(1);
}

/**
 * One program output's FFmpeg (`clockOrigin`: the wall-clock ms the slot feeds' timestamps count from): a black canvas at the output's frame rate (the clock of the
 * output), the background plane, N video slots and the top plane overlaid in that order, the
 * layout changed live through the zmq filter, H.264 + silent AAC as FLV on stdout. Every pipe
 * input carries wall-clock timestamps and keeps them (-copyts): the planes FFmpeg's own at
 * reading, the slots the engine's; the canvas runs on the same clock. Inputs that switch
 * streams, and inputs opened at different moments, share one timeline.
 */
export function programArgs(format: ProgramFormat, zmqPort: number, layout: InitialLayout, clockOrigin: number): string[] {
  const { width, height, fps } = format;
  const slotCount = layout.slots.length;
  const liveInput = ['-use_wallclock_as_timestamps', '1', '-fflags', '+nobuffer'];
  // The nominal rate is the stream's time base: 1/1000 keeps each plane's wall-clock arrival to
  // the millisecond (at 1/PLANE_FPS it would be rounded to a whole plane interval). Planes come
  // in the overlay's own format (see GraphicsRenderer's yuva), so FFmpeg converts nothing.
  const plane = (pipe: number) => [...liveInput, '-thread_queue_size', String(PLANE_QUEUE), '-f', 'rawvideo', '-pix_fmt', 'yuva420p', '-video_size', `${width}x${height}`, '-framerate', '1000', '-i', inputPipeUrl(pipe)];
  // A slot's FLV carries the engine's stamps (when the hub handed it each frame, in ms since
  // clockOrigin), not FFmpeg's at reading: a frame queued in the pipe while FFmpeg is busy keeps
  // the time it came, so it is paired with the graphics of that moment.
  const slot = (pipe: number) => ['-threads', String(SLOT_DECODER_THREADS), '-fflags', '+nobuffer', '-itsoffset', (clockOrigin / 1000).toFixed(3), '-reinit_filter', '0', '-thread_queue_size', '8', '-probesize', '32768', '-analyzeduration', '100000', '-f', 'flv', '-i', inputPipeUrl(pipe)];
  const inputs = [
    ...layout.slots.flatMap((_, i) => slot(slotPipe(i))),
    ...plane(backgroundPipe),
    ...plane(topPipe(slotCount)),
    '-f', 'lavfi', '-i', 'anullsrc=r=48000:cl=stereo',
  ];
  // repeatlast=0 makes each overlay's second input a non-sync one (FFmpeg 5.1 framesync):
  // the overlay still waits for that input's next frame (every pipe keeps flowing, so pacing is
  // unchanged), but it no longer clones the canvas to keep a spare copy for the other input.
  // With sync on, every overlay copied the full canvas into a freshly allocated buffer, six
  // 1080p copies per frame (perf: libc memmove fell from 9 % to 4 % of this process, ≈ 5 % of
  // a core). The cost, after an input's end only: that input stops showing (eof_action=pass),
  // where it was frozen on its last frame; pipes end only when the output stops.
  const overlayOptions = 'repeatlast=0:format=yuv420';
  const graph: string[] = [
    // The canvas is made inside the graph, not read as a lavfi input: an input's frames reach
    // the graph with a second reference held by FFmpeg, so the first overlay copied each one
    // into a freshly allocated buffer (perf: ≈ 7 % of this process's CPU), after the lavfi
    // device had already copied it once into a packet. Here it is one copy from a pool.
    `color=c=black:s=${width}x${height}:r=${fps},setpts='${canvasPts()}',zmq=bind_address=tcp\\\\://127.0.0.1\\\\:${zmqPort}[canvas]`,
    `[canvas][${slotCount}:v]${filterNames.background}=x=0:y=0:${overlayOptions}:enable=${layout.backgroundShown ? 1 : 0}[c0]`,
  ];
  layout.slots.forEach((entry, i) => {
    const s = entry?.shown ? entry : { ...HIDDEN_SLOT, ...(entry ? { x: entry.x, y: entry.y, alpha: entry.alpha } : {}) };
    // One swscale pass scales and adds the alpha plane: the lut only accepts the format the
    // `format` after it asks for. The lut must follow the scaler directly: measured on FFmpeg
    // 5.1, with any filter between them a size command made the lut fail and the program
    // stop (the scaler reconfigures only its own output link). Converting before scaling (the
    // old order) copied every source picture at full size and scaled an alpha plane too.
    // Bilinear: about half the cost of the default bicubic, and fine for live video.
    graph.push(
      `[${i}:v]${filterNames.slotScale(i)}=w=${s.width}:h=${s.height}:flags=bilinear,${filterNames.slotAlpha(i)}=a=${alphaExpr(s.alpha)}:enable=${alphaLutOn(s.alpha) ? 1 : 0},format=yuva420p[v${i}]`,
      `[c${i}][v${i}]${filterNames.slotOverlay(i)}=x=${s.x}:y=${s.y}:${overlayOptions}:enable=${s.shown ? 1 : 0}[c${i + 1}]`,
    );
  });
  graph.push(
    `[c${slotCount}][${1 + slotCount}:v]${filterNames.top}=x=0:y=0:${overlayOptions}:enable=${layout.topShown ? 1 : 0},setpts='${outputPts(fps)}',format=yuv420p[out]`,
  );
  const gop = fps * 2;
  return [
    '-loglevel', 'warning',
    // Inputs keep their wall-clock timestamps: without it each input's timeline would start at
    // zero when FFmpeg opened it, one input after the other, and the video slots (opened first)
    // would be paired with planes that arrived later than they did.
    '-copyts',
    ...inputs,
    '-filter_complex', graph.join(';'),
    '-map', '[out]', '-map', `${2 + slotCount}:a`,
    '-fps_mode', 'cfr', '-r', String(fps),
    '-c:v', 'libx264', '-preset', format.preset, '-tune', 'zerolatency',
    '-b:v', `${format.videoBitrateKbps}k`, '-maxrate', `${format.videoBitrateKbps}k`, '-bufsize', `${format.videoBitrateKbps * 2}k`,
    '-g', String(gop), '-keyint_min', String(gop), '-sc_threshold', '0', '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-b:a', `${AUDIO_BITRATE_KBPS}k`, '-ar', '48000',
    // Each packet leaves at once (not when FFmpeg's 32 KB output buffer is full).
    '-f', 'flv', '-flvflags', 'no_duration_filesize', '-flush_packets', '1', 'pipe:1',
  ];
}

export { alphaExpr, alphaLutOn };
