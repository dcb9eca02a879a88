import type { ChildProcess } from 'node:child_process';
import type { EngineProcess } from '../fixtures/engine-process';

type Step = () => Promise<unknown> | unknown;

/**
 * What a benchmark starts (child processes, engines, and whatever its own steps close) is ended
 * on success, failure, SIGINT/SIGTERM or its deadline; on an unexpected exit, its children and
 * engines are SIGKILLed. One per benchmark process.
 */
export class BenchProcesses {
  readonly children = new Set<ChildProcess>();
  readonly engines = new Set<EngineProcess>();
  private readonly before: Step[] = [];
  private readonly after: Step[] = [];
  private cleaning: Promise<void> | null = null;

  constructor(private readonly name: string) {
    process.once('exit', () => {
      // Last resort (an exception past the handlers): nothing of ours survives us.
      for (const child of this.children) child.kill('SIGKILL');
      for (const engine of this.engines) if (engine.pid && engine.running) process.kill(engine.pid, 'SIGKILL');
    });
    for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
      process.once(signal, () => {
        console.error(`\n${name}: ${signal}, cleaning up`);
        void this.cleanUp().finally(() => process.exit(code));
      });
    }
  }

  /** Ended with the others, and forgotten once it exits. */
  track(child: ChildProcess): ChildProcess {
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
    return child;
  }

  /** A cleanup step run before the children are stopped (e.g. closing browsers). */
  beforeProcesses(step: Step): void {
    this.before.push(step);
  }

  /** A cleanup step run after the children and engines are stopped (e.g. servers, temp dirs). */
  afterProcesses(step: Step): void {
    this.after.push(step);
  }

  cleanUp(): Promise<void> {
    this.cleaning ??= (async () => {
      for (const step of this.before) await Promise.allSettled([Promise.resolve().then(step)]);
      await Promise.allSettled([...this.children].map(stopChild));
      await Promise.allSettled([...this.engines].map(async (e) => { await e.stop(); await e.removeDataDir(); }));
      for (const step of this.after) await Promise.allSettled([Promise.resolve().then(step)]);
    })();
    return this.cleaning;
  }

  /** Cleans up and exits with 1 if the benchmark is still running after `ms`; clear the timer when done. */
  giveUpAfter(ms: number): NodeJS.Timeout {
    const timer = setTimeout(() => {
      console.error(`\n${this.name}: not finished after ${ms / 1000} s, giving up`);
      void this.cleanUp().finally(() => process.exit(1));
    }, ms);
    timer.unref();
    return timer;
  }
}

/** SIGTERM, then SIGKILL after 3 s; resolves when the child has exited. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
  await exited;
  clearTimeout(timer);
}
