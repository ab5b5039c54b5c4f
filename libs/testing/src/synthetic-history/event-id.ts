import { hashInts } from './random';

// Number.prototype.toString(16) and padStart cost more than everything else of an event: a byte table instead.
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
const hex4 = (word: number) => HEX[(word >>> 8) & 0xff]! + HEX[word & 0xff]!;

/**
 * A UUID (version 4 layout) that names one planned event of one case: the same seed, kommune, case and event
 * give the same id in every run, so a replay is recognised as duplicates by the ingest API. Four 32-bit hashes,
 * each salted first so that their chains are independent (one shared 32-bit state would collide within a few
 * hundred thousand events): 122 bits used, collisions as unlikely as between random v4 UUIDs.
 */
export function deterministicEventId(seedHash: number, kommune: number, caseSerial: number, planIndex: number): string {
  const w0 = hashInts(0x243f6a88, seedHash, kommune, caseSerial, planIndex);
  const w1 = hashInts(0x85a308d3, seedHash, kommune, caseSerial, planIndex);
  const w2 = hashInts(0x13198a2e, seedHash, kommune, caseSerial, planIndex);
  const w3 = hashInts(0x03707344, seedHash, kommune, caseSerial, planIndex);
  const version = (w1 & 0x0fff) | 0x4000;
  const variant = (w2 & 0x3fff) | 0x8000;
  return `${hex4(w0 >>> 16)}${hex4(w0)}-${hex4(w1 >>> 16)}-${hex4(version)}-${hex4(variant)}-${hex4(w2 >>> 16)}${hex4(w3 >>> 16)}${hex4(w3)}`;
}
