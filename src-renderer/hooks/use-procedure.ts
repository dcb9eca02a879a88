import { useCallback, useEffect, useState } from 'react';
import type { ProcedureInput, ProcedureName, ProcedureOutput } from '../../src-main/api/contract';
import { ApiClientError } from '../api/api-client-error';
import { useApiClient } from './api-context';
import { useIsConnected } from './use-connection-state';

export interface ProcedureState<P extends ProcedureName> {
  data: ProcedureOutput<P> | undefined;
  error: ApiClientError | undefined;
  loading: boolean;
  /** When `data` was received (ms since epoch). */
  receivedAt: number | undefined;
  reload(): void;
}

/** Calls a read-only procedure on mount and again every time the engine (re)connects. */
export function useProcedure<P extends ProcedureName>(name: P, input: ProcedureInput<P>): ProcedureState<P> {
  const client = useApiClient();
  const connected = useIsConnected();
  const inputKey = JSON.stringify(input);
  const [generation, setGeneration] = useState(0);
  const [state, setState] = useState<Omit<ProcedureState<P>, 'reload'>>({
    data: undefined,
    error: undefined,
    loading: true,
    receivedAt: undefined,
  });

  useEffect(() => {
    if (!connected) return;
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    client.call(name, JSON.parse(inputKey) as ProcedureInput<P>).then(
      (data) => current && setState({ data, error: undefined, loading: false, receivedAt: Date.now() }),
      (error: unknown) =>
        current &&
        setState((s) => ({
          ...s,
          loading: false,
          error: error instanceof ApiClientError ? error : new ApiClientError('internal', String(error), name),
        })),
    );
    return () => {
      current = false;
    };
  }, [client, name, inputKey, connected, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}
