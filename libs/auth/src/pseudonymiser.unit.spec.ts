import { Pseudonymiser } from './pseudonymiser';

// The key bytes 0x00, 0x01, ..., 0x1f.
const KEY_HEX = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
const key = Buffer.from(KEY_HEX, 'hex');
const otherKey = Buffer.alloc(32, 0xab);

describe('Pseudonymiser', () => {
  const pseudonymiser = new Pseudonymiser(
    new Map([
      ['101', key],
      ['851', otherKey],
    ]),
  );

  it('is the HMAC-SHA256 of "<kind>:<value>" under the kommune key, as openssl computes it', () => {
    // printf 'citizen:0101901234' | openssl dgst -sha256 -mac HMAC -macopt hexkey:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
    expect(pseudonymiser.pseudonymise('101', 'citizen', '0101901234')).toBe(
      '774d014cca7243dd38b5bdb492e0ac36024da6decc363d29cdd6744cd7d32bdb',
    );
    // printf 'caseworker:0101901234' | openssl dgst -sha256 -mac HMAC -macopt hexkey:<same key>
    expect(pseudonymiser.pseudonymise('101', 'caseworker', '0101901234')).toBe(
      'a22d96a4122d68998ca7f6e20e72c144790a1403392c12cc99f43435776ae248',
    );
    // printf 'citizen:Søren' | openssl ... (UTF-8 bytes, as bash in a UTF-8 locale writes them)
    expect(pseudonymiser.pseudonymise('101', 'citizen', 'Søren')).toBe('0959c7b516711dd9c2c7ec32e42fe16c12bd8baa37a5901281764d5861de14d6');
  });

  it('gives the same person different pseudonyms in different kommuner', () => {
    expect(pseudonymiser.pseudonymise('851', 'citizen', '0101901234')).not.toBe(pseudonymiser.pseudonymise('101', 'citizen', '0101901234'));
  });

  it('keeps citizens and caseworkers with the same identifier apart', () => {
    expect(pseudonymiser.pseudonymise('101', 'citizen', 'AB12')).not.toBe(pseudonymiser.pseudonymise('101', 'caseworker', 'AB12'));
  });

  it('refuses a kommune without a key, naming it, rather than using another kommune key', () => {
    expect(() => pseudonymiser.pseudonymise('147', 'citizen', '0101901234')).toThrow('no pseudonymisation key for kommune 147');
  });

  it('never puts the input in its output or its errors', () => {
    const cpr = '0101901234';
    const pseudonym = pseudonymiser.pseudonymise('101', 'citizen', cpr);
    expect(pseudonym).toMatch(/^[0-9a-f]{64}$/);
    expect(pseudonym).not.toContain(cpr);
    expect(() => pseudonymiser.pseudonymise('999', 'citizen', cpr)).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining(cpr) }),
    );
  });

  it('is not changed by later changes to the map or buffers it was given', () => {
    const keys = new Map([['101', Buffer.from(key)]]);
    const own = new Pseudonymiser(keys);
    keys.get('101')!.fill(0);
    keys.delete('101');
    expect(own.pseudonymise('101', 'citizen', '0101901234')).toBe('774d014cca7243dd38b5bdb492e0ac36024da6decc363d29cdd6744cd7d32bdb');
  });

  it('refuses an empty identifier, which would give every blank the same pseudonym', () => {
    expect(() => pseudonymiser.pseudonymise('101', 'citizen', '')).toThrow(/empty citizen identifier/);
  });
});
