/**
 * An expectation that takes decimals to 9 places and everything else exactly: figures computed in SQL (float8)
 * and in JavaScript agree to far more than that, and hand arithmetic carries 10 places.
 */
export function closeTo(value: unknown): unknown {
  if (typeof value === 'number' && !Number.isInteger(value)) return expect.closeTo(value, 9);
  if (Array.isArray(value)) return value.map(closeTo);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, closeTo(v)]));
  return value;
}
