/**
 * Quitting, with FAKE app functions (confirm dialog, app.quit, app.exit: the Electron shell
 * cannot run here) and FAKE timers for the shutdown deadline.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QuitController } from '../../../src-main/electron/quit-controller';
import { recordingLogger } from './fakes';

function setup(options: { confirm?: boolean | Promise<boolean>; shutdown?: () => Promise<void> } = {}) {
  const calls: string[] = [];
  const controller: QuitController = new QuitController({
    confirm: vi.fn(async () => {
      calls.push('confirm');
      return options.confirm ?? true;
    }),
    quit: () => {
      calls.push('quit');
      beforeQuit();
    },
    exit: (code) => calls.push(`exit ${code}`),
    shutdown:
      options.shutdown ??
      (async () => {
        calls.push('shutdown');
      }),
    shutdownTimeoutMs: 1000,
    logger: recordingLogger(),
  });
  // Like Electron: app.quit() emits before-quit, and quits only when nobody prevented it.
  function beforeQuit(): void {
    let prevented = false;
    controller.onBeforeQuit({ preventDefault: () => (prevented = true) });
    if (!prevented) calls.push('exited');
  }
  return { controller, calls, beforeQuit };
}

const flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('QuitController', () => {
  it('asks, then holds before-quit until the engine closed, then quits', async () => {
    const { controller, calls } = setup();
    expect(controller.quitting).toBe(false);
    await controller.requestQuit();
    await flush();
    expect(calls).toEqual(['confirm', 'quit', 'shutdown', 'quit', 'exited']);
    expect(controller.quitting).toBe(true);
  });

  it('does nothing when the operator cancels', async () => {
    const { controller, calls } = setup({ confirm: false });
    await controller.requestQuit();
    expect(calls).toEqual(['confirm']);
    expect(controller.quitting).toBe(false);
    // …and can ask again later.
    await controller.requestQuit();
    expect(calls).toEqual(['confirm', 'confirm']);
  });

  it('shows one dialog at a time', async () => {
    let answer!: (v: boolean) => void;
    const { controller, calls } = setup({ confirm: new Promise<boolean>((r) => (answer = r)) });
    const first = controller.requestQuit();
    void controller.requestQuit();
    answer(false);
    await first;
    expect(calls).toEqual(['confirm']);
  });

  it('closes the engine once even when before-quit repeats (OS quit, no dialog)', async () => {
    let finish!: () => void;
    const shutdown = vi.fn(() => new Promise<void>((r) => (finish = r)));
    const { controller, calls, beforeQuit } = setup({ shutdown });
    beforeQuit();
    beforeQuit();
    expect(controller.quitting).toBe(true);
    expect(shutdown).toHaveBeenCalledTimes(1);
    expect(calls).toEqual([]);
    finish();
    await flush();
    expect(calls).toEqual(['quit', 'exited']);
  });

  it('quits even when the engine fails to close', async () => {
    const { calls, beforeQuit } = setup({ shutdown: async () => Promise.reject(new Error('close failed')) });
    beforeQuit();
    await flush();
    expect(calls).toEqual(['quit', 'exited']);
  });

  it('exits with 1 when the shutdown overruns its deadline', async () => {
    const { calls, beforeQuit } = setup({ shutdown: () => new Promise<void>(() => undefined) });
    beforeQuit();
    await vi.advanceTimersByTimeAsync(999);
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toEqual(['exit 1']);
  });
});
