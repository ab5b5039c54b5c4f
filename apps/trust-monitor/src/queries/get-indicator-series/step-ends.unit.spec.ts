import { stepEnds } from './step-ends';

const at = (iso: string) => new Date(iso);
const isoList = (dates: Date[]) => dates.map((d) => d.toISOString());

describe('the step ends of a chart series (Europe/Copenhagen calendar)', () => {
  it('puts week ends at Monday 00:00 local time, CET and CEST alike', () => {
    // 2026-03-29 is the change to summer time: Monday 2026-03-23 00:00 CET = 22 Mar 23:00Z, Monday 30 Mar 00:00 CEST = 29 Mar 22:00Z.
    expect(isoList(stepEnds('week', at('2026-03-20T12:00:00Z'), at('2026-04-06T00:00:00Z')))).toEqual([
      '2026-03-22T23:00:00.000Z',
      '2026-03-29T22:00:00.000Z',
      '2026-04-05T22:00:00.000Z',
    ]);
  });

  it('puts month ends at the 1st, 00:00 local time, and includes `to` but not `from`', () => {
    expect(isoList(stepEnds('month', at('2025-12-31T23:00:00Z'), at('2026-04-30T22:00:00Z')))).toEqual([
      // 1 January 00:00 CET is `from` itself: (from, to] leaves it out.
      '2026-01-31T23:00:00.000Z',
      '2026-02-28T23:00:00.000Z',
      '2026-03-31T22:00:00.000Z',
      '2026-04-30T22:00:00.000Z',
    ]);
  });

  it('starts from the next Monday when `from` is a Monday after midnight, and gives nothing for a short span', () => {
    expect(isoList(stepEnds('week', at('2026-01-05T10:00:00Z'), at('2026-01-12T00:00:00Z')))).toEqual(['2026-01-11T23:00:00.000Z']);
    expect(stepEnds('week', at('2026-01-06T00:00:00Z'), at('2026-01-08T00:00:00Z'))).toEqual([]);
  });
});
