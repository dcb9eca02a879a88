import { useCallback, useEffect, useRef, useState } from 'react';
import type { SelfTestResult } from '../../src-main/api/contract';
import { errorMessage } from '../api/api-client-error';
import { useApiClient } from './api-context';

/** Long enough to prove FFmpeg keeps up, short enough to wait for. */
export const SELF_TEST_SECONDS = 3;

export type SelfTestRun =
  | { status: 'idle' }
  | { status: 'running' }
  | { status: 'done'; result: SelfTestResult }
  /** The engine refused or the call failed (FFmpeg missing, one already running, link lost). */
  | { status: 'error'; message: string };

/** Runs `media.selfTest` on demand and remembers the last outcome; `onSettled` runs after each. */
export function useFfmpegSelfTest(onSettled?: () => void): { run: SelfTestRun; start(): void } {
  const client = useApiClient();
  const [run, setRun] = useState<SelfTestRun>({ status: 'idle' });
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const start = useCallback(() => {
    setRun({ status: 'running' });
    client
      .call('media.selfTest', { seconds: SELF_TEST_SECONDS })
      .then(
        (result) => mounted.current && setRun({ status: 'done', result }),
        (error: unknown) => mounted.current && setRun({ status: 'error', message: errorMessage(error) }),
      )
      .finally(() => mounted.current && onSettled?.());
  }, [client, onSettled]);

  return { run, start };
}
