import { summariseAnswers } from '@tillidsbarometer/surveys';
import { trustDropWarnings, type ClosedCitizenRound } from './trust-drop';

const round = (
  measurementId: string,
  closedAt: string,
  help_needed: Record<string, number>,
  extra: Record<string, Record<string, number>> = {},
): ClosedCitizenRound => ({
  measurementId,
  kommune: '101',
  closedAt,
  questions: Object.fromEntries(Object.entries({ help_needed, ...extra }).map(([id, counts]) => [id, summariseAnswers(counts)])),
});

/*
 * Spring {3: 4, 2: 4, 1: 2}: n 10, mean 2.2, sd √(5.6/9) = 0.7888106.
 * Autumn {2: 3, 1: 4, 0: 3}: n 10, mean 1.0, sd √(6/9) = 0.8164966. Fall −1.2, Welch t = −1.2 / 0.3590110 = −3.342516,
 *   df 17.98, two-sided p = 0.003629 (scipy ttest_ind, equal_var=False): fires.
 * Slight {3: 3, 2: 5, 1: 2}: n 10, mean 2.1, sd √(4.9/9) = 0.7378648. Fall −0.1 against spring, t = −0.292770,
 *   p = 0.773061: does not fire.
 */
const spring = round('spring', '2027-04-01T00:00:00.000Z', { '3': 4, '2': 4, '1': 2 });
const autumn = round('autumn', '2027-10-01T00:00:00.000Z', { '2': 3, '1': 4, '0': 3 });

describe('TRUST_DROP', () => {
  it('fires when the citizen mean fell with Welch p < 0.05, at the close of the round that fell', () => {
    const [warning, ...others] = trustDropWarnings([spring, autumn]);
    expect(others).toEqual([]);
    expect(warning).toMatchObject({
      key: 'TRUST_DROP:101:autumn:help_needed',
      code: 'TRUST_DROP',
      kommune: '101',
      department: null,
      series: 'help_needed',
      method: 'welch_t',
      parameters: { alpha: 0.05, minimumAnswers: 5 },
      firedAt: '2027-10-01T00:00:00.000Z',
      clearedAt: null,
      details: { measurementId: 'autumn', previousMeasurementId: 'spring', mean: 1, previousMean: 2.2, n: 10, previousN: 10 },
    });
    expect(warning!.details['p'] as number).toBeCloseTo(0.003629, 6);
    expect(warning!.details['difference'] as number).toBeCloseTo(-1.2, 12);
  });

  it('does not fire for a small fall, a rise, or with fewer than 5 answers on either side', () => {
    expect(trustDropWarnings([spring, round('slight', '2027-10-01T00:00:00Z', { '3': 3, '2': 5, '1': 2 })])).toEqual([]);
    expect(trustDropWarnings([autumn, round('rise', '2028-04-01T00:00:00Z', { '3': 4, '2': 4, '1': 2 })])).toEqual([]);
    expect(trustDropWarnings([spring, round('few', '2027-10-01T00:00:00Z', { '0': 4, ved_ikke: 6 })])).toEqual([]);
  });

  it('compares with the latest earlier round that asked the question, whatever order the closes arrive in', () => {
    const without = { ...round('winter', '2028-01-01T00:00:00Z', {}), questions: {} };
    const later = round('later', '2028-04-01T00:00:00Z', { '2': 3, '1': 4, '0': 3 });
    expect(trustDropWarnings([later, without, spring]).map((w) => [w.key, w.details['previousMeasurementId']])).toEqual([
      ['TRUST_DROP:101:later:help_needed', 'spring'],
    ]);
  });

  it('holds until the next round that asked the question closes', () => {
    const next = round('next', '2028-04-01T00:00:00.000Z', { '2': 3, '1': 4, '0': 3 });
    expect(trustDropWarnings([next, autumn, spring]).map((w) => [w.key, w.clearedAt])).toEqual([
      ['TRUST_DROP:101:autumn:help_needed', '2028-04-01T00:00:00.000Z'],
    ]);
  });

  it('takes alpha from its parameters', () => {
    const drop = round('drop', '2027-10-01T00:00:00Z', { '3': 2, '2': 4, '1': 4 }); // mean 1.8 vs 2.2
    expect(trustDropWarnings([spring, drop], { alpha: 0.5, minimumAnswers: 5 })).toHaveLength(1);
    expect(trustDropWarnings([spring, drop], { alpha: 0.05, minimumAnswers: 5 })).toHaveLength(0);
  });
});
