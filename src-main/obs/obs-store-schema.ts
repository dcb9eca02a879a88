/** The obs domain's slices of the persisted state (spread into store/schema.ts). */
export const obsStateShape = {};
