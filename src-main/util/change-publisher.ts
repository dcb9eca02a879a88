/**
 * Publishes a live list to subscribers: every state change at once, and periodic figure
 * updates (fps, bitrate…) only when something an operator would see has changed.
 */
export class ChangePublisher<T> {
  private lastKey = '';

  constructor(
    private readonly keyOf: (value: T) => string,
    private readonly emit: (value: T) => void,
  ) {}

  /** A state change: always sent. */
  publish(value: T): void {
    this.lastKey = this.keyOf(value);
    this.emit(value);
  }

  /** A periodic update: sent only when its key differs from the last one sent. */
  publishIfChanged(value: T): void {
    const key = this.keyOf(value);
    if (key === this.lastKey) return;
    this.lastKey = key;
    this.emit(value);
  }
}
