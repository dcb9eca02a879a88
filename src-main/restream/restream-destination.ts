import { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';
import type { Logger } from '../logging/logger';
import type { HubReader, HubSource, MediaHub } from '../media/hub/media-hub';
import type { ProcessExit, ProcessSupervisor, SupervisedProcess } from '../media/supervisor';
import { endInputAndWait, HubFeed } from '../recordings/hub-feed';
import { classifyFailure, type FailureReason } from '../cameras/failure-reason';
import { DEFAULT_SLATE, destinationArgs, slateArgs, type SlateFormat } from './restream-args';
import type { DestinationState, DestinationStatus, StoredDestination } from './restream-schema';

/** The source counts as gone after this long without a video frame (or when it is not live). */
export const SOURCE_LOST_AFTER_MS = 2_000;
/** How often the fallback checks the source. */
const WATCH_INTERVAL_MS = 250;
/** On stop, FFmpeg gets this long to close the RTMP session after its input ends, before SIGTERM. */
const FINISH_GRACE_MS = 1_000;

/** What RTMP servers answer, in words, before the generic FFmpeg failure rules. */
const RTMP_RULES: Array<[RegExp, FailureReason]> = [
  [/NetStream\.Publish\.BadName|already publishing/i, { reason: 'stream key already in use', permanent: false }],
  [/NetConnection\.Connect\.Rejected|Authentication|auth failed|Unauthorized/i, { reason: 'authentication failed (rejected by the server)', permanent: true }],
  [/403|Forbidden/i, { reason: 'access forbidden', permanent: true }],
  [/NetStream\.Publish\.Denied|Publish\.Denied/i, { reason: 'publishing denied by the server', permanent: true }],
  [/404|Not Found|NetConnection\.Connect\.InvalidApp|InvalidApp/i, { reason: 'not found (no such application on the server)', permanent: true }],
  [/Connection refused/i, { reason: 'connection refused', permanent: false }],
  [/timed out/i, { reason: 'timed out', permanent: false }],
  [/TLS|SSL|certificate|handshake/i, { reason: 'TLS handshake failed', permanent: false }],
];

export function classifyRestreamFailure(stderrTail: readonly string[]): FailureReason {
  for (let i = stderrTail.length - 1; i >= 0; i--) {
    for (const [pattern, result] of RTMP_RULES) if (pattern.test(stderrTail[i]!)) return result;
  }
  return classifyFailure(stderrTail);
}

export function destinationProcessId(id: string): string {
  return `restream:${id}`;
}

export function slateProcessId(id: string): string {
  return `restream-slate:${id}`;
}

/** The hub source a destination with fallback reads from. */
export function relaySourceId(id: string): string {
  return `restream~${id}`;
}

export interface RestreamDestinationOptions {
  destination: StoredDestination;
  /** The URL with the key: given to FFmpeg only. */
  publishUrl: string;
  supervisor: ProcessSupervisor;
  hub: MediaHub;
  /** Whether the source is live (a camera's health); frames alone decide when this is absent. */
  sourceLive: (sourceId: string) => boolean;
  /** The source's picture size and whether it has audio, for the slate. */
  sourceFormat: (sourceId: string) => Partial<SlateFormat>;
  logger: Logger;
}

/**
 * One enabled destination: a supervised FFmpeg publishing a hub source to an RTMP server with
 * `-c copy`. It is only a hub reader: whatever happens to it, the source and the other readers
 * go on. With fallback, FFmpeg reads a relay source instead, fed from the real source while it
 * sends frames and from a slate generator while it does not: the relay's continuous timeline
 * keeps the RTMP session (and the platform's event) up across the switch.
 */
export class RestreamDestination extends EventEmitter<{ status: [DestinationStatus] }> {
  private proc: SupervisedProcess | null = null;
  private feed: HubFeed | null = null;
  private state: DestinationState = 'connecting';
  private reason: string | null = null;
  private since = new Date().toISOString();
  private liveSince: number | null = null;
  private retryAt: string | null = null;
  private bitrateKbps: number | null = null;
  private lastFrame = 0;
  private stopped = false;
  private readonly log: Logger;
  // Fallback.
  private relay: HubSource | null = null;
  private sending: 'source' | 'slate' | null = null;
  private detachSource: (() => void) | null = null;
  private slate: SupervisedProcess | null = null;
  private slateGeneration = 0;
  private watchTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: RestreamDestinationOptions) {
    super();
    this.log = options.logger;
  }

  get id(): string {
    return this.options.destination.id;
  }

  get pid(): number | null {
    return this.proc?.pid ?? null;
  }

  start(): void {
    const { destination, supervisor, hub } = this.options;
    if (destination.fallback.enabled) {
      this.relay = hub.source(relaySourceId(destination.id));
      this.sending = 'source';
      this.attachSource();
      this.watchTimer = setInterval(() => this.watchSource(), WATCH_INTERVAL_MS);
      this.watchTimer.unref();
    }
    const proc = supervisor.create({
      id: destinationProcessId(destination.id),
      name: `Restream ${destination.name}`,
      args: destinationArgs(this.options.publishUrl),
      restart: true,
      stdin: true,
    });
    this.proc = proc;
    this.feed = new HubFeed(proc, {
      source: () => (this.stopped ? null : (this.relay ?? hub.source(destination.sourceId))),
      onDropped: (reason) => {
        if (!this.stopped) this.log.warn('Restream dropped by the hub', { reason });
      },
    });
    // A retry keeps showing `retrying` (with its reason) until it goes live again.
    proc.on('spawn', () => {
      if (this.state !== 'retrying' && this.state !== 'failed') this.set('connecting', null);
    });
    proc.on('progress', (progress) => {
      if (this.stopped) return;
      this.bitrateKbps = progress.bitrateKbps;
      if (progress.frame > this.lastFrame || (progress.outTimeMs ?? 0) > 0) {
        this.lastFrame = progress.frame;
        if (this.state !== 'live') {
          this.liveSince = Date.now();
          this.retryAt = null;
          this.log.info('Restream live');
          this.set('live', null);
          return;
        }
      }
      this.emit('status', this.status());
    });
    proc.on('exit', (exit) => this.onExit(exit));
    proc.on('restart-scheduled', ({ delayMs }) => {
      if (this.stopped) return;
      this.retryAt = new Date(Date.now() + delayMs).toISOString();
      this.emit('status', this.status());
    });
    try {
      proc.start();
      this.log.info('Restream started', { sourceId: destination.sourceId, fallback: destination.fallback.enabled });
    } catch (err) {
      this.set('failed', `could not start FFmpeg: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  status(): DestinationStatus {
    const live = this.state === 'live' && this.liveSince !== null;
    return {
      state: this.state,
      reason: this.reason,
      since: this.since,
      sending: this.stopped ? null : (this.sending ?? (this.state === 'live' ? 'source' : null)),
      bitrateKbps: live ? this.bitrateKbps : null,
      liveSince: live ? new Date(this.liveSince!).toISOString() : null,
      uptimeSeconds: live ? Math.round((Date.now() - this.liveSince!) / 1000) : null,
      restarts: this.proc?.restarts ?? 0,
      retryAt: this.state === 'retrying' || this.state === 'failed' ? this.retryAt : null,
      pid: this.pid,
    };
  }

  /** Ends FFmpeg's input (it closes the RTMP session) and forgets every process; nothing is left running. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.watchTimer) clearInterval(this.watchTimer);
    this.watchTimer = null;
    this.detachSource?.();
    this.detachSource = null;
    this.slateGeneration++;
    const proc = this.proc;
    await endInputAndWait(proc, this.feed, FINISH_GRACE_MS);
    await Promise.all([proc ? this.options.supervisor.remove(proc.id) : null, this.slate ? this.options.supervisor.remove(this.slate.id) : null]);
    this.feed?.dispose();
    this.proc = null;
    this.slate = null;
    if (this.relay) this.options.hub.remove(this.relay.id);
    this.relay = null;
    this.sending = null;
    this.state = 'stopped';
    this.reason = null;
    this.log.info('Restream stopped');
    this.removeAllListeners();
  }

  private onExit(exit: ProcessExit): void {
    if (this.stopped || exit.reason === 'stopped') return;
    const failure =
      exit.reason === 'stalled' ? { reason: 'stalled: no data from the source', permanent: false } : classifyRestreamFailure(exit.stderrTail);
    this.liveSince = null;
    this.bitrateKbps = null;
    this.lastFrame = 0;
    this.log.warn(`Restream ended: ${failure.reason}`, { exitCode: exit.code, signal: exit.signal });
    this.set(failure.permanent ? 'failed' : 'retrying', failure.reason);
  }

  private set(state: DestinationState, reason: string | null): void {
    if (this.stopped) return;
    if (state !== this.state || reason !== this.reason) {
      this.state = state;
      this.reason = reason;
      this.since = new Date().toISOString();
    }
    this.emit('status', this.status());
  }

  // ── Fallback ──────────────────────────────────────────────────────────────

  private sourceAlive(): boolean {
    const { sourceId } = this.options.destination;
    const last = this.options.hub.find(sourceId)?.lastFrameAt ?? null;
    return last !== null && Date.now() - last < SOURCE_LOST_AFTER_MS && this.options.sourceLive(sourceId);
  }

  private watchSource(): void {
    if (this.stopped) return;
    const alive = this.sourceAlive();
    if (this.sending === 'source' && !alive) {
      this.log.info('Source lost: sending the fallback slate');
      this.detachSource?.();
      this.detachSource = null;
      this.sending = 'slate';
      this.startSlate();
      this.emit('status', this.status());
    } else if (this.sending === 'slate' && alive) {
      this.log.info('Source back: sending the source again');
      this.stopSlate();
      this.sending = 'source';
      this.attachSource();
      this.emit('status', this.status());
    } else if (this.sending === 'source' && this.detachSource === null) {
      this.attachSource(); // the hub dropped the forwarder
    }
  }

  /** Forwards the real source's FLV into the relay: each attach begins a new stream on the relay's timeline. */
  private attachSource(): void {
    const relay = this.relay;
    if (!relay || this.stopped) return;
    const source = this.options.hub.source(this.options.destination.sourceId);
    let write: ((chunk: Buffer) => void) | null = null;
    let open = true;
    const reader: HubReader = {
      write: (chunk) => {
        if (!open) return;
        write ??= relay.beginStream();
        write(chunk);
      },
      backlogBytes: () => 0,
      close: () => {
        open = false;
        if (this.detachSource === detach) this.detachSource = null;
      },
    };
    const off = source.attach(reader);
    const detach = () => {
      open = false;
      off();
    };
    this.detachSource = detach;
  }

  private startSlate(): void {
    const { destination, supervisor, sourceFormat } = this.options;
    const relay = this.relay;
    if (!relay) return;
    const format: SlateFormat = { ...DEFAULT_SLATE, ...sourceFormat(destination.sourceId), imagePath: destination.fallback.imagePath };
    const generation = ++this.slateGeneration;
    const id = slateProcessId(destination.id);
    const existing = supervisor.get(id);
    const begin = (proc: SupervisedProcess) => {
      this.slate = proc;
      proc.on('spawn', (_pid: number, stdout: Readable | null) => {
        if (!stdout || generation !== this.slateGeneration) return;
        const write = relay.beginStream();
        stdout.on('data', (chunk: Buffer) => {
          if (generation === this.slateGeneration && this.sending === 'slate') write(chunk);
        });
      });
      try {
        proc.start();
      } catch (err) {
        this.log.warn('Fallback slate could not start', { error: err });
      }
    };
    const create = () => {
      if (generation !== this.slateGeneration || this.stopped) return;
      begin(supervisor.create({ id, name: `Fallback slate ${destination.name}`, args: slateArgs(format), restart: true }));
    };
    // A previous slate may still be stopping.
    if (existing) void supervisor.remove(id).then(create);
    else create();
  }

  private stopSlate(): void {
    this.slateGeneration++;
    const slate = this.slate;
    this.slate = null;
    if (slate) void this.options.supervisor.remove(slate.id);
  }
}
