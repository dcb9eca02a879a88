import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/**
 * CPU and memory of processes from /proc (Linux): CPU as utime + stime deltas, so a figure is
 * what the processes really used over a window, not a sampled guess.
 */
export const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

interface Stat {
  ppid: number;
  ticks: number;
}

function readStat(pid: number): Stat | null {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name may hold spaces and parentheses: fields start after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): ppid is field 4, utime 14, stime 15.
  return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
}

/** `pid` and every process below it, now. */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (!stat) continue;
    const list = children.get(stat.ppid) ?? [];
    list.push(Number(entry));
    children.set(stat.ppid, list);
  }
  const tree: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const next = queue.shift()!;
    tree.push(next);
    queue.push(...(children.get(next) ?? []));
  }
  return tree;
}

export interface CpuWindow {
  /** Percent of one core, summed over the processes (200 % = both cores of this machine). */
  percentOfCore: number;
  seconds: number;
  /** Processes that were there at the start and gone at the end (their CPU is not counted). */
  vanished: number;
}

/** Starts a CPU window over `pids`; the returned function ends it. */
export function startCpuWindow(pids: readonly number[]): () => CpuWindow {
  const startedAt = performance.now();
  const start = new Map<number, number>();
  for (const pid of pids) {
    const stat = readStat(pid);
    if (stat) start.set(pid, stat.ticks);
  }
  return () => {
    const seconds = (performance.now() - startedAt) / 1000;
    let ticks = 0;
    let vanished = 0;
    for (const [pid, before] of start) {
      const stat = readStat(pid);
      if (stat) ticks += stat.ticks - before;
      else vanished += 1;
    }
    return { percentOfCore: (ticks / CLOCK_TICKS / seconds) * 100, seconds, vanished };
  };
}

export interface Memory {
  /** Sum of VmRSS (shared pages counted once per process). */
  rssBytes: number;
  /** Sum of Pss (shared pages split between the processes that share them). */
  pssBytes: number;
}

export function memoryOf(pids: readonly number[]): Memory {
  let rssBytes = 0;
  let pssBytes = 0;
  for (const pid of pids) {
    try {
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
      rssBytes += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
      const rollup = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      pssBytes += Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0) * 1024;
    } catch {
      // gone
    }
  }
  return { rssBytes, pssBytes };
}

/**
 * Bytes the process has written so far with write(2) and the like (`wchar` of /proc/<pid>/io),
 * or null. FFmpeg writes its output this way (to a pipe or /dev/null), so a growing figure means
 * media is flowing. (`rchar` would not do: socket reads through recv(2) are not counted.)
 */
export function bytesWritten(pid: number): number | null {
  try {
    const io = fs.readFileSync(`/proc/${pid}/io`, 'utf8');
    return Number(/^wchar:\s+(\d+)/m.exec(io)?.[1] ?? NaN);
  } catch {
    return null;
  }
}

/** The process's command name (`/proc/<pid>/comm`), or null. */
export function commandName(pid: number): string | null {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return null;
  }
}
