import type { MissingCapabilities } from '../../conformance/event-store.conformance';

/** What the KurrentDB adapter is excused from in the conformance suite, and why. */
export const KURRENTDB_LACKS: MissingCapabilities = {
  eventIdsUniqueAcrossStreams:
    'KurrentDB checks event ids per stream only (its idempotency covers the recent events of the stream written to), ' +
    'and the adapter does not keep a second, global index of ids beside it; the same id in another stream is stored there again',
};
