/**
 * A long-lived part of the engine. `close()` is idempotent; after it, methods throw ClosedError.
 */
export interface Service {
  readonly name: string;
  close(): Promise<void> | void;
}
