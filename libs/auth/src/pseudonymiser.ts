import { createHmac } from 'node:crypto';

export type PseudonymKind = 'citizen' | 'caseworker';

const KINDS: readonly string[] = ['citizen', 'caseworker'];

/**
 * Pseudonymisation at the door (DOMAIN.md, Personal data): a CPR number or caseworker id is replaced by an HMAC
 * under its kommune's key before anything is stored. The same person gets the same pseudonym within a kommune,
 * unrelated ones across kommuner, and without the key it cannot be reversed by hashing every CPR number.
 */
export class Pseudonymiser {
  // A private field, so the keys appear in no log line or inspection of the object.
  readonly #keys: ReadonlyMap<string, Buffer>;

  constructor(keys: ReadonlyMap<string, Buffer>) {
    this.#keys = new Map([...keys].map(([kommune, key]) => [kommune, Buffer.from(key)]));
  }

  /** Lowercase hex HMAC-SHA256 of `${kind}:${value}`: the kind keeps a citizen and a caseworker with the same id apart. */
  pseudonymise(kommune: string, kind: PseudonymKind, value: string): string {
    if (!KINDS.includes(kind)) throw new Error(`a pseudonym is for a citizen or a caseworker, not ${String(kind)}`);
    if (typeof value !== 'string' || value === '') throw new Error(`an empty ${kind} identifier cannot be pseudonymised`);
    // Never another kommune's key: pseudonyms would then link across kommuner.
    const key = this.#keys.get(kommune);
    if (!key) throw new Error(`no pseudonymisation key for kommune ${kommune}`);
    return createHmac('sha256', key).update(`${kind}:${value}`, 'utf8').digest('hex');
  }

  hasKey(kommune: string): boolean {
    return this.#keys.has(kommune);
  }
}
