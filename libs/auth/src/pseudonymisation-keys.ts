import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { isKommuneCode } from './roles';

export interface PseudonymisationKeyOptions {
  /** PSEUDONYMISATION_KEYS_FILE: `{ "<kommune code>": "<base64 key>" }`, kept apart from the data. */
  keysFile?: string;
  /** The embedded mode only, e.g. ./data/development-pseudonymisation-keys.json. Ignored when keysFile is set. */
  developmentKeysFile?: string;
  kommuneCodes: readonly string[];
}

export interface PseudonymisationKeys {
  keys: Map<string, Buffer>;
  /** True when the keys are the generated development ones: the caller should warn loudly. */
  development: boolean;
}

export const MIN_PSEUDONYMISATION_KEY_BYTES = 32;

export function loadPseudonymisationKeys(options: PseudonymisationKeyOptions): PseudonymisationKeys {
  if (options.keysFile) return { keys: readKeysFile(options.keysFile), development: false };
  if (options.developmentKeysFile) return { keys: developmentKeys(options.developmentKeysFile, options.kommuneCodes), development: true };
  throw new Error('PSEUDONYMISATION_KEYS_FILE is not set: the pseudonymisation keys are needed to accept identifiers');
}

/**
 * Created once with fresh random keys, then reused: new keys would give every citizen a new pseudonym and cut them
 * off from their history. A kommune added later gets a key; existing keys are never replaced.
 */
function developmentKeys(file: string, kommuneCodes: readonly string[]): Map<string, Buffer> {
  const existing = readKeysFile(file, { mayBeMissing: true });
  const keys = existing ?? new Map<string, Buffer>();
  const missing = kommuneCodes.filter((kommune) => !keys.has(kommune));
  if (existing && missing.length === 0) return keys;
  for (const kommune of missing) {
    if (!isKommuneCode(kommune)) throw new Error(`${kommune} is not a 3-digit kommune code`);
    keys.set(kommune, randomBytes(MIN_PSEUDONYMISATION_KEY_BYTES));
  }

  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temporary, JSON.stringify(Object.fromEntries([...keys].map(([k, v]) => [k, v.toString('base64')])), null, 2) + '\n', {
    mode: 0o600,
  });
  chmodSync(temporary, 0o600); // the mode above is subject to the umask
  try {
    if (existing) {
      renameSync(temporary, file);
      return keys;
    }
    // link() fails if the file exists, so of two processes starting at once only one creates the keys and the
    // other reads them: both then pseudonymise alike.
    try {
      linkSync(temporary, file);
      return keys;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      return developmentKeys(file, kommuneCodes);
    }
  } finally {
    try {
      unlinkSync(temporary);
    } catch {
      // already renamed
    }
  }
}

function readKeysFile(file: string): Map<string, Buffer>;
function readKeysFile(file: string, options: { mayBeMissing: true }): Map<string, Buffer> | undefined;
function readKeysFile(file: string, options: { mayBeMissing?: boolean } = {}): Map<string, Buffer> | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && options.mayBeMissing) return undefined;
    throw new Error(`pseudonymisation keys file ${file} cannot be read (${code ?? String(error)})`, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // The parser's message may quote the file's content, which is key material.
    throw new Error(`pseudonymisation keys file ${file} is not valid JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`pseudonymisation keys file ${file} must hold a JSON object { "<kommune code>": "<base64 key>" }`);
  }

  const keys = new Map<string, Buffer>();
  const owners = new Map<string, string>();
  for (const [kommune, encoded] of Object.entries(parsed)) {
    const where = `pseudonymisation keys file ${file}, kommune ${kommune}`;
    if (!isKommuneCode(kommune)) throw new Error(`${where}: the name must be a 3-digit kommune code`);
    if (typeof encoded !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(encoded.trim()) || encoded.trim().length % 4 !== 0) {
      throw new Error(`${where}: the key must be a base64 string`);
    }
    const key = Buffer.from(encoded.trim(), 'base64');
    if (key.length < MIN_PSEUDONYMISATION_KEY_BYTES) {
      throw new Error(`${where}: the key is ${key.length} bytes, at least ${MIN_PSEUDONYMISATION_KEY_BYTES} are needed`);
    }
    const owner = owners.get(key.toString('hex'));
    if (owner) throw new Error(`${where}: the key is the same as kommune ${owner}'s; every kommune needs its own`);
    owners.set(key.toString('hex'), kommune);
    keys.set(kommune, key);
  }
  return keys;
}
