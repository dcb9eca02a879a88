import { fileURLToPath } from 'node:url';
import { createEngine, PRODUCT_NAME, type Engine } from './engine';
import { parseShellArgs, UsageError, USAGE } from './cli-args';
import { StateFileCorruptError } from '../store/state-store';

/** Shutdown must finish within this; after it the process exits regardless. */
export const SHUTDOWN_DEADLINE_MS = 5_000;

/** The built renderer sits next to the bundled main process: dist/main → dist/renderer. */
export function bundledRendererDir(): string {
  return fileURLToPath(new URL('../renderer/', import.meta.url));
}

/**
 * The headless shell: the engine, its API and the web UI, in one Node process.
 * Exits the process on a usage error, a failed start, or SIGINT/SIGTERM.
 */
export async function runHeadless(argv: string[]): Promise<void> {
  let args;
  try {
    args = parseShellArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\n\n${USAGE}\n`);
      process.exit(2);
    }
    throw err;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }

  let engine: Engine;
  try {
    engine = await createEngine({
      dataDir: args.dataDir,
      shell: 'headless',
      host: args.host,
      port: args.port,
      token: args.token,
      logLevel: args.logLevel,
      rendererDir: bundledRendererDir(),
    });
  } catch (err) {
    const known = err instanceof StateFileCorruptError || (err as Error).name === 'NewerStateVersionError' || err instanceof Error;
    process.stderr.write(`${PRODUCT_NAME} could not start: ${known ? (err as Error).message : String(err)}\n`);
    process.exit(1);
  }

  if (engine.tokenGenerated) {
    process.stdout.write(
      `\n${PRODUCT_NAME} is running. Open this address (it carries the new API token, saved in ${engine.tokenFile}; it is shown only this once):\n  ${engine.url}/#token=${engine.token}\n\n`,
    );
  } else {
    process.stdout.write(`\n${PRODUCT_NAME} is running at ${engine.url}/ (API token: ${args.token ? 'as given with --token' : `in ${engine.tokenFile}`})\n\n`);
  }
  installShutdown(engine);
}

function installShutdown(engine: Engine): void {
  let stopping = false;
  const stop = (reason: string, code: number) => {
    if (stopping) {
      engine.logger.warn(`${reason} again: exiting now`);
      process.exit(code);
    }
    stopping = true;
    engine.logger.info(`${reason}: shutting down`);
    const deadline = setTimeout(() => {
      engine.logger.error(`Shutdown took longer than ${SHUTDOWN_DEADLINE_MS} ms; exiting anyway`);
      process.exit(code || 1);
    }, SHUTDOWN_DEADLINE_MS);
    deadline.unref();
    void engine.close().finally(() => process.exit(code));
  };
  process.on('SIGINT', () => stop('SIGINT', 0));
  process.on('SIGTERM', () => stop('SIGTERM', 0));
  process.on('uncaughtException', (err) => {
    engine.logger.error('Uncaught exception', { error: err, stack: err.stack });
    stop('Uncaught exception', 1);
  });
  process.on('unhandledRejection', (reason) => {
    engine.logger.error('Unhandled promise rejection', { error: reason });
  });
}
