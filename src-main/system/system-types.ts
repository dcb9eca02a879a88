/** Which shell hosts the engine. */
export type ShellKind = 'desktop' | 'headless' | 'node';

export type FfmpegSource = 'env' | 'ffmpeg-static' | 'path';

export interface FfmpegInfo {
  path: string;
  version: string;
  source: FfmpegSource;
}

export interface SfuAvailability {
  available: boolean;
  /** Why the SFU cannot run; null when it can. */
  reason: string | null;
  workerPath: string | null;
}

export interface SystemInfo {
  product: string;
  version: string;
  nodeId: string;
  nodeName: string;
  shell: ShellKind;
  startedAt: string;
  uptimeSeconds: number;
  platform: {
    os: NodeJS.Platform;
    arch: string;
    release: string;
    hostname: string;
    node: string;
    electron: string | null;
  };
  ffmpeg: FfmpegInfo | null;
  /** Why FFmpeg could not be found or run; null when it was. */
  ffmpegError: string | null;
  sfu: SfuAvailability;
  dataDir: string;
  /** Where the engine's HTTP API and media are served (the desktop renderer, on file://, needs it for media URLs). */
  listenUrl: string | null;
}

export interface ProcessUsage {
  pid: number;
  cpuPercent: number;
  rssBytes: number;
}

export interface ChildProcessStats extends ProcessUsage {
  id: string;
  name: string;
  state: string;
}

export interface SystemStats {
  at: string;
  engine: ProcessUsage & { heapUsedBytes: number; uptimeSeconds: number };
  children: ChildProcessStats[];
  total: { cpuPercent: number; rssBytes: number };
  host: { cpuCount: number; loadAverage: number[]; freeMemBytes: number; totalMemBytes: number };
}
