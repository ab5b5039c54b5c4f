import { FUNNEL_Z_95, FUNNEL_Z_998, funnelAnalysis, funnelLimits, winsorise } from './funnel';

describe('funnel plots with over-dispersion (Spiegelhalter 2005)', () => {
  it('uses the 97.5 % and 99.9 % normal quantiles for the 95 % and 99.8 % limits', () => {
    expect(FUNNEL_Z_95).toBeCloseTo(1.959964, 6);
    expect(FUNNEL_Z_998).toBeCloseTo(3.090232, 6);
  });

  describe('winsorise', () => {
    it('pulls the values beyond the type-7 10 % and 90 % quantiles in to them, keeping the order given', () => {
      // Sorted: -3, -2.5, -2, -2, -1, 1, 1, 2, 2.5, 4. h = 9 · 0.1 = 0.9: -3 + 0.9 · (-2.5 - -3) = -2.55;
      // h = 9 · 0.9 = 8.1: 2.5 + 0.1 · (4 - 2.5) = 2.65.
      const winsorised = winsorise([2, -2, 1, -1, 4, -2, 1, -3, 2.5, -2.5]);
      const expected = [2, -2, 1, -1, 2.65, -2, 1, -2.55, 2.5, -2.5];
      winsorised.forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 12));
    });

    it('changes nothing at 0 % and refuses a fraction of a half or more', () => {
      expect(winsorise([3, -9, 1], 0)).toEqual([3, -9, 1]);
      expect(() => winsorise([1, 2], 0.5)).toThrow(RangeError);
      expect(winsorise([])).toEqual([]);
    });
  });

  describe('funnelLimits', () => {
    it('is p0 ± z·√(p0(1 − p0)/n) without over-dispersion', () => {
      // p0 = 0.2, n = 100: s = √(0.16/100) = 0.04. 95 %: 0.2 ± 1.959964 · 0.04 = 0.2 ± 0.0783986.
      const [low, high] = funnelLimits(0.2, 100, 0, FUNNEL_Z_95);
      expect(low).toBeCloseTo(0.1216014, 6);
      expect(high).toBeCloseTo(0.2783986, 6);
    });

    it('widens by τ² and clamps to [0, 1]', () => {
      // n = 25: s² = 0.16/25 = 0.0064; with τ² = 0.0036: √0.01 = 0.1; 99.8 %: 0.2 ± 0.3090232 -> [0 (clamped), 0.5090232].
      const [low, high] = funnelLimits(0.2, 25, 0.0036, FUNNEL_Z_998);
      expect(low).toBe(0);
      expect(high).toBeCloseTo(0.5090232, 6);
    });

    it('refuses a target of 0 or 1 and a denominator of 0', () => {
      expect(() => funnelLimits(0, 10, 0, 2)).toThrow(RangeError);
      expect(() => funnelLimits(0.5, 0, 0, 2)).toThrow(RangeError);
    });
  });

  describe('funnelAnalysis', () => {
    // Ten units chosen so that every s_i is round: p0 = 260/1300 = 0.2, p0(1 - p0) = 0.16, s_i = 0.4/√n_i:
    // n = 25 -> s = 0.08, n = 100 -> s = 0.04, n = 400 -> s = 0.02.
    const overdispersed = [
      { numerator: 9, denominator: 25 }, // y = 0.36, z = 0.16/0.08 = 2
      { numerator: 1, denominator: 25 }, // y = 0.04, z = -2
      { numerator: 7, denominator: 25 }, // y = 0.28, z = 1
      { numerator: 3, denominator: 25 }, // y = 0.12, z = -1
      { numerator: 36, denominator: 100 }, // y = 0.36, z = 0.16/0.04 = 4
      { numerator: 12, denominator: 100 }, // y = 0.12, z = -2
      { numerator: 24, denominator: 100 }, // y = 0.24, z = 1
      { numerator: 8, denominator: 100 }, // y = 0.08, z = -3
      { numerator: 100, denominator: 400 }, // y = 0.25, z = 0.05/0.02 = 2.5
      { numerator: 60, denominator: 400 }, // y = 0.15, z = -2.5
    ];

    it('estimates φ from the winsorised z-scores and τ² by the additive random-effects method', () => {
      const analysis = funnelAnalysis(overdispersed);
      expect(analysis.target).toBe(0.2);
      expect(analysis.units).toBe(10);
      // Winsorised (see winsorise above): 2, -2, 1, -1, 2.65, -2, 1, -2.55, 2.5, -2.5.
      // Σ z² = 4 + 4 + 1 + 1 + 7.0225 + 4 + 1 + 6.5025 + 6.25 + 6.25 = 41.025; φ = 41.025/10 = 4.1025.
      expect(analysis.phi).toBeCloseTo(4.1025, 12);
      // w = 1/s²: 156.25 (×4), 625 (×4), 2,500 (×2). Σw = 625 + 2,500 + 5,000 = 8,125.
      // Σw² = 4 · 24,414.0625 + 4 · 390,625 + 2 · 6,250,000 = 14,160,156.25; Σw²/Σw = 1,742.7884615.
      // Iφ = 41.025 > I - 1 = 9: τ² = (41.025 - 9)/(8,125 - 1,742.7884615) = 32.025/6,382.2115385 = 0.00501785311.
      expect(analysis.tau2).toBeCloseTo(0.00501785311, 10);
    });

    it('places each unit against the adjusted limits', () => {
      const analysis = funnelAnalysis(overdispersed);
      const point = analysis.points[4]!; // 36 of 100
      expect(point.rate).toBe(0.36);
      expect(point.z).toBeCloseTo(4, 12);
      // √(0.0016 + 0.00501785311) = 0.0813502; 0.16/0.0813502 = 1.9668055: just beyond 1.959964, well within 3.090232.
      expect(point.zAdjusted).toBeCloseTo(1.9668055, 6);
      expect(point.outside95).toBe('above');
      expect(point.outside998).toBeNull();
      // 95 % limits for n = 100: 0.2 ± 1.959964 · 0.0813502 = 0.2 ± 0.1594434.
      expect(point.limits95[0]).toBeCloseTo(0.0405566, 6);
      expect(point.limits95[1]).toBeCloseTo(0.3594434, 6);
      // 99.8 % for n = 400: √(0.0004 + 0.00501785) = 0.0736061; 0.2 ± 3.090232 · 0.0736061 = 0.2 ± 0.2274600.
      expect(analysis.points[8]!.limits998[0]).toBe(0); // -0.0274600, clamped
      expect(analysis.points[8]!.limits998[1]).toBeCloseTo(0.42746, 5);
      // 8 of 100: z = -3 plain, which the unadjusted 99.8 % limits would call an outlier; adjusted
      // -0.12/0.0813502 = -1.4751042: inside both.
      expect(analysis.points[7]!.zAdjusted).toBeCloseTo(-1.4751042, 6);
      expect(analysis.points[7]!.outside998).toBeNull();
    });

    it('keeps τ² at 0 when the winsorised z-scores show no over-dispersion, so one real outlier stands out', () => {
      // Ten units of 100 (s = 0.04), p0 = 200/1,000 = 0.2: one at 36 (z = 4), four at 16 (z = -1), five at 20 (z = 0).
      const units = [36, 16, 16, 16, 16, 20, 20, 20, 20, 20].map((numerator) => ({ numerator, denominator: 100 }));
      const analysis = funnelAnalysis(units);
      // Sorted z: -1 ×4, 0 ×5, 4. 10 % quantile: h = 0.9 between -1 and -1 -> -1; 90 %: h = 8.1 -> 0 + 0.1 · 4 = 0.4.
      // Winsorised Σ z² = 0.4² + 4 · 1 = 4.16; φ = 0.416; Iφ = 4.16 <= 9: τ² = 0 (without winsorising, Σ z² = 20 > 9).
      expect(analysis.phi).toBeCloseTo(0.416, 12);
      expect(analysis.tau2).toBe(0);
      const outlier = analysis.points[0]!;
      expect(outlier.zAdjusted).toBeCloseTo(4, 12);
      expect(outlier.outside998).toBe('above');
      // 99.8 %: 0.2 ± 3.090232 · 0.04 = [0.0763907, 0.3236093].
      expect(outlier.limits998[0]).toBeCloseTo(0.0763907, 6);
      expect(outlier.limits998[1]).toBeCloseTo(0.3236093, 6);
      expect(analysis.points[1]!.outside95).toBeNull();
    });

    it('gives null for a unit without a denominator and leaves it out of p0, φ and τ²', () => {
      const analysis = funnelAnalysis([...overdispersed, { numerator: 0, denominator: 0 }]);
      expect(analysis.points[10]).toBeNull();
      expect(analysis.units).toBe(10);
      expect(analysis.tau2).toBeCloseTo(0.00501785311, 10);
    });

    it('refuses what cannot make a funnel', () => {
      expect(() => funnelAnalysis([{ numerator: 1, denominator: 4 }])).toThrow(/at least two units/);
      expect(() =>
        funnelAnalysis([
          { numerator: 0, denominator: 4 },
          { numerator: 0, denominator: 9 },
        ]),
      ).toThrow(/strictly between 0 and 1/);
      expect(() =>
        funnelAnalysis([
          { numerator: 5, denominator: 4 },
          { numerator: 1, denominator: 9 },
        ]),
      ).toThrow(RangeError);
    });
  });
});
