import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import {
  approximateBernoulliCusumThreshold,
  bernoulliCusumArl,
  bernoulliCusumScore,
  bernoulliCusumStep,
  bernoulliCusumThreshold,
  bernoulliCusumWeights,
  type BatchSize,
} from './bernoulli-cusum';

describe('the Bernoulli CUSUM', () => {
  const design = { p0: 0.2, oddsRatio: 2 };

  it('weighs a case by the log-likelihood ratio, worked by hand', () => {
    // ln(1 − 0.2 + 2·0.2) = ln 1.2 = 0.1823216; late: ln 2 − ln 1.2 = ln(5/3) = 0.5108256; on time: −0.1823216.
    const weights = bernoulliCusumWeights(design);
    expect(weights.late).toBeCloseTo(Math.log(5 / 3), 12);
    expect(weights.onTime).toBeCloseTo(-Math.log(1.2), 12);
    // The weights are log-likelihood ratios: P(late | p1)/P(late | p0) with p1 = 2·0.2/(1 + 0.2) = 1/3, so 1/3 ÷ 0.2 = 5/3.
  });

  it('accumulates weekly batches, C_t = max(0, C_{t−1} + ΣW), by hand', () => {
    // (10, 2): 2·0.5108256 − 8·0.1823216 = 1.0216512 − 1.4585728 = −0.4369216 → 0.
    // (10, 5): 5·0.5108256 − 5·0.1823216 = 2.554128 − 0.911608 = 1.64252 → 1.64252.
    // (10, 4): 4·0.5108256 − 6·0.1823216 = 2.0433024 − 1.0939296 = 0.9493728 → 2.5918928.
    // (0, 0): no cases, no change.
    const batches = [
      { n: 10, late: 2 },
      { n: 10, late: 5 },
      { n: 10, late: 4 },
      { n: 0, late: 0 },
    ];
    const path: number[] = [];
    batches.reduce((previous, batch) => {
      const next = bernoulliCusumStep(previous, batch, design);
      path.push(next);
      return next;
    }, 0);
    expect(bernoulliCusumScore(batches[0]!, design)).toBeCloseTo(-0.4369216, 6);
    expect(path[0]).toBe(0);
    expect(path[1]).toBeCloseTo(1.64252, 5);
    expect(path[2]).toBeCloseTo(2.5918928, 5);
    expect(path[3]).toBe(path[2]);
  });

  it('refuses impossible batches and designs', () => {
    expect(() => bernoulliCusumScore({ n: 3, late: 4 }, design)).toThrow(RangeError);
    expect(() => bernoulliCusumScore({ n: 2.5, late: 1 }, design)).toThrow(RangeError);
    expect(() => bernoulliCusumWeights({ p0: 0, oddsRatio: 2 })).toThrow(RangeError);
    expect(() => bernoulliCusumWeights({ p0: 0.2, oddsRatio: 1 })).toThrow(RangeError);
  });
});

describe('the run length of the Bernoulli CUSUM (Brook & Evans Markov chain)', () => {
  // An independent exact method on a lattice: with OR = 2 and p0 = 2^{1/4} − 1, ln(1 − p0 + 2p0) = ln 2^{1/4}, so a
  // late case weighs +3u and an on-time one −u with u = ln 2 / 4. One case per batch: the CUSUM lives on 0, u, 2u, …
  // and, signalling above H·u, is a finite chain whose ARL solves a small linear system exactly (done here by hand-coded
  // elimination, independently of the library's discretisation).
  const latticeP0 = 2 ** 0.25 - 1;
  const u = Math.LN2 / 4;
  function exactLatticeArl(top: number, p: number): number {
    const size = top + 1;
    const a = Array.from({ length: size }, () => new Array<number>(size).fill(0));
    const b = new Array<number>(size).fill(1);
    for (let i = 0; i < size; i++) {
      a[i]![i]! += 1;
      if (i + 3 <= top) a[i]![i + 3]! -= p;
      a[i]![Math.max(0, i - 1)]! -= 1 - p;
    }
    for (let k = 0; k < size; k++) {
      for (let i = k + 1; i < size; i++) {
        const factor = a[i]![k]! / a[k]![k]!;
        for (let j = k; j < size; j++) a[i]![j]! -= factor * a[k]![j]!;
        b[i]! -= factor * b[k]!;
      }
    }
    const x = new Array<number>(size).fill(0);
    for (let i = size - 1; i >= 0; i--) {
      let sum = b[i]!;
      for (let j = i + 1; j < size; j++) sum -= a[i]![j]! * x[j]!;
      x[i] = sum / a[i]![i]!;
    }
    return x[0]!;
  }

  it.each([
    [10, latticeP0],
    [10, 0.3],
    [16, latticeP0],
    [16, 0.3],
  ])('agrees within 3 %% with the exact lattice chain (H = %i, true p = %f)', (top, p) => {
    const exact = exactLatticeArl(top, p);
    // h between two lattice points, where the discretised chain does not have to decide on which side a point falls.
    const markov = bernoulliCusumArl({ p0: latticeP0, oddsRatio: 2, h: (top + 0.5) * u, batchSize: { fixed: 1 }, p });
    expect(Math.abs(markov / exact - 1)).toBeLessThan(0.03);
  });

  /** The mean run length and its standard error over `runs` simulated charts, on a seeded generator. */
  function simulateArl(p0: number, h: number, meanCases: number, runs: number, seed: number): { mean: number; se: number } {
    const generator = xoroshiro128plus(seed);
    const uniform = () => uniformFloat64(generator);
    const late = Math.log(2) - Math.log(1 + p0);
    const onTime = -Math.log(1 + p0);
    const poisson = (mean: number) => {
      // Inversion by sequential search (Devroye 1986, X.3.3): fine for the small means used here.
      let k = 0;
      let probability = Math.exp(-mean);
      let cumulative = probability;
      const target = uniform();
      while (target > cumulative) {
        k++;
        probability *= mean / k;
        cumulative += probability;
      }
      return k;
    };
    const lengths: number[] = [];
    for (let run = 0; run < runs; run++) {
      let statistic = 0;
      let t = 0;
      do {
        t++;
        const n = poisson(meanCases);
        let y = 0;
        for (let i = 0; i < n; i++) if (uniform() < p0) y++;
        statistic = Math.max(0, statistic + y * late + (n - y) * onTime);
      } while (statistic <= h);
      lengths.push(t);
    }
    const mean = lengths.reduce((sum, x) => sum + x, 0) / runs;
    const variance = lengths.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (runs - 1);
    return { mean, se: Math.sqrt(variance / runs) };
  }

  it.each([
    [0.25, 2, 3],
    [0.1, 5, 3.5],
    [0.25, 30, 4],
  ])('agrees with a seeded simulation of 3,000 charts (p0 = %f, Poisson(%f) cases a week, h = %f)', (p0, meanCases, h) => {
    const markov = bernoulliCusumArl({ p0, oddsRatio: 2, h, batchSize: { poissonMean: meanCases } });
    const simulated = simulateArl(p0, h, meanCases, 3_000, 20_261_130);
    // Within 4 standard errors of the simulation, and within 5 % (the discretisation error of 200 cells).
    expect(Math.abs(markov - simulated.mean)).toBeLessThan(4 * simulated.se + 0.05 * simulated.mean);
    expect(Math.abs(markov / simulated.mean - 1)).toBeLessThan(0.08);
  });

  it('finds the h whose ARL0 is the one asked, and the closed form stays within a factor of 2 of it', () => {
    for (const p0 of [0.1, 0.25, 0.45]) {
      for (const batchSize of [{ poissonMean: 1 }, { poissonMean: 5 }, { poissonMean: 30 }, { fixed: 12 }] as BatchSize[]) {
        const h = bernoulliCusumThreshold({ p0, oddsRatio: 2, arl0: 500, batchSize, cells: 100 });
        // Scores live on a lattice, so the ARL is a step function of h (in truth and in the chain): the answer is where it
        // crosses 500, which a little below and a little above h bracket (the cells add a few per cent of noise).
        const arlAt = (at: number) => bernoulliCusumArl({ p0, oddsRatio: 2, h: at, batchSize, cells: 100 });
        expect(arlAt(h - 0.05)).toBeLessThan(500 * 1.05);
        expect(arlAt(h + 0.05)).toBeGreaterThan(500 * 0.95);
        const approximate = approximateBernoulliCusumThreshold({ p0, oddsRatio: 2, arl0: 500, batchSize });
        const arl = bernoulliCusumArl({ p0, oddsRatio: 2, h: approximate, batchSize, cells: 100 });
        expect(arl / 500).toBeGreaterThan(0.5);
        expect(arl / 500).toBeLessThan(2);
      }
    }
  });

  it('floors the closed-form h at 0 for batches so large that one week rarely scores above 0 in control', () => {
    // 400 cases a week at p0 = 0.45: E₀ΣW = −400·0.0568 = −22.7 with sd ≈ 6.6, so P(ΣW > 0) ≈ 3e-4 and even h = 0 runs
    // for thousands of weeks: the approximation (which is conservative here) must not go below 0.
    const h = approximateBernoulliCusumThreshold({ p0: 0.45, oddsRatio: 2, arl0: 1000, batchSize: { poissonMean: 400 } });
    expect(h).toBeGreaterThanOrEqual(0);
    expect(bernoulliCusumArl({ p0: 0.45, oddsRatio: 2, h, batchSize: { poissonMean: 400 }, cells: 60 })).toBeGreaterThan(1000);
  });

  it('runs much shorter when the odds have doubled (ARL1 ≪ ARL0)', () => {
    const h = bernoulliCusumThreshold({ p0: 0.25, oddsRatio: 2, arl0: 1000, batchSize: { poissonMean: 30 }, cells: 100 });
    // p1 = 2·0.25/(1 + 0.25) = 0.4; E₁W per case = 0.4·ln 1.6 + 0.6·ln 0.8 = 0.05411, 1.62 a week: h/1.62 ≈ 3.3 weeks plus overshoot.
    const arl1 = bernoulliCusumArl({ p0: 0.25, oddsRatio: 2, h, batchSize: { poissonMean: 30 }, p: 0.4, cells: 100 });
    expect(arl1).toBeGreaterThan(2.5);
    expect(arl1).toBeLessThan(6);
  });
});
