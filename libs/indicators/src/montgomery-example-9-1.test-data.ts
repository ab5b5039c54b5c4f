// Montgomery, Introduction to Statistical Quality Control (6th ed.), Table 9.1 / Example 9.1: 30 observations, the
// first 20 from N(10, 1), the last 10 from N(11, 1); tabular CUSUM with μ0 = 10, σ = 1, k = 0.5 (K = 0.5), h = 5 (H = 5).
export const MONTGOMERY_TABLE_9_1 = [
  9.45, 7.99, 9.29, 11.66, 12.16, 10.18, 8.04, 11.46, 9.2, 10.34, 9.03, 11.47, 10.51, 9.4, 10.08, 9.37, 10.62, 10.31, 8.52, 10.84, 10.9,
  9.33, 12.29, 11.5, 10.6, 11.08, 10.38, 11.62, 11.31, 10.52,
];
