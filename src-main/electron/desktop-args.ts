/**
 * The desktop shell's command line. Lenient where the headless parser is strict: Electron and
 * Chromium switches (`--no-sandbox`, `--ozone-platform=wayland`, …) share argv with ours, so
 * unknown arguments are ignored. Pure, for unit tests.
 */
import { LOG_LEVELS, type LogLevel } from '../logging/logger';

export const DESKTOP_HOST = '127.0.0.1';
export const DESKTOP_DEFAULT_PORT = 7800;

export interface DesktopArgs {
  dataDir?: string;
  port: number;
  logLevel?: LogLevel;
}

export class DesktopArgsError extends Error {
  override readonly name = 'DesktopArgsError';
}

function optionValue(argv: readonly string[], name: string): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === `--${name}`) {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new DesktopArgsError(`--${name} needs a value`);
      value = next;
      i++;
    } else if (arg.startsWith(`--${name}=`)) {
      value = arg.slice(name.length + 3);
    }
  }
  return value;
}

export function parseDesktopArgs(argv: readonly string[]): DesktopArgs {
  const args: DesktopArgs = { port: DESKTOP_DEFAULT_PORT };
  const dataDir = optionValue(argv, 'data-dir');
  if (dataDir !== undefined) {
    if (dataDir.trim() === '') throw new DesktopArgsError('--data-dir must not be empty');
    args.dataDir = dataDir;
  }
  const port = optionValue(argv, 'port');
  if (port !== undefined) {
    const n = Number(port);
    if (port.trim() === '' || !Number.isInteger(n) || n < 0 || n > 65535) {
      throw new DesktopArgsError(`--port must be a whole number from 0 to 65535, got "${port}"`);
    }
    args.port = n;
  }
  const logLevel = optionValue(argv, 'log-level');
  if (logLevel !== undefined) {
    if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
      throw new DesktopArgsError(`--log-level must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
    }
    args.logLevel = logLevel as LogLevel;
  }
  return args;
}
