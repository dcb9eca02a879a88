import type { ProcedureDef, TopicDef } from '../api/define';

/** The obs domain's procedures and topics; spread into the engine's one contract (api/contract.ts). */
export const obsProcedures = {} satisfies Record<string, ProcedureDef>;

export const obsTopics = {} satisfies Record<string, TopicDef>;
