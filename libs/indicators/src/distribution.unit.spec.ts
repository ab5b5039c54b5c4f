import { distribution } from './distribution';

describe('distribution', () => {
  it('answers n, median and p90 (R type 7)', () => {
    // Days to decision 1..10, shuffled. By hand: median h = 4.5 -> 5 + 0.5 · 1 = 5.5; p90 h = 8.1 -> 9.1.
    expect(distribution([7, 3, 10, 1, 5, 9, 2, 8, 6, 4])).toEqual({ n: 10, median: 5.5, p90: expect.closeTo(9.1, 12) });
  });

  it('agrees with numpy’s documented example', () => {
    // np.percentile([[10, 7, 4], [3, 2, 1]], 50) = 3.5 (numpy.percentile docstring); p90 by hand:
    // sorted 1, 2, 3, 4, 7, 10, h = 5 · 0.9 = 4.5 -> 7 + 0.5 · 3 = 8.5.
    expect(distribution([10, 7, 4, 3, 2, 1])).toEqual({ n: 6, median: 3.5, p90: 8.5 });
  });

  it('answers the value itself for n = 1', () => {
    expect(distribution([12.5])).toEqual({ n: 1, median: 12.5, p90: 12.5 });
  });

  it('has null figures when n is 0 (CONTRACT.md section 3)', () => {
    expect(distribution([])).toEqual({ n: 0, median: null, p90: null });
  });

  it('does not change its input', () => {
    const values = [3, 1, 2];
    distribution(values);
    expect(values).toEqual([3, 1, 2]);
  });

  it('throws RangeError on a value that is not a finite number', () => {
    expect(() => distribution([1, Number.NaN])).toThrow(RangeError);
  });
});
