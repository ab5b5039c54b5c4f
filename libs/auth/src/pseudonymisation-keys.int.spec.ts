import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPseudonymisationKeys } from './pseudonymisation-keys';

describe('loadPseudonymisationKeys', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pseudonymisation-keys-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, content: string) => {
    const file = join(dir, name);
    writeFileSync(file, content);
    return file;
  };

  describe('development keys (embedded mode)', () => {
    it('creates a 32-byte key per kommune once, in a 0600 file in a new directory, and reuses them', () => {
      const developmentKeysFile = join(dir, 'data', 'development-pseudonymisation-keys.json');
      const first = loadPseudonymisationKeys({ developmentKeysFile, kommuneCodes: ['101', '851'] });
      expect(first.development).toBe(true);
      expect([...first.keys.keys()].sort()).toEqual(['101', '851']);
      expect(first.keys.get('101')).toHaveLength(32);
      expect(first.keys.get('101')!.equals(first.keys.get('851')!)).toBe(false);
      expect(statSync(developmentKeysFile).mode & 0o777).toBe(0o600);

      const second = loadPseudonymisationKeys({ developmentKeysFile, kommuneCodes: ['101', '851'] });
      expect(second.keys).toEqual(first.keys);
    });

    it('adds a key for a kommune added later without replacing the others', () => {
      const developmentKeysFile = join(dir, 'keys.json');
      const first = loadPseudonymisationKeys({ developmentKeysFile, kommuneCodes: ['101'] });
      const second = loadPseudonymisationKeys({ developmentKeysFile, kommuneCodes: ['101', '147'] });
      expect(second.keys.get('101')).toEqual(first.keys.get('101'));
      expect(second.keys.get('147')).toHaveLength(32);
      expect(loadPseudonymisationKeys({ developmentKeysFile, kommuneCodes: ['101', '147'] }).keys).toEqual(second.keys);
      expect(statSync(developmentKeysFile).mode & 0o777).toBe(0o600);
    });
  });

  describe('production keys file', () => {
    it('reads the kommuner it names; the others have no key', () => {
      const k101 = randomBytes(32);
      const k851 = randomBytes(48);
      const keysFile = write('keys.json', JSON.stringify({ '101': k101.toString('base64'), '851': k851.toString('base64') }));
      const loaded = loadPseudonymisationKeys({
        keysFile,
        developmentKeysFile: join(dir, 'never.json'),
        kommuneCodes: ['101', '147', '851'],
      });
      expect(loaded.development).toBe(false);
      expect(loaded.keys).toEqual(
        new Map([
          ['101', k101],
          ['851', k851],
        ]),
      );
      expect(() => statSync(join(dir, 'never.json'))).toThrow(/ENOENT/);
    });

    it('refuses a key shorter than 32 bytes, naming the file and the kommune', () => {
      const keysFile = write(
        'keys.json',
        JSON.stringify({ '101': randomBytes(32).toString('base64'), '851': randomBytes(31).toString('base64') }),
      );
      expect(() => loadPseudonymisationKeys({ keysFile, kommuneCodes: [] })).toThrow(
        `pseudonymisation keys file ${keysFile}, kommune 851: the key is 31 bytes, at least 32 are needed`,
      );
    });

    it('refuses malformed JSON naming the file, without quoting its content', () => {
      const secret = randomBytes(32).toString('base64');
      const keysFile = write('keys.json', `{ "101": "${secret}", }`);
      let message = '';
      try {
        loadPseudonymisationKeys({ keysFile, kommuneCodes: [] });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toBe(`pseudonymisation keys file ${keysFile} is not valid JSON`);
      expect(message).not.toContain(secret);
    });

    it('refuses a key that is not base64, a name that is not a kommune code, a key shared by two kommuner, and a missing file', () => {
      const shared = randomBytes(32).toString('base64');
      expect(() => loadPseudonymisationKeys({ keysFile: write('a.json', '{"101": "not base64!"}'), kommuneCodes: [] })).toThrow(
        /kommune 101: the key must be a base64 string/,
      );
      expect(() => loadPseudonymisationKeys({ keysFile: write('b.json', `{"Kbh": "${shared}"}`), kommuneCodes: [] })).toThrow(
        /kommune Kbh: the name must be a 3-digit kommune code/,
      );
      expect(() =>
        loadPseudonymisationKeys({ keysFile: write('c.json', `{"101": "${shared}", "851": "${shared}"}`), kommuneCodes: [] }),
      ).toThrow(/kommune 851: the key is the same as kommune 101's/);
      expect(() => loadPseudonymisationKeys({ keysFile: join(dir, 'absent.json'), kommuneCodes: [] })).toThrow(
        /absent\.json cannot be read \(ENOENT\)/,
      );
    });

    it('is required when there is no development keys file', () => {
      expect(() => loadPseudonymisationKeys({ kommuneCodes: ['101'] })).toThrow(/PSEUDONYMISATION_KEYS_FILE/);
    });
  });

  it('writes the development keys as base64 JSON the production loader also reads', () => {
    const developmentKeysFile = join(dir, 'dev.json');
    const { keys } = loadPseudonymisationKeys({ developmentKeysFile, kommuneCodes: ['101'] });
    expect(JSON.parse(readFileSync(developmentKeysFile, 'utf8'))).toEqual({ '101': keys.get('101')!.toString('base64') });
    expect(loadPseudonymisationKeys({ keysFile: developmentKeysFile, kommuneCodes: [] }).keys).toEqual(keys);
  });
});
