import os from 'node:os';
import pidusage from 'pidusage';
import type { Service } from '../app/service';
import type { Logger } from '../logging/logger';
import type { ChildProcessStats, FfmpegInfo, SfuAvailability, ShellKind, SystemInfo, SystemStats } from './system-types';

/** What the system service needs to know of supervised child processes. */
export interface ChildProcessSource {
  list(): Array<{ id: string; name: string; pid: number | null; state: string }>;
}

export interface SystemServiceOptions {
  product: string;
  version: string;
  shell: ShellKind;
  dataDir: string;
  electronVersion: string | null;
  nodeId: () => string;
  nodeName: () => string;
  ffmpeg: { info: FfmpegInfo | null; error: string | null };
  sfu: SfuAvailability;
  children: ChildProcessSource;
  logger: Logger;
  listenUrl: () => string | null;
}

export const STATS_INTERVAL_MS = 2_000;

/** `system.info` and `system.stats`, and the live stats feed (sampled only while someone listens). */
export class SystemService implements Service {
  readonly name = 'system';
  private readonly startedAt = new Date();
  private lastCpu = process.cpuUsage();
  private lastCpuAt = process.hrtime.bigint();
  private readonly listeners = new Set<(stats: SystemStats) => void>();
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly options: SystemServiceOptions) {}

  info(): SystemInfo {
    const o = this.options;
    return {
      product: o.product,
      version: o.version,
      nodeId: o.nodeId(),
      nodeName: o.nodeName(),
      shell: o.shell,
      startedAt: this.startedAt.toISOString(),
      uptimeSeconds: Math.round((Date.now() - this.startedAt.getTime()) / 1000),
      platform: {
        os: process.platform,
        arch: process.arch,
        release: os.release(),
        hostname: os.hostname(),
        node: process.versions.node,
        electron: o.electronVersion,
      },
      ffmpeg: o.ffmpeg.info,
      ffmpegError: o.ffmpeg.error,
      sfu: o.sfu,
      dataDir: o.dataDir,
      listenUrl: o.listenUrl(),
    };
  }

  async stats(): Promise<SystemStats> {
    const memory = process.memoryUsage();
    const engine = {
      pid: process.pid,
      cpuPercent: round1(this.engineCpuPercent()),
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      uptimeSeconds: Math.round(process.uptime()),
    };
    const children = await this.childStats();
    return {
      at: new Date().toISOString(),
      engine,
      children,
      total: {
        cpuPercent: round1(children.reduce((sum, c) => sum + c.cpuPercent, engine.cpuPercent)),
        rssBytes: children.reduce((sum, c) => sum + c.rssBytes, engine.rssBytes),
      },
      host: {
        cpuCount: os.availableParallelism(),
        loadAverage: os.loadavg().map(round1),
        freeMemBytes: os.freemem(),
        totalMemBytes: os.totalmem(),
      },
    };
  }

  /** Calls `listener` with fresh stats every STATS_INTERVAL_MS until the returned function is called. */
  watchStats(listener: (stats: SystemStats) => void): () => void {
    this.listeners.add(listener);
    if (!this.timer && !this.closed) {
      this.timer = setInterval(() => void this.publishStats(), STATS_INTERVAL_MS);
      this.timer.unref();
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = null;
      }
    };
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.listeners.clear();
    pidusage.clear();
  }

  private async publishStats(): Promise<void> {
    try {
      const stats = await this.stats();
      for (const listener of this.listeners) listener(stats);
    } catch (err) {
      this.options.logger.warn('Could not sample process statistics', { error: err });
    }
  }

  /** Engine CPU since the previous sample, as a percentage of one core. */
  private engineCpuPercent(): number {
    const now = process.hrtime.bigint();
    const usage = process.cpuUsage(this.lastCpu);
    const elapsedMicros = Number(now - this.lastCpuAt) / 1000;
    this.lastCpu = process.cpuUsage();
    this.lastCpuAt = now;
    if (elapsedMicros <= 0) return 0;
    return ((usage.user + usage.system) / elapsedMicros) * 100;
  }

  private async childStats(): Promise<ChildProcessStats[]> {
    const running = this.options.children.list().filter((c): c is typeof c & { pid: number } => c.pid !== null);
    if (running.length === 0) return [];
    let usage: Record<string, pidusage.Status | undefined> = {};
    try {
      usage = await pidusage(running.map((c) => c.pid));
    } catch {
      // A process may exit between list() and sampling; report the others.
      usage = Object.fromEntries(await Promise.all(running.map(async (c) => [c.pid, await pidusage(c.pid).catch(() => undefined)])));
    }
    return running.flatMap((c) => {
      const u = usage[c.pid];
      return u ? [{ id: c.id, name: c.name, state: c.state, pid: c.pid, cpuPercent: round1(u.cpu), rssBytes: u.memory }] : [];
    });
  }
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
