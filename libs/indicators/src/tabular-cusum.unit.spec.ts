import { MONTGOMERY_TABLE_9_1 } from './montgomery-example-9-1.test-data';
import { tabularCusum } from './tabular-cusum';

describe('tabularCusum', () => {
  const points = tabularCusum(MONTGOMERY_TABLE_9_1, { target: 10, k: 0.5, h: 5 });

  it('follows the recursion C⁺_t = max(0, C⁺_{t−1} + x_t − 10.5) by hand on the first periods', () => {
    // 1: 9.45 − 10.5 = −1.05 → 0; 2: 7.99 → 0; 3: 9.29 → 0; 4: 11.66 − 10.5 = 1.16; 5: 1.16 + 12.16 − 10.5 = 2.82;
    // 6: 2.82 + 10.18 − 10.5 = 2.50; 7: 2.50 + 8.04 − 10.5 = 0.04; 8: 0.04 + 11.46 − 10.5 = 1.00; 9: 1.00 + 9.20 − 10.5 < 0 → 0.
    const expected = [0, 0, 0, 1.16, 2.82, 2.5, 0.04, 1.0, 0];
    expected.forEach((value, index) => expect(points[index]!.upper).toBeCloseTo(value, 10));
    // C⁻_t = max(0, C⁻_{t−1} + 9.5 − x_t): 1: 0.05; 2: 0.05 + 1.51 = 1.56; 3: 1.56 + 0.21 = 1.77; 4: 1.77 − 2.16 < 0 → 0.
    [0.05, 1.56, 1.77, 0].forEach((value, index) => expect(points[index]!.lower).toBeCloseTo(value, 10));
  });

  it('signals first at period 29 with C⁺ = 5.28 and N⁺ = 7, dating the shift to after period 22 (as the book reports)', () => {
    // By hand from period 22 (9.33 → 0): 23: 1.79; 24: 2.79; 25: 2.89; 26: 3.47; 27: 3.35; 28: 4.47; 29: 5.28 > 5.
    [1.79, 2.79, 2.89, 3.47, 3.35, 4.47, 5.28].forEach((value, index) => expect(points[22 + index]!.upper).toBeCloseTo(value, 10));
    const first = points.findIndex((point) => point.signal !== null);
    expect(first + 1).toBe(29);
    expect(points[first]!.signal).toBe('upper');
    expect(points[first]!.upperRun).toBe(7);
    expect(first + 1 - points[first]!.upperRun).toBe(22);
  });

  it('refuses a non-finite observation', () => {
    expect(() => tabularCusum([1, Number.NaN], { target: 0, k: 0.5, h: 5 })).toThrow(RangeError);
  });
});
