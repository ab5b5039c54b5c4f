import { QUESTIONS, TIMING_QUESTION } from '@tillidsbarometer/surveys';
import { demoResponse } from './demo-measurements';

/** A seeded stream for the test (the same recurrence as the demo's). */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe('demo survey responses', () => {
  const random = seeded(7);
  const respondents = 20_000;
  const citizens = Array.from({ length: respondents }, (_, i) => demoResponse(`t${i}`, 'citizen', 0, random));

  it('answer each question with the VIVE 2020 mean of the role: Binomial(3, mean / 3) has mean 3 × mean / 3', () => {
    for (const question of QUESTIONS) {
      const baseline = question.baseline2020.citizen;
      if (baseline === null || question.wording.citizen === null) continue;
      const scored = citizens
        .map((response) => (response['answers'] as Record<string, unknown>)[question.id])
        .filter((answer): answer is number => typeof answer === 'number');
      const mean = scored.reduce((sum, answer) => sum + answer, 0) / scored.length;
      // sd of one answer at most √(3 × ¼) ≈ 0.87; over ~18,800 answers the mean's sd is about 0.0063: 5 sd is 0.032.
      expect(Math.abs(mean - baseline)).toBeLessThan(0.032);
    }
  });

  it('keep about 5 % "ved ikke" and 1 % "nægter at svare" apart', () => {
    const answers = citizens.flatMap((response) => Object.values(response['answers'] as Record<string, unknown>));
    const share = (value: string) => answers.filter((answer) => answer === value).length / answers.length;
    // Binomial shares over ~220,000 answers: sd about 0.0005 and 0.0002.
    expect(share('ved_ikke')).toBeCloseTo(0.05, 2);
    expect(share('naegter_at_svare')).toBeCloseTo(0.01, 2);
  });

  it('draw the timing answer from VIVE 2020 shares, and a department only for staff', () => {
    const shares = TIMING_QUESTION.baseline2020Shares.citizen;
    const total = shares.reduce((sum, share) => sum + share, 0);
    TIMING_QUESTION.categories.forEach((category, index) => {
      const observed = citizens.filter((response) => response['timing'] === category).length / respondents;
      // sd of a share of 20,000 at most 0.0035: 0.015 is more than 4 sd.
      expect(Math.abs(observed - shares[index]! / total)).toBeLessThan(0.015);
    });
    expect(citizens.every((response) => response['department'] === undefined)).toBe(true);
    expect(demoResponse('x', 'caseworker', 0, random)['department']).toEqual(expect.any(String));
  });
});
