import type { SupervisedProcessInfo } from '../../../src-main/api/contract';
import { stateHint, stateLabel, stateTone } from './media-process-format';

/** A coloured pill with the process state in words. */
export function ProcessStateBadge({ state }: { state: SupervisedProcessInfo['state'] }) {
  return (
    <span className={`state-badge ${stateTone(state)}`} title={stateHint(state)} data-state={state}>
      {stateLabel(state)}
    </span>
  );
}
