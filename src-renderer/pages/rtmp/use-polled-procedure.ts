import { useEffect } from 'react';
import type { ProcedureInput, ProcedureName } from '../../../src-main/api/contract';
import { useProcedure, type ProcedureState } from '../../hooks/use-procedure';

/** A read-only procedure, asked again every `intervalMs` (for lists no topic carries). */
export function usePolledProcedure<P extends ProcedureName>(name: P, input: ProcedureInput<P>, intervalMs: number): ProcedureState<P> {
  const state = useProcedure(name, input);
  const { reload } = state;
  useEffect(() => {
    const timer = setInterval(reload, intervalMs);
    return () => clearInterval(timer);
  }, [reload, intervalMs]);
  return state;
}
