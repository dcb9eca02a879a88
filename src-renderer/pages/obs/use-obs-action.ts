import { useCallback, useState } from 'react';
import type { ProcedureInput, ProcedureName } from '../../../src-main/api/contract';
import { errorMessage } from '../../api/api-client-error';
import { useApiClient } from '../../hooks/api-context';

/** Calls a procedure from a button: one at a time, with the engine's message kept when it fails. */
export function useObsAction() {
  const client = useApiClient();
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const run = useCallback(
    async <P extends ProcedureName>(key: string, name: P, input: ProcedureInput<P>): Promise<boolean> => {
      setBusy(key);
      setProblem(null);
      try {
        await client.call(name, input);
        return true;
      } catch (error) {
        setProblem(errorMessage(error));
        return false;
      } finally {
        setBusy(null);
      }
    },
    [client],
  );

  return { busy, problem, run, clearProblem: () => setProblem(null) };
}
