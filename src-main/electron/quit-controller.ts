/**
 * How the desktop app quits: the operator confirms (tray "Quit…", app menu, Ctrl+Q), then
 * `before-quit` is held back until the engine has closed, then the app quits for real. Quits
 * the OS starts (logout, SIGTERM) skip the dialog but still close the engine. A shutdown that
 * overruns its deadline exits anyway. No Electron import: the app's functions come in as
 * parameters, so this is unit-tested with fakes.
 */
import type { Logger } from '../logging/logger';

export interface QuitControllerOptions {
  /** Shows the confirmation dialog; resolves true to quit. */
  confirm(): Promise<boolean>;
  /** app.quit(): emits before-quit, closes windows. */
  quit(): void;
  /** app.exit(code): no events, immediate. */
  exit(code: number): void;
  /** Closes the engine and everything around it. */
  shutdown(): Promise<void>;
  shutdownTimeoutMs: number;
  logger: Logger;
}

type QuitState = 'running' | 'confirming' | 'shutting-down' | 'done';

export class QuitController {
  private state: QuitState = 'running';
  private quitDecided = false;

  constructor(private readonly options: QuitControllerOptions) {}

  /** True once quitting was decided: windows close for real instead of hiding to the tray. */
  get quitting(): boolean {
    return this.quitDecided;
  }

  /** Asks the operator, and quits if they confirm. Ignored while a dialog or a quit is under way. */
  async requestQuit(): Promise<void> {
    if (this.state !== 'running') return;
    this.state = 'confirming';
    let confirmed = false;
    try {
      confirmed = await this.options.confirm();
    } catch (err) {
      this.options.logger.warn('Quit confirmation failed', { error: err instanceof Error ? err.message : String(err) });
    }
    if (this.state !== 'confirming') return; // the OS started a quit meanwhile
    if (!confirmed) {
      this.state = 'running';
      return;
    }
    this.state = 'running';
    this.quitDecided = true;
    this.options.quit();
  }

  /** The app's `before-quit` handler. */
  onBeforeQuit(event: { preventDefault(): void }): void {
    this.quitDecided = true;
    if (this.state === 'done') return;
    event.preventDefault();
    if (this.state === 'shutting-down') return;
    this.state = 'shutting-down';
    const { logger, shutdownTimeoutMs } = this.options;
    logger.info('Quitting: closing the engine');

    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), shutdownTimeoutMs);
    });
    const closed = this.options.shutdown().then(
      () => 'closed' as const,
      (err: unknown) => {
        logger.error('Engine shutdown failed', { error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
        return 'failed' as const;
      },
    );
    void Promise.race([closed, deadline]).then((outcome) => {
      clearTimeout(timer);
      this.state = 'done';
      if (outcome === 'timeout') {
        logger.error(`Engine shutdown took longer than ${shutdownTimeoutMs} ms; exiting anyway`);
        this.options.exit(1);
        return;
      }
      this.options.quit();
    });
  }
}
