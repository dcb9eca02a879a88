/** Display formats shared by the status bar and the pages. */

export function formatMegabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return `${mb >= 100 ? mb.toFixed(0) : mb.toFixed(1)} MB`;
}

export function formatPercent(value: number): string {
  return `${value >= 10 ? value.toFixed(0) : value.toFixed(1)} %`;
}

/** `3 d 4 h`, `2 h 05 m`, `4 m 09 s`, `12 s`. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3_600);
  const minutes = Math.floor((s % 3_600) / 60);
  const seconds = s % 60;
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${pad2(minutes)} m`;
  if (minutes > 0) return `${minutes} m ${pad2(seconds)} s`;
  return `${seconds} s`;
}

/** The first block of a UUID: enough to tell nodes apart at a glance. */
export function shortId(id: string): string {
  return id.split('-')[0] ?? id;
}

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

function pad2(n: number): string {
  return n.toString().padStart(2, '0');
}

/** `512 B`, `12.4 KB`, `3.1 MB`, `1.3 GB`: sizes of files (1024-based, as file managers show them). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1024) return `${Math.max(0, Math.round(bytes || 0))} B`;
  const units = ['KB', 'MB', 'GB', 'TB'] as const;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}

/** `14:02:31` for a time today, `21 Nov, 14:02:31` for another day: local time. */
export function formatClockTime(iso: string | number, now = Date.now()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  const time = date.toLocaleTimeString();
  const today = new Date(now);
  const sameDay = date.getFullYear() === today.getFullYear() && date.getMonth() === today.getMonth() && date.getDate() === today.getDate();
  return sameDay ? time : `${date.toLocaleDateString(undefined, { day: 'numeric', month: 'short' })}, ${time}`;
}

/** A recording's length: `4.0 s` under a minute, then `1 m 05 s`. */
export function formatMediaDuration(seconds: number): string {
  return seconds < 60 ? `${seconds.toFixed(1)} s` : formatDuration(seconds);
}
