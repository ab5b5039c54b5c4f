import { generateHistory } from './generate-history';
import { HistoryFacts } from './history-facts';

/*
 * The generated history against the figures it is calibrated to (calibration.ts), measured through the
 * contract's definitions. Tolerances allow for the sampling noise of these runs and for kommuner differing.
 */

const FROM = '2024-01-01T00:00:00.000Z';
const TO = '2026-01-01T00:00:00.000Z';
const odds = (p: number) => p / (1 - p);

describe('calibration: all 98 kommuner over two years at scale 0.15', () => {
  const history = generateHistory({ seed: 2024, from: FROM, to: TO, scale: 0.15 });
  const facts = new HistoryFacts(history.deadlines);
  let figures: ReturnType<HistoryFacts['summary']>;

  beforeAll(() => {
    for (const event of history.events()) facts.add(event);
    figures = facts.summary(TO);
  });

  it('has about 60,000 cases', () => {
    expect(facts.caseCount).toBeGreaterThan(50_000);
    expect(facts.caseCount).toBeLessThan(70_000);
  });

  it('reverses about 4 in 10 of the appeals Ankestyrelsen decides, more than half for children (DOMAIN.md)', () => {
    expect(figures.appealReversal.denominator).toBeGreaterThan(1500);
    expect(figures.appealReversal.value).toBeGreaterThan(0.35);
    expect(figures.appealReversal.value).toBeLessThan(0.45);
    expect(figures.appealReversalChildren.value).toBeGreaterThan(0.45);
    expect(figures.appealReversalChildren.value).toBeGreaterThan(figures.appealReversalOthers.value);
    expect(figures.appealsDismissed).toBeGreaterThan(0);
  });

  it('lets about 18 % of grants start more than 14 days after plannedStart (late_help_start; VIVE: 18 % too late)', () => {
    expect(figures.lateHelpStart.value).toBeGreaterThan(0.15);
    expect(figures.lateHelpStart.value).toBeLessThan(0.21);
  });

  it('decides about a quarter of first decisions after the deadline, some of them with a notice before it', () => {
    expect(figures.lateFirstDecisions.value).toBeGreaterThan(0.2);
    expect(figures.lateFirstDecisions.value).toBeLessThan(0.32);
    expect(figures.noticeBeforeDeadlineOfLate.value).toBeGreaterThan(0.25);
    expect(figures.noticeBeforeDeadlineOfLate.value).toBeLessThan(0.65);
  });

  it('mostly reassesses appeals within 28 days (Rsl. § 66)', () => {
    expect(figures.timelyReassessment.value).toBeGreaterThan(0.75);
    expect(figures.timelyReassessment.value).toBeLessThan(0.95);
  });

  it('gives refusals written reasons mostly, and explains part of them orally, some too late', () => {
    expect(figures.writtenReasons.value).toBeGreaterThan(0.9);
    expect(figures.writtenReasons.value).toBeLessThan(1);
    expect(figures.oralExplanationInTime.value).toBeGreaterThan(0.3);
    expect(figures.oralExplanationInTime.value).toBeLessThan(0.6);
    expect(figures.oralExplanationLateOnly).toBeGreaterThan(0);
  });

  it('has cases without a deadline, cases closed before their deadline, and cases with 3 or more caseworkers in a year', () => {
    expect(figures.casesWithoutDeadline).toBeGreaterThan(0);
    expect(figures.closedBeforeDeadline).toBeGreaterThan(0);
    expect(figures.threeCaseworkersInFirstYear.value).toBeGreaterThan(0.05);
    expect(figures.threeCaseworkersInFirstYear.value).toBeLessThan(0.35);
    expect(facts.sameCaseworkerReassignments).toBeGreaterThan(0);
  });
});

describe('calibration: a deterioration in København', () => {
  const fromWeek = '2025-01-06T00:00:00.000Z';
  const history = generateHistory({
    seed: 7,
    kommuner: ['101'],
    from: FROM,
    to: TO,
    deteriorations: [{ kommune: '101', fromWeek, lateDecisionOddsRatio: 2 }],
  });
  const facts = new HistoryFacts(history.deadlines);

  beforeAll(() => {
    for (const event of history.events()) facts.add(event);
  });

  it('doubles the odds of a late first decision for cases due from that week', () => {
    const split = Date.parse(fromWeek);
    const before = facts.summary(TO, (f) => f.deadlineAt !== undefined && f.deadlineAt < split).lateFirstDecisions;
    const after = facts.summary(TO, (f) => f.deadlineAt !== undefined && f.deadlineAt >= split).lateFirstDecisions;
    expect(before.denominator).toBeGreaterThan(10_000);
    expect(after.denominator).toBeGreaterThan(10_000);
    const ratio = odds(after.value) / odds(before.value);
    expect(ratio).toBeGreaterThan(1.6);
    expect(ratio).toBeLessThan(2.5);
  });

  it('leaves a department it does not name alone', () => {
    const departmentOnly = generateHistory({
      seed: 7,
      kommuner: ['101'],
      from: FROM,
      to: '2025-07-01T00:00:00.000Z',
      deteriorations: [{ kommune: '101', fromWeek, lateDecisionOddsRatio: 4, department: 'jobcenter' }],
    });
    const perDepartment = new HistoryFacts(departmentOnly.deadlines);
    for (const event of departmentOnly.events()) perDepartment.add(event);
    const split = Date.parse(fromWeek);
    const late = (department: string, after: boolean) =>
      perDepartment.summary(
        '2025-07-01T00:00:00.000Z',
        (f) => f.department === department && f.deadlineAt !== undefined && f.deadlineAt >= split === after,
      ).lateFirstDecisions.value;
    expect(odds(late('jobcenter', true)) / odds(late('jobcenter', false))).toBeGreaterThan(2.5);
    const health = odds(late('health', true)) / odds(late('health', false));
    expect(health).toBeGreaterThan(0.7);
    expect(health).toBeLessThan(1.4);
  });
});
