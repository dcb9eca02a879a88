import { useCallback, useEffect, useState } from 'react';
import type { SupervisedProcessInfo } from '../../src-main/api/contract';
import type { ApiClientError } from '../api/api-client-error';
import { useApiClient } from './api-context';
import { useIsConnected } from './use-connection-state';

/** How often the list is re-read while a process runs, to keep its progress (fps) current. */
const PROGRESS_REFRESH_MS = 2_000;

export interface MediaProcessesState {
  /** Undefined until the first snapshot. */
  processes: SupervisedProcessInfo[] | undefined;
  error: ApiClientError | undefined;
  /** Reads the list now: for changes the topic does not announce (a process removed). */
  reread(): void;
}

/**
 * The supervised FFmpeg processes, live from the `media.processes` topic. The topic announces
 * state changes only, so while something runs the list is also re-read every 2 s. Whichever
 * list arrived last wins: the engine answers calls and sends events in order on one link.
 */
export function useMediaProcesses(): MediaProcessesState {
  const client = useApiClient();
  const connected = useIsConnected();
  const [state, setState] = useState<Omit<MediaProcessesState, 'reread'>>({ processes: undefined, error: undefined });

  useEffect(
    () =>
      client.subscribe('media.processes', {}, {
        onData: (processes) => setState({ processes, error: undefined }),
        onError: (error) => setState((s) => ({ ...s, error })),
      }),
    [client],
  );

  const reread = useCallback(() => {
    client.call('media.processes', {}).then(
      (processes) => setState({ processes, error: undefined }),
      () => undefined, // The topic keeps the list; it is just not refreshed this time.
    );
  }, [client]);

  const anyRunning = state.processes?.some((p) => p.state === 'running') ?? false;
  useEffect(() => {
    if (!connected || !anyRunning) return;
    const timer = setInterval(reread, PROGRESS_REFRESH_MS);
    return () => clearInterval(timer);
  }, [connected, anyRunning, reread]);

  return { ...state, reread };
}
