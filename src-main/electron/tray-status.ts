/** What the tray shows about the engine; pure, so it is unit-tested without Electron. */

export interface EngineStatusLike {
  state: string;
  childProcesses: number;
  message?: string;
}

/** "Engine: running · 2 processes", "Engine: stopping". */
export function formatStatusLine(status: EngineStatusLike): string {
  if (status.state === 'running') {
    const n = status.childProcesses;
    return `Engine: running · ${n} process${n === 1 ? '' : 'es'}`;
  }
  return `Engine: ${status.state}`;
}

export function formatTooltip(productName: string, status: EngineStatusLike): string {
  return `${productName} — ${formatStatusLine(status)}`;
}
