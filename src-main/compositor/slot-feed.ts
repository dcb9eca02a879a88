import type { Writable } from 'node:stream';
import type { Logger } from '../logging/logger';
import { encodeTag, FLV_TAG, FlvParser, flvHeader, type FlvTag } from '../media/hub/flv-parser';
import type { MediaHub } from '../media/hub/media-hub';
import type { SlateStill } from './slate-stills';

/** A source that sent no video for this long shows the slate instead. */
export const SOURCE_LOST_AFTER_MS = 1_500;
/**
 * The slate is repeated at this interval (a small keyframe: almost free to decode). FFmpeg's
 * overlay waits for every input's next frame before it draws one, so a slot's frame interval
 * is a delay the whole program carries: at 100 ms it held the program ≈ 100 ms back.
 */
export const SLATE_INTERVAL_MS = 33;
/** FFmpeg is this far behind on a slot's pipe: frames are dropped until the next keyframe. */
const MAX_PIPE_BACKLOG_BYTES = 4 * 1024 * 1024;

export type SlotMode = 'idle' | 'live' | 'slate';

/**
 * What one video slot of a program output's FFmpeg reads: one FLV stream on a pipe that never
 * ends and never pauses. It carries the assigned hub source's video while that sends frames,
 * and a repeated slate keyframe otherwise (no source, a dead camera, while joining). Each
 * switch sends the new decoder configuration, then starts on a keyframe; each frame is stamped
 * with the wall clock when it is written, so the timeline stays continuous across switches and
 * keeps the frames' arrival times however long FFmpeg leaves them in the pipe.
 */
export class SlotFeed {
  private pipe: Writable | null = null;
  private sourceId: string | null = null;
  private slate: SlateStill | null = null;
  private detach: (() => void) | null = null;
  private parser: FlvParser | null = null;
  private sourceConfig: FlvTag | null = null;
  private mode: SlotMode = 'idle';
  private lastSourceFrameAt = 0;
  private startedAt = Date.now();
  private lastTs = 0;
  private readonly timer: NodeJS.Timeout;
  private closed = false;

  constructor(
    readonly index: number,
    private readonly hub: MediaHub,
    private readonly logger: Logger,
  ) {
    this.timer = setInterval(() => this.tick(), SLATE_INTERVAL_MS);
    this.timer.unref();
  }

  /**
   * A new FFmpeg run: its pipe for this slot. The stream starts again with a header; its
   * timestamps are the wall clock when each frame is written, in ms since `clockOrigin`.
   */
  begin(pipe: Writable | null, clockOrigin = Date.now()): void {
    this.pipe = pipe;
    this.startedAt = clockOrigin;
    this.lastTs = 0;
    if (!pipe) return;
    pipe.write(flvHeader(false, true));
    // Start clean: the slate now, the source from its next keyframe.
    this.mode = 'idle';
    this.reattach();
    this.tick();
  }

  /** What this slot shows: a hub source (null: nothing, the slate) and the slate to use when it is down. */
  assign(sourceId: string | null, slate: SlateStill): void {
    const slateChanged = slate !== this.slate;
    this.slate = slate;
    if (sourceId === this.sourceId) {
      if (slateChanged && this.mode === 'slate') this.toSlate();
      return;
    }
    this.sourceId = sourceId;
    this.logger.debug('Slot assigned', { slot: this.index, sourceId });
    this.reattach();
    if (this.mode !== 'live') this.toSlate();
  }

  get state(): { sourceId: string | null; mode: SlotMode } {
    return { sourceId: this.sourceId, mode: this.mode };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    this.detach?.();
    this.detach = null;
    this.pipe = null;
  }

  /** Reads the assigned source from the hub (again): it joins at the source's last keyframe. */
  private reattach(): void {
    this.detach?.();
    this.detach = null;
    this.parser = null;
    this.sourceConfig = null;
    if (this.mode === 'live') this.mode = 'idle';
    const sourceId = this.sourceId;
    const source = sourceId ? this.hub.find(sourceId) : undefined;
    if (!source || this.closed) return;
    const parser = new FlvParser(
      () => undefined,
      (tag) => {
        if (this.parser === parser) this.onSourceTag(tag);
      },
    );
    this.parser = parser;
    const detach = source.attach({
      write: (chunk) => {
        if (this.parser === parser) parser.push(chunk);
      },
      // The feed drops frames itself when FFmpeg falls behind; the hub never needs to drop it.
      backlogBytes: () => 0,
      close: () => {
        if (this.parser !== parser) return;
        this.detach = null;
        this.parser = null;
      },
    });
    this.detach = detach;
  }

  private onSourceTag(tag: FlvTag): void {
    if (tag.type !== FLV_TAG.video) return; // program audio is the output's own
    if (tag.isSequenceHeader) {
      this.sourceConfig = tag;
      if (this.mode === 'live') this.write(tag);
      return;
    }
    this.lastSourceFrameAt = Date.now();
    if (this.mode === 'live') {
      if (this.pipeBacklog() > MAX_PIPE_BACKLOG_BYTES) {
        this.logger.warn('FFmpeg is behind on a video slot: dropping to the next keyframe', { slot: this.index, sourceId: this.sourceId });
        this.mode = 'idle';
        return;
      }
      this.write(tag);
      return;
    }
    if (tag.isKeyframe && this.sourceConfig && this.pipe) {
      this.mode = 'live';
      this.write(this.sourceConfig);
      this.write(tag);
    }
  }

  private tick(): void {
    if (this.closed || !this.pipe) return;
    if (this.sourceId && !this.parser) this.reattach(); // the source came (back) into the hub
    if (this.mode === 'live' && Date.now() - this.lastSourceFrameAt > SOURCE_LOST_AFTER_MS) {
      this.logger.info('Source sends no video: slate', { slot: this.index, sourceId: this.sourceId });
      this.mode = 'idle';
    }
    if (this.mode === 'idle') this.toSlate();
    else if (this.mode === 'slate' && this.slate && this.pipeBacklog() < MAX_PIPE_BACKLOG_BYTES) this.write(this.slate.keyframe);
  }

  private toSlate(): void {
    if (!this.slate || !this.pipe) return;
    this.mode = 'slate';
    this.write(this.slate.config);
    this.write(this.slate.keyframe);
  }

  private write(tag: FlvTag): void {
    const pipe = this.pipe;
    if (!pipe || pipe.destroyed || pipe.writableEnded) return;
    const ts = Math.max(this.lastTs, Date.now() - this.startedAt);
    this.lastTs = ts;
    pipe.write(encodeTag(tag, ts));
  }

  private pipeBacklog(): number {
    return this.pipe?.writableLength ?? 0;
  }
}
