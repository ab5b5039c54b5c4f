/*
 * An independent, in-memory reference implementation of CONTRACT.md sections 3 (indicators) and 4 (case-level
 * flags), as read by docs/contract-readings.md, written from the documents only. The tests use it as an oracle
 * against the product. Plain loops: it only has to handle a few thousand events.
 */
export { referenceIndicators } from './indicators';
export { referenceFlags } from './flags';
export { copenhagenMidnight, DAY_MS } from './time';
export { wilsonInterval, percentileType7, WILSON_Z } from './statistics';
export * from './types';
