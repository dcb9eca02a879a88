/** A value that can be read now and watched for changes (fits React's useSyncExternalStore). */
export interface ReadonlyObservable<T> {
  get(): T;
  /** Calls the listener on every change; returns a function that stops it. */
  subscribe(listener: (value: T) => void): () => void;
}

export class ObservableValue<T> implements ReadonlyObservable<T> {
  private readonly listeners = new Set<(value: T) => void>();

  constructor(private value: T) {}

  get = (): T => this.value;

  subscribe = (listener: (value: T) => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  set(value: T): void {
    if (Object.is(value, this.value)) return;
    this.value = value;
    for (const listener of [...this.listeners]) listener(value);
  }
}
