import { createHash } from 'node:crypto';
import type { Logger } from '../logging/logger';
import { FLV_TAG, FlvParser, type FlvTag } from '../media/hub/flv-parser';
import type { ProcessSupervisor } from '../media/supervisor';
import { renderSlatePng } from './graphics-port';

/** One slate picture as H.264 in FLV: its decoder configuration and one keyframe, repeated to make a stream. */
export interface SlateStill {
  config: FlvTag;
  keyframe: FlvTag;
}

/** Slates are small: scaled to the layer by FFmpeg anyway. */
export const SLATE_WIDTH = 640;
export const SLATE_HEIGHT = 360;
/**
 * A free slot's picture: never shown (its overlay is off), but its input must keep flowing
 * because FFmpeg's overlay waits for every input's next frame. A 16×16 keyframe decodes and
 * scales in microseconds; the 640×360 slate repeated 30 times a second in each free slot cost
 * FFmpeg a full intra decode and a scale per frame.
 */
const BLANK_SIZE = 16;
const ENCODE_TIMEOUT_MS = 20_000;
const MAX_CACHED = 32;

/**
 * Slates for video layers whose source is missing or down: renderSlatePng's picture encoded
 * once into a single H.264 keyframe. Repeating that keyframe is a valid stream that costs
 * FFmpeg almost nothing to decode, so a dead camera shows a slate in its layer.
 */
export class SlateStills {
  private readonly cache = new Map<string, Promise<SlateStill>>();
  private sequence = 0;

  constructor(
    private readonly supervisor: ProcessSupervisor,
    private readonly logger: Logger,
  ) {}

  get(label: string): Promise<SlateStill> {
    return this.cached(`slate:${label}`, () =>
      renderSlatePng(SLATE_WIDTH, SLATE_HEIGHT, label).then((png) => this.encode(label, ['-f', 'png_pipe', '-i', 'pipe:0'], png)),
    );
  }

  /** A tiny black still for a slot with nothing assigned (see BLANK_SIZE). */
  blank(): Promise<SlateStill> {
    return this.cached('blank', () => this.encode('(free slot)', ['-f', 'lavfi', '-i', `color=c=black:s=${BLANK_SIZE}x${BLANK_SIZE}`], null));
  }

  /** One encoding per key while it is cached; a failed one is forgotten so the next call tries again. */
  private cached(key: string, make: () => Promise<SlateStill>): Promise<SlateStill> {
    let still = this.cache.get(key);
    if (!still) {
      still = make();
      still.catch(() => this.cache.delete(key));
      this.cache.set(key, still);
      if (this.cache.size > MAX_CACHED) this.cache.delete(this.cache.keys().next().value!);
    }
    return still;
  }

  private async encode(label: string, input: string[], stdin: Buffer | null): Promise<SlateStill> {
    const id = `compositor-slate:${createHash('sha1').update(label).digest('hex').slice(0, 10)}:${++this.sequence}`;
    const proc = this.supervisor.create({
      id,
      name: `Slate ${label}`,
      restart: false,
      stdin: stdin !== null,
      args: [
        ...input,
        '-frames:v', '1', '-an',
        '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'stillimage', '-pix_fmt', 'yuv420p', '-bf', '0',
        '-f', 'flv', '-flvflags', 'no_duration_filesize', 'pipe:1',
      ],
    });
    const tags: FlvTag[] = [];
    const parser = new FlvParser(
      () => undefined,
      (tag) => tags.push(tag),
    );
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('slate encoding timed out')), ENCODE_TIMEOUT_MS);
        proc.on('spawn', (_pid, stdout) => {
          stdout?.on('data', (chunk: Buffer) => parser.push(chunk));
          if (stdin) proc.stdin?.end(stdin);
        });
        proc.on('exit', (exit) => {
          clearTimeout(timer);
          if (exit.code === 0) resolve();
          else reject(new Error(`slate encoding failed: ${exit.stderrTail.at(-1) ?? exit.reason}`));
        });
        proc.start();
      });
    } finally {
      await this.supervisor.remove(id);
    }
    const config = tags.find((t) => t.type === FLV_TAG.video && t.isSequenceHeader);
    const keyframe = tags.find((t) => t.type === FLV_TAG.video && t.isKeyframe && !t.isSequenceHeader);
    if (!config || !keyframe) throw new Error('slate encoding produced no keyframe');
    this.logger.debug('Slate encoded', { label, bytes: keyframe.data.length });
    return { config, keyframe };
  }
}
