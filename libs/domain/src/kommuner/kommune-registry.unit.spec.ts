import { KOMMUNE_CODES, KOMMUNER, isKommuneCode, kommuneByCode } from './kommune-registry';

describe('the kommune registry', () => {
  it('holds the 98 kommuner, each once, in the five regions with their known numbers of kommuner', () => {
    expect(new Set(KOMMUNE_CODES).size).toBe(98);
    expect(KOMMUNE_CODES.every((code) => /^\d{3}$/.test(code))).toBe(true);
    const perRegion: Record<string, number> = {};
    for (const kommune of KOMMUNER) perRegion[kommune.region] = (perRegion[kommune.region] ?? 0) + 1;
    expect(perRegion).toEqual({
      'Region Hovedstaden': 29,
      'Region Sjælland': 17,
      'Region Syddanmark': 22,
      'Region Midtjylland': 19,
      'Region Nordjylland': 11,
    });
  });

  it('knows codes and refuses others', () => {
    expect(kommuneByCode('101')?.name).toBe('København');
    expect(kommuneByCode('851')?.name).toBe('Aalborg');
    expect(isKommuneCode('100')).toBe(false);
    expect(isKommuneCode(101)).toBe(false);
  });
});
