import { copenhagenMidnight } from '@tillidsbarometer/domain';
import { DAY, calendarDate, copenhagenOffset, isoInstant, localDay, localMidnight, weekday, workingDayOnOrAfter } from './copenhagen-time';

describe('Copenhagen time', () => {
  it('agrees with the domain (a time-zone library) on local midnight for every day of 2023-2027', () => {
    const first = Date.UTC(2023, 0, 1) / 1000 / DAY;
    const last = Date.UTC(2027, 11, 31) / 1000 / DAY;
    for (let day = first; day <= last; day++) {
      expect(localMidnight(day) * 1000).toBe(copenhagenMidnight(calendarDate(day)));
    }
  });

  it('switches to summer time at 01:00 UTC on the last Sunday of March and back on the last Sunday of October', () => {
    const at = (iso: string) => Date.parse(iso) / 1000;
    expect(copenhagenOffset(at('2025-03-30T00:59:59Z'))).toBe(3600);
    expect(copenhagenOffset(at('2025-03-30T01:00:00Z'))).toBe(7200);
    expect(copenhagenOffset(at('2025-10-26T00:59:59Z'))).toBe(7200);
    expect(copenhagenOffset(at('2025-10-26T01:00:00Z'))).toBe(3600);
    expect(copenhagenOffset(at('2024-12-31T23:30:00Z'))).toBe(3600);
  });

  it('puts an instant on its local day', () => {
    expect(calendarDate(localDay(Date.parse('2025-06-30T22:30:00Z') / 1000))).toBe('2025-07-01');
    expect(calendarDate(localDay(Date.parse('2025-01-01T22:30:00Z') / 1000))).toBe('2025-01-01');
  });

  it('knows working days', () => {
    const saturday = Date.UTC(2025, 4, 3) / 1000 / DAY;
    expect(weekday(saturday)).toBe(5);
    expect(calendarDate(workingDayOnOrAfter(saturday))).toBe('2025-05-05');
  });

  it('writes instants as toISOString does', () => {
    for (const iso of ['2024-02-29T23:59:59.000Z', '2025-01-01T00:00:00.000Z', '2030-07-15T08:05:09.000Z']) {
      expect(isoInstant(Date.parse(iso) / 1000)).toBe(iso);
    }
  });
});
