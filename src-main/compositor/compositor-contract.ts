import type { ProcedureDef, TopicDef } from '../api/define';

/** The compositor domain's procedures and topics; spread into the engine's one contract (api/contract.ts). */
export const compositorProcedures = {} satisfies Record<string, ProcedureDef>;

export const compositorTopics = {} satisfies Record<string, TopicDef>;
