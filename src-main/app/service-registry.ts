import type { Logger } from '../logging/logger';
import type { Service } from './service';

const CLOSE_TIMEOUT_MS = 4_000;

/**
 * Holds services in the order they were created and closes them in reverse, so nothing is
 * closed while something that depends on it is still running (Companion's Registry).
 */
export class ServiceRegistry {
  private readonly services: Service[] = [];

  constructor(private readonly logger: Logger) {}

  add<T extends Service>(service: T): T {
    this.services.push(service);
    return service;
  }

  async closeAll(): Promise<void> {
    for (const service of this.services.splice(0).reverse()) {
      const started = Date.now();
      try {
        await withTimeout(Promise.resolve(service.close()), CLOSE_TIMEOUT_MS, `closing ${service.name}`);
        this.logger.debug(`Closed ${service.name}`, { ms: Date.now() - started });
      } catch (err) {
        this.logger.error(`Failed to close ${service.name}`, { error: err });
      }
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
