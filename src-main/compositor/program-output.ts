import { EventEmitter } from 'node:events';
import net from 'node:net';
import type { Writable } from 'node:stream';
import pidusage from 'pidusage';
import type { Logger } from '../logging/logger';
import type { MediaHub } from '../media/hub/media-hub';
import type { FfmpegProgress } from '../media/progress-parser';
import type { ProcessExit, ProcessSupervisor, SupervisedProcess } from '../media/supervisor';
import { OUTPUT_RESOLUTIONS, type GraphicsLayer, type OutputView, type SceneView } from './compositor-schema';
import type { StoredOutput } from './compositor-store-schema';
import { transparentYuva, type GraphicsRenderer } from './graphics-port';
import { programSourceId } from './output-service';
import {
  alphaExpr,
  alphaLutOn,
  backgroundPipe,
  filterNames,
  HIDDEN_SLOT,
  PLANE_FPS,
  programArgs,
  slotPipe,
  topPipe,
  type InitialLayout,
  type ProgramFormat,
} from './program-args';
import { computeLayout, type ProgramLayout, type SlotLayout } from './program-layout';
import { VIDEO_SLOTS } from './scene-service';
import { SlotFeed } from './slot-feed';
import type { SlateStills } from './slate-stills';
import { ZmqReqClient } from './zmq-client';

/** What an output shows: the mixer's scenes at this moment. */
export interface ProgramScenes {
  program: SceneView | null;
  preview: SceneView | null;
  fade: { from: SceneView | null; progress: number } | null;
}

export interface ProgramOutputOptions {
  output: StoredOutput;
  supervisor: ProcessSupervisor;
  hub: MediaHub;
  renderer: GraphicsRenderer;
  slates: SlateStills;
  scenes(): ProgramScenes;
  sourceName(sourceId: string): string | null;
  sourceSize(sourceId: string): { width: number; height: number } | null;
  assetPath(assetId: string): string | null;
  logger: Logger;
}

const CPU_SAMPLE_MS = 2_000;
const FPS_WINDOW_MS = 3_000;

export function outputProcessId(outputId: string): string {
  return `compositor-output:${outputId}`;
}

export function formatOf(output: StoredOutput): ProgramFormat {
  const size = OUTPUT_RESOLUTIONS[output.resolution];
  return { width: size.width, height: size.height, fps: output.fps, videoBitrateKbps: output.videoBitrateKbps, preset: output.preset };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

type PlaneName = 'background' | 'top';

/** One render of a plane: its rgba (the renderer's) and the yuva420p that goes to FFmpeg. */
interface RenderedPlane {
  rgba: Buffer;
  yuva: Buffer;
}

interface SentSlot {
  x: number;
  y: number;
  width: number;
  height: number;
  alpha: string;
  alphaLut: boolean;
  shown: boolean;
}

/**
 * One program output: a supervised FFmpeg that composites the program (and a fade) and feeds
 * the hub as `program_<id>`. It is restarted only for a new format; layers, cuts and fades
 * change the running process through zmq commands, the slots' feeds and the graphics planes.
 *
 * What is honoured, and the limits (by design, measured on FFmpeg 5.1):
 * - VIDEO_SLOTS (4) video inputs per process: a scene holds at most 4 video layers, and a fade
 *   needs the two scenes' video layers to fit together (else it is refused: use a cut). Free
 *   slots carry the preview scene's videos, hidden, so a take joins no new input.
 * - Z-order: videos among themselves in scene order; graphics under a scene's lowest video on
 *   the background plane; every other graphic above all videos (top plane).
 * - Video layers' `fit` is stretch or contain (no cover: a crop cannot follow a source's size
 *   change safely in this FFmpeg). The program's audio is silent AAC, so platforms accept it;
 *   sources' audio is not mixed.
 * - Layout commands (position, size, opacity, visibility of videos, cuts) act within a few ms;
 *   a graphics edit waits for its render, then FFmpeg's overlay takes the new plane once the
 *   plane after it has come (sent one output frame later). Video and planes share one clock
 *   (see programArgs). Measured API call → first frame at a hub reader, 1080p30 on the loaded
 *   2-core machine: p50 ≈ 150 ms, p90 ≈ 185 ms; a camera's frames reach a reader through the
 *   program ≈ 120 ms after reaching the hub (test/bench/compositor-bench.ts).
 */
export class ProgramOutput extends EventEmitter<{ status: [] }> {
  readonly id: string;
  readonly format: ProgramFormat;
  private readonly proc: SupervisedProcess;
  private readonly feeds: SlotFeed[];
  private zmq: ZmqReqClient | null = null;
  private zmqPort = 0;
  /** The wall-clock ms the slots' timestamps count from in this run (see programArgs). */
  private clockOrigin = 0;
  private layout: ProgramLayout | null = null;
  private slotKeys: Array<string | null> = Array.from({ length: VIDEO_SLOTS }, () => null);
  private slotSources: Array<string | null> = Array.from({ length: VIDEO_SLOTS }, () => null);
  private sent: Array<SentSlot | null> = [];
  private sentPlanes = { background: false, top: false };
  private commandChain: Promise<void> = Promise.resolve();
  private planes: { background: Buffer; top: Buffer };
  private readonly emptyPlane: Buffer;
  private planeKeys = { background: '', top: '' };
  /**
   * Each plane's latest render and the one before it. The older one's buffers go back to the
   * renderer to be written into (see PlaneRequest.recycle): nobody reads its rgba any more, and
   * its yuva once it is neither the plane being repeated nor still in the pipe.
   */
  private rendered: Record<PlaneName, { latest: RenderedPlane | null; older: RenderedPlane | null }> = {
    background: { latest: null, older: null },
    top: { latest: null, older: null },
  };
  private readonly awaitingDrain = new Set<Writable>();
  private readonly lastWritten = new WeakMap<Writable, Buffer>();
  private rendering: Promise<void> | null = null;
  private renderAgain = false;
  private clockTimer: NodeJS.Timeout | null = null;
  private repeatTimer: NodeJS.Timeout | null = null;
  private readonly planeTimer: NodeJS.Timeout;
  private readonly cpuTimer: NodeJS.Timeout;
  private state: OutputView['status']['state'] = 'stopped';
  private reason: string | null = null;
  private liveSince: number | null = null;
  private lastProgress: FfmpegProgress | null = null;
  private frameSamples: Array<{ at: number; frame: number }> = [];
  private cpuPercent: number | null = null;
  private stopped = false;
  private readonly log: Logger;

  constructor(private readonly options: ProgramOutputOptions) {
    super();
    this.id = options.output.id;
    this.format = formatOf(options.output);
    this.log = options.logger;
    this.emptyPlane = transparentYuva(this.format.width, this.format.height);
    this.planes = { background: this.emptyPlane, top: this.emptyPlane };
    this.feeds = Array.from({ length: VIDEO_SLOTS }, (_, i) => new SlotFeed(i, options.hub, this.log.child({ slot: i })));
    this.proc = options.supervisor.create({
      id: outputProcessId(this.id),
      name: `Program output ${options.output.name}`,
      args: [],
      restart: true,
      inputPipes: VIDEO_SLOTS + 2,
      stallTimeoutMs: 10_000,
    });
    this.proc.on('spawn', (pid, stdout) => this.onSpawn(pid, stdout));
    this.proc.on('progress', (p) => this.onProgress(p));
    this.proc.on('exit', (exit) => this.onExit(exit));
    this.proc.on('restart-scheduled', () => this.setState('retrying', this.reason));
    this.planeTimer = setInterval(() => this.writePlanes(), 1000 / PLANE_FPS);
    this.planeTimer.unref();
    this.cpuTimer = setInterval(() => void this.sampleCpu(), CPU_SAMPLE_MS);
    this.cpuTimer.unref();
  }

  get pid(): number | null {
    return this.proc.pid;
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.prepareRun();
    this.setState('starting', null);
    this.proc.start();
    this.refresh();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.planeTimer);
    clearInterval(this.cpuTimer);
    if (this.clockTimer) clearTimeout(this.clockTimer);
    if (this.repeatTimer) clearTimeout(this.repeatTimer);
    this.zmq?.close();
    this.zmq = null;
    for (const feed of this.feeds) feed.close();
    // Ended inputs let FFmpeg's reader threads finish, so SIGTERM ends it without a SIGKILL.
    for (let i = 0; i < VIDEO_SLOTS + 2; i++) this.proc.inputPipe(i)?.end();
    await this.options.supervisor.remove(this.proc.id);
    this.options.hub.find(programSourceId(this.id))?.closeReaders('program output stopped');
    this.options.hub.remove(programSourceId(this.id));
    this.setState('stopped', null);
    this.removeAllListeners();
  }

  status(): OutputView['status'] {
    const p = this.lastProgress;
    return {
      state: this.state,
      reason: this.reason,
      pid: this.proc.pid,
      outputFps: this.state === 'live' ? this.recentFps() : null,
      droppedFrames: p?.dropFrames ?? 0,
      duplicatedFrames: p?.dupFrames ?? 0,
      speed: p?.speed ?? null,
      bitrateKbps: p?.bitrateKbps ?? null,
      cpuPercent: this.cpuPercent,
      liveSince: this.liveSince ? new Date(this.liveSince).toISOString() : null,
      restarts: this.proc.restarts,
    };
  }

  /** The mixer or a scene changed (or a fade moved on): brings the running picture in line. */
  refresh(): void {
    if (this.stopped) return;
    const layout = this.computeLayout();
    this.layout = layout;
    this.slotKeys = layout.slots.map((s) => s?.key ?? null);
    this.assignFeeds(layout);
    this.sendLayout(layout);
    this.requestPlanes();
  }

  private computeLayout(): ProgramLayout {
    const scenes = this.options.scenes();
    return computeLayout({
      ...scenes,
      width: this.format.width,
      height: this.format.height,
      slotCount: VIDEO_SLOTS,
      previousKeys: this.slotKeys,
      previousSources: this.slotSources,
      sourceSize: this.options.sourceSize,
    });
  }

  private assignFeeds(layout: ProgramLayout): void {
    layout.slots.forEach((slot, i) => {
      const sourceId = slot?.sourceId ?? null;
      this.slotSources[i] = sourceId;
      const slates = this.options.slates;
      const still = sourceId ? slates.get(this.options.sourceName(sourceId) ?? sourceId) : slates.blank();
      void still.then(
        (slate) => {
          if (!this.stopped && this.slotSources[i] === sourceId) this.feeds[i]!.assign(sourceId, slate);
        },
        (err: unknown) => this.log.error('Slate unavailable', { error: err }),
      );
    });
  }

  /** Arguments for the next run: a fresh zmq port, and the current layout as the graph's starting values. */
  private async prepareRun(): Promise<void> {
    this.zmqPort = await freePort();
    const layout = this.layout ?? this.computeLayout();
    this.layout = layout;
    const initial: InitialLayout = {
      slots: layout.slots,
      backgroundShown: layout.background.length > 0,
      topShown: layout.top.length > 0,
    };
    this.clockOrigin = Date.now();
    this.proc.setArgs(programArgs(this.format, this.zmqPort, initial, this.clockOrigin));
    this.sent = layout.slots.map((s) => sentOf(s));
    this.sentPlanes = { background: initial.backgroundShown, top: initial.topShown };
    this.zmq?.close();
    this.zmq = new ZmqReqClient('127.0.0.1', this.zmqPort);
  }

  private onSpawn(pid: number, stdout: NodeJS.ReadableStream | null): void {
    this.log.info('Program output process started', { pid, zmqPort: this.zmqPort });
    this.frameSamples = [];
    const write = this.options.hub.source(programSourceId(this.id)).beginStream();
    stdout?.on('data', (chunk: Buffer) => {
      try {
        write(chunk);
      } catch (err) {
        this.log.error('Invalid FLV from the program encoder', { error: err });
      }
    });
    this.feeds.forEach((feed, i) => feed.begin(this.proc.inputPipe(slotPipe(i)), this.clockOrigin));
    this.writePlanes();
    // The layout may have moved on while the process started.
    this.sendLayout(this.layout ?? this.computeLayout());
  }

  private onProgress(progress: FfmpegProgress): void {
    this.lastProgress = progress;
    const now = Date.now();
    this.frameSamples.push({ at: now, frame: progress.frame });
    while (this.frameSamples.length > 2 && now - this.frameSamples[0]!.at > FPS_WINDOW_MS) this.frameSamples.shift();
    if (this.state !== 'live' && progress.frame > 0) {
      this.liveSince = now;
      this.setState('live', null);
    }
  }

  private onExit(exit: ProcessExit): void {
    this.liveSince = null;
    if (this.stopped || exit.reason === 'stopped') return;
    const tail = exit.stderrTail.filter((l) => l.trim()).at(-1) ?? exit.reason;
    this.log.warn('Program output process ended', { reason: exit.reason, code: exit.code, tail });
    this.reason = `encoder ${exit.reason}: ${tail}`.slice(0, 300);
    this.setState(this.proc.state === 'failed' ? 'failed' : 'retrying', this.reason);
    // The next run gets a new zmq port (the old one may linger) and the layout as it is now.
    void this.prepareRun().catch((err: unknown) => this.log.error('Cannot prepare the next run', { error: err }));
  }

  private recentFps(): number | null {
    const first = this.frameSamples[0];
    const last = this.frameSamples.at(-1);
    if (!first || !last || last.at - first.at < 500) return this.lastProgress?.fps ?? null;
    return Math.round(((last.frame - first.frame) * 1000) / (last.at - first.at) * 10) / 10;
  }

  private async sampleCpu(): Promise<void> {
    const pid = this.proc.pid;
    if (!pid) {
      this.cpuPercent = null;
      return;
    }
    try {
      this.cpuPercent = Math.round((await pidusage(pid)).cpu * 10) / 10;
    } catch {
      this.cpuPercent = null;
    }
  }

  private setState(state: OutputView['status']['state'], reason: string | null): void {
    if (this.state === state && this.reason === reason) return;
    this.state = state;
    this.reason = reason;
    this.emit('status');
  }

  // ---- Live changes: zmq commands ----

  private sendLayout(layout: ProgramLayout): void {
    const commands: string[] = [];
    layout.slots.forEach((slot, i) => {
      const next = sentOf(slot);
      const before = this.sent[i];
      const name = { alpha: filterNames.slotAlpha(i), scale: filterNames.slotScale(i), overlay: filterNames.slotOverlay(i) };
      // Hide first, move, then show: a slot never flashes at its old place.
      if (before?.shown && !next.shown) commands.push(`${name.overlay} enable 0`);
      if (before?.width !== next.width) commands.push(`${name.scale} w ${next.width}`);
      if (before?.height !== next.height) commands.push(`${name.scale} h ${next.height}`);
      if (before?.x !== next.x) commands.push(`${name.overlay} x ${next.x}`);
      if (before?.y !== next.y) commands.push(`${name.overlay} y ${next.y}`);
      // The expression before the lut is switched on, so it never applies a stale one.
      if (before?.alpha !== next.alpha) commands.push(`${name.alpha} a ${next.alpha}`);
      if (before?.alphaLut !== next.alphaLut) commands.push(`${name.alpha} enable ${next.alphaLut ? 1 : 0}`);
      if (!before?.shown && next.shown) commands.push(`${name.overlay} enable 1`);
      this.sent[i] = next;
    });
    const background = layout.background.length > 0;
    const top = layout.top.length > 0;
    // A plane is shown once its first picture is written (see writePlanes), hidden at once.
    if (this.sentPlanes.background && !background) commands.push(`${filterNames.background} enable 0`);
    if (this.sentPlanes.top && !top) commands.push(`${filterNames.top} enable 0`);
    if (!background) this.sentPlanes.background = false;
    if (!top) this.sentPlanes.top = false;
    this.send(commands);
  }

  private send(commands: string[]): void {
    if (commands.length === 0 || !this.zmq || this.proc.pid === null) return;
    const zmq = this.zmq;
    this.commandChain = this.commandChain.then(async () => {
      for (const command of commands) {
        try {
          const reply = await zmq.send(command);
          if (!reply.startsWith('0 ')) this.log.warn('Filter command refused', { command, reply });
        } catch (err) {
          // The process is restarting: its next run starts from the current layout.
          this.log.debug('Filter command not delivered', { command, error: err });
          return;
        }
      }
    });
  }

  // ---- Graphics planes ----

  private requestPlanes(): void {
    if (this.rendering) {
      this.renderAgain = true;
      return;
    }
    this.rendering = this.renderPlanes()
      .catch((err: unknown) => this.log.error('Graphics render failed', { error: err }))
      .finally(() => {
        this.rendering = null;
        if (this.renderAgain && !this.stopped) {
          this.renderAgain = false;
          this.requestPlanes();
        }
      });
  }

  private async renderPlanes(): Promise<void> {
    const layout = this.layout;
    if (!layout) return;
    const now = new Date();
    const which = ['background', 'top'] as const;
    for (const plane of which) {
      const layers = layout[plane];
      const ticking = this.options.renderer.nextChangeAt(layers, now);
      const key = JSON.stringify(layers) + (ticking ? `@${Math.floor(now.getTime() / 1000)}` : '');
      if (key === this.planeKeys[plane]) continue;
      this.planeKeys[plane] = key;
      if (layers.length === 0) {
        this.planes[plane] = this.emptyPlane;
        continue;
      }
      const { older } = this.rendered[plane];
      const result = await this.options.renderer.render({
        width: this.format.width,
        height: this.format.height,
        layers,
        assetPath: this.options.assetPath,
        now,
        planeId: `${this.id}:${plane}`,
        yuva: true,
        recycle: older?.rgba,
        recycleYuva: older && this.yuvaFree(plane, older.yuva) ? older.yuva : undefined,
      });
      if (this.stopped) return;
      this.keepRendered(plane, { rgba: result.rgba, yuva: result.yuva! });
      this.planes[plane] = result.yuva!;
    }
    this.writePlanes();
    this.scheduleClock(layout, now);
  }

  private keepRendered(plane: PlaneName, result: RenderedPlane): void {
    const kept = this.rendered[plane];
    // An unchanged plane comes back in the same buffers: nothing moves down.
    if (kept.latest?.yuva === result.yuva) return;
    this.rendered[plane] = { latest: result, older: kept.latest };
  }

  /** Whether a plane's yuva buffer may be written into: not the plane being repeated, not still in its pipe. */
  private yuvaFree(plane: PlaneName, yuva: Buffer): boolean {
    if (yuva === this.planes[plane]) return false;
    const pipe = this.planePipe(plane);
    return !(pipe && this.lastWritten.get(pipe) === yuva && pipe.writableLength > 0);
  }

  private planePipe(plane: PlaneName): Writable | null {
    return this.proc.inputPipe(plane === 'background' ? backgroundPipe : topPipe(VIDEO_SLOTS));
  }

  /** Clocks and running countdowns: the next render when their text changes. */
  private scheduleClock(layout: ProgramLayout, now: Date): void {
    if (this.clockTimer) clearTimeout(this.clockTimer);
    this.clockTimer = null;
    const next = [layout.background, layout.top]
      .map((layers: GraphicsLayer[]) => this.options.renderer.nextChangeAt(layers, now))
      .filter((d): d is Date => d !== null)
      .sort((a, b) => a.getTime() - b.getTime())[0];
    if (!next) return;
    this.clockTimer = setTimeout(() => this.requestPlanes(), Math.max(10, next.getTime() - Date.now()));
    this.clockTimer.unref();
  }

  /**
   * A new plane is shown once FFmpeg has the plane after it (its overlay waits for each input's
   * next frame): that repeat goes one output frame later, not a whole plane interval.
   */
  private repeatSoon(): void {
    if (this.repeatTimer) return;
    this.repeatTimer = setTimeout(() => {
      this.repeatTimer = null;
      this.writePlanes();
    }, Math.ceil(1000 / this.format.fps));
    this.repeatTimer.unref();
  }

  /** The latest planes to FFmpeg (repeated at PLANE_FPS); a plane is shown once its picture is there. */
  private writePlanes(onlyNew = false): void {
    if (this.stopped || this.proc.pid === null) return;
    const write = (pipe: Writable | null, plane: Buffer) => {
      if (!pipe || pipe.destroyed || (onlyNew && this.lastWritten.get(pipe) === plane)) return;
      // Nothing queues in the pipe behind a plane FFmpeg has not read yet: it would be stamped
      // when read, late. A new plane goes as soon as FFmpeg has read the one before, not at
      // the next interval.
      if (pipe.writableLength > 0) {
        if (!this.awaitingDrain.has(pipe)) {
          this.awaitingDrain.add(pipe);
          pipe.once('drain', () => {
            this.awaitingDrain.delete(pipe);
            this.writePlanes(true);
          });
        }
        return;
      }
      if (this.lastWritten.get(pipe) !== plane) this.repeatSoon();
      this.lastWritten.set(pipe, plane);
      pipe.write(plane);
    };
    write(this.planePipe('background'), this.planes.background);
    write(this.planePipe('top'), this.planes.top);
    const show: string[] = [];
    const layout = this.layout;
    if (layout && layout.background.length > 0 && !this.sentPlanes.background && this.planes.background !== this.emptyPlane) {
      this.sentPlanes.background = true;
      show.push(`${filterNames.background} enable 1`);
    }
    if (layout && layout.top.length > 0 && !this.sentPlanes.top && this.planes.top !== this.emptyPlane) {
      this.sentPlanes.top = true;
      show.push(`${filterNames.top} enable 1`);
    }
    this.send(show);
  }
}

/** A hidden slot (a warm preview layer, an invisible layer) is scaled to almost nothing: its source stays decoded, for an instant take, but costs no scaling. */
function sentOf(slot: SlotLayout | null): SentSlot {
  const s = slot ?? { ...HIDDEN_SLOT };
  const size = s.shown ? { width: s.width, height: s.height } : { width: HIDDEN_SLOT.width, height: HIDDEN_SLOT.height };
  return { x: s.x, y: s.y, ...size, alpha: alphaExpr(s.alpha), alphaLut: alphaLutOn(s.alpha), shown: s.shown };
}
