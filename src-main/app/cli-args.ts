import { parseArgs } from 'node:util';
import { LOG_LEVELS, type LogLevel } from '../logging/logger';
import { defaultDataDir } from './data-dir';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 7800;

export interface ShellArgs {
  host: string;
  port: number;
  dataDir: string;
  token?: string;
  logLevel?: LogLevel;
  help: boolean;
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = `Usage: control-room serve [options]

  --host <address>     address to listen on (default ${DEFAULT_HOST}; anything else needs --token)
  --port <number>      HTTP/WebSocket port (default ${DEFAULT_PORT}; 0 picks a free one)
  --data-dir <path>    where state, logs and the API token live (default: ${defaultDataDir()})
  --token <token>      API token (default: the one saved in the data dir, or a new one)
  --log-level <level>  ${LOG_LEVELS.join(' | ')} (default: the saved setting)
  --help               show this help`;

export function parseShellArgs(argv: string[]): ShellArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        token: { type: 'string' },
        'log-level': { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535, got "${values.port}"`);
  const host = values.host ?? DEFAULT_HOST;
  if (host.trim() === '') throw new UsageError('--host must not be empty');
  const logLevel = values['log-level'];
  if (logLevel !== undefined && !(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  if (values['data-dir'] !== undefined && values['data-dir'].trim() === '') throw new UsageError('--data-dir must not be empty');
  const args: ShellArgs = { host, port, dataDir: values['data-dir'] ?? defaultDataDir(), help: values.help ?? false };
  if (values.token !== undefined) args.token = values.token;
  if (logLevel !== undefined) args.logLevel = logLevel as LogLevel;
  if (!isLoopback(host) && args.token === undefined) {
    throw new UsageError(`Refusing to listen on ${host} without --token: a non-loopback address is reachable from the network. Pass --token <token> (at least 16 characters).`);
  }
  return args;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}
