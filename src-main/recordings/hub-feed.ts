import type { Writable } from 'node:stream';
import type { HubReader, HubSource } from '../media/hub/media-hub';
import type { SupervisedProcess } from '../media/supervisor';

export interface HubFeedOptions {
  /** The hub source to read, looked up at each spawn; null when there is none any more. */
  source: () => HubSource | null;
  /** Counts the bytes handed to FFmpeg. */
  onBytes?: (bytes: number) => void;
  /** The hub dropped this reader (too slow, or the source went away). */
  onDropped?: (reason: string) => void;
  /** Awaited after each spawn before the feed begins (FFmpeg writes nothing before its input starts). */
  beforeFeeding?: () => Promise<void>;
}

/**
 * Feeds a hub source into a supervised FFmpeg's stdin (`-f flv -i pipe:0`): one hub reader per
 * run, attached on `spawn` and detached on `exit`. The feed is only a reader: when FFmpeg dies
 * or falls behind, the hub drops it and the camera and the other readers go on. A dropped
 * reader ends FFmpeg's stdin, so FFmpeg closes its output cleanly and the supervisor restarts it.
 */
export class HubFeed {
  private detach: (() => void) | null = null;
  private stdin: Writable | null = null;
  private disposed = false;

  constructor(
    private readonly proc: SupervisedProcess,
    private readonly options: HubFeedOptions,
  ) {
    proc.on('spawn', this.onSpawn);
    proc.on('exit', this.onExit);
  }

  /** Ends the current input: FFmpeg finishes its files and exits (no SIGKILL needed, even with no data flowing). */
  endInput(): void {
    this.unplug();
    const stdin = this.proc.stdin; // also a run whose feed has not begun yet
    if (stdin && !stdin.writableEnded) stdin.end();
  }

  /** Stops listening to the process and detaches from the hub. */
  dispose(): void {
    this.disposed = true;
    this.proc.off('spawn', this.onSpawn);
    this.proc.off('exit', this.onExit);
    this.unplug();
  }

  private readonly onSpawn = (): void => {
    this.unplug();
    const stdin = this.proc.stdin;
    if (!this.options.beforeFeeding) return this.plug(stdin);
    this.options.beforeFeeding().then(
      () => this.plug(stdin),
      () => this.plug(stdin),
    );
  };

  private plug(stdin: Writable | null): void {
    // The run may have ended (or the feed been disposed) while waiting.
    if (this.disposed || !stdin || stdin !== this.proc.stdin || stdin.writableEnded) return;
    const source = this.options.source();
    if (!source) {
      stdin.end();
      return;
    }
    this.stdin = stdin;
    let open = true;
    const reader: HubReader = {
      write: (chunk) => {
        if (!open || stdin.writableEnded || stdin.destroyed) return;
        stdin.write(chunk);
        this.options.onBytes?.(chunk.length);
      },
      backlogBytes: () => stdin.writableLength,
      close: (reason) => {
        if (!open) return;
        open = false;
        if (this.stdin === stdin) {
          this.detach = null;
          this.stdin = null;
        }
        stdin.end();
        this.options.onDropped?.(reason);
      },
    };
    const detach = source.attach(reader);
    this.detach = () => {
      open = false;
      detach();
    };
  }

  private readonly onExit = (): void => {
    this.unplug();
  };

  private unplug(): void {
    this.detach?.();
    this.detach = null;
    if (this.stdin && !this.stdin.writableEnded) this.stdin.end();
    this.stdin = null;
  }
}

/**
 * Ends FFmpeg's input and waits, at most `graceMs`, for it to exit by itself: it then finishes
 * what it writes (a signal cannot interrupt FFmpeg waiting on an idle pipe).
 */
export async function endInputAndWait(proc: SupervisedProcess | null, feed: HubFeed | null, graceMs: number): Promise<void> {
  if (proc?.pid) {
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    feed?.endInput();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
  }
  feed?.endInput();
}
