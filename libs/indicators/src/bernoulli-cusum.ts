import { requireAtLeast, requireFinite, requireOpenProbability } from './argument-checks';

// Bound once: under Jest every lookup of a global (Math) goes through the vm context and costs far more.
const { log, exp, ceil, floor, max, abs, sqrt } = Math;

/** One batch of cases judged at once (a week): how many were judged and how many of them went wrong. */
export interface CaseBatch {
  n: number;
  late: number;
}

/** The in-control share and the deterioration the chart is tuned to detect, as an odds ratio (2: the odds double). */
export interface BernoulliCusumDesign {
  p0: number;
  oddsRatio: number;
}

/**
 * The log-likelihood-ratio weights of one case (Steiner, Cook, Farewell & Treasure 2000, Biostatistics 1:441-452;
 * Reynolds & Stoumbos 1999, JQT 31:87-108): a case that went wrong adds `late = ln OR − ln(1 − p0 + OR·p0)`, one that
 * went right adds `onTime = − ln(1 − p0 + OR·p0)`. They are the log of P(outcome | odds × OR) / P(outcome | p0).
 */
export function bernoulliCusumWeights(design: BernoulliCusumDesign): { late: number; onTime: number } {
  checkDesign(design);
  const normaliser = log(1 - design.p0 + design.oddsRatio * design.p0);
  return { late: log(design.oddsRatio) - normaliser, onTime: -normaliser };
}

/** The sum of the weights of a batch: `late · ln OR − n · ln(1 − p0 + OR·p0)`. */
export function bernoulliCusumScore(batch: CaseBatch, design: BernoulliCusumDesign): number {
  checkBatch(batch);
  const { late, onTime } = bernoulliCusumWeights(design);
  return batch.late * late + (batch.n - batch.late) * onTime;
}

/** One step of the upper CUSUM on a batch: `C_t = max(0, C_{t−1} + Σ W)`. */
export function bernoulliCusumStep(previous: number, batch: CaseBatch, design: BernoulliCusumDesign): number {
  requireAtLeast('previous', previous, 0);
  return max(0, previous + bernoulliCusumScore(batch, design));
}

/** How the number of cases per batch is modelled for the run length: always `n`, or Poisson with mean `n`. */
export type BatchSize = { fixed: number } | { poissonMean: number };

export interface RunLengthQuestion extends BernoulliCusumDesign {
  /** The decision interval: the chart signals when the statistic exceeds it. */
  h: number;
  batchSize: BatchSize;
  /** The true share of the cases (default p0: the in-control run length, ARL0). */
  p?: number;
  /** Cells of [0, h] in the Markov chain (default 200): more is more exact and slower (cubic). */
  cells?: number;
}

/**
 * The average run length (in batches) of the upper Bernoulli CUSUM started at 0, by the Markov-chain method of
 * Brook & Evans (1972, Biometrika 59:539-549): [0, h] is cut into `cells` intervals plus an atom at 0, the statistic is
 * kept at the midpoint of its interval, and the expected time to absorption solves (I − R)·ARL = 1, with R the
 * transitions between the states that do not signal. The error is of the order of the cell width; the tests check the
 * answer against a seeded simulation.
 */
export function bernoulliCusumArl(question: RunLengthQuestion): number {
  const { h } = question;
  requireAtLeast('h', h, 0);
  if (h === 0) throw new RangeError('h must be positive');
  const cells = question.cells ?? 200;
  if (!Number.isInteger(cells) || cells < 2) throw new RangeError(`cells must be a whole number of at least 2, got ${cells}`);
  const width = h / cells;
  const increments = scoreDistribution(question);
  // From a cell's midpoint (i − 0.5)·w, a score W lands in cell ceil(i − 0.5 + W/w) = i + shift(W): the shift does not
  // depend on i, so one distribution of shifts serves every cell. From the atom at 0 the cell is ceil(W/w).
  const fromCell = new Map<number, number>();
  const fromZero = new Map<number, number>();
  for (const [score, probability] of increments) {
    add(fromCell, ceil(score / width - 0.5), probability);
    add(fromZero, ceil(score / width), probability);
  }
  const states = cells + 1; // 0 (the atom) and cells 1..cells
  // A = I − R, row-major; then A·ARL = 1 by Gaussian elimination (A is diagonally dominant by rows: no pivoting needed).
  const a = new Float64Array(states * states);
  for (let i = 0; i < states; i++) {
    a[i * states + i] = 1;
    for (const [shift, probability] of i === 0 ? fromZero : fromCell) {
      const target = i + shift;
      if (target > cells) continue; // signal: absorbed
      const at = i * states + max(0, target); // at or below 0: back to the atom
      a[at] = a[at]! - probability;
    }
  }
  return solveForOnes(a, states)[0]!;
}

/**
 * The decision interval h whose in-control ARL (in batches) is `arl0`, for batches of about `batchSize` cases:
 * ln ARL0 grows almost linearly in h (Wald: ARL0 ≈ (e^h − h − 1)/|E₀W|), so a secant search on ln ARL0 converges
 * in a few Markov-chain solutions.
 */
export function bernoulliCusumThreshold(design: BernoulliCusumDesign & { arl0: number; batchSize: BatchSize; cells?: number }): number {
  checkDesign(design);
  requireAtLeast('arl0', design.arl0, 1.5);
  const target = log(design.arl0);
  const gap = (h: number) => log(bernoulliCusumArl({ ...design, h, p: design.p0 })) - target;
  // Wald's approximation without the overshoot, e^h − h − 1 = ARL0·|E₀W|: a start close to the answer.
  const drift = abs(expectedScore(design, design.batchSize, design.p0));
  let high = max(0.1, waldBoundary(design.arl0 * drift));
  let fHigh = gap(high);
  while (fHigh < 0) {
    high += 1;
    fHigh = gap(high);
  }
  let low = max(0.01, high - 1);
  let fLow = gap(low);
  while (fLow > 0 && low > 0.01) {
    low = max(0.01, low - 1);
    fLow = gap(low);
  }
  if (fLow > 0) return low; // even a tiny h runs longer than asked (too few cases to ever signal sooner)
  // Regula falsi with the Illinois modification: ln ARL0 is nearly linear in h, so a few solutions suffice.
  let side = 0;
  for (let iteration = 0; iteration < 60; iteration++) {
    const h = (low * fHigh - high * fLow) / (fHigh - fLow);
    const f = gap(h);
    if (abs(f) < 1e-4 || high - low < 1e-6) return h;
    if (f > 0) {
      high = h;
      fHigh = f;
      if (side === 1) fLow /= 2;
      side = 1;
    } else {
      low = h;
      fLow = f;
      if (side === -1) fHigh /= 2;
      side = -1;
    }
  }
  return (low + high) / 2;
}

/**
 * The decision interval for an in-control ARL of `arl0` batches, in closed form: Siegmund's corrected diffusion
 * approximation (Siegmund 1985, Sequential Analysis, ch. X.2; for a log-likelihood-ratio score the root θ of
 * E₀[e^{θW}] = 1 is exactly 1) gives ARL0 ≈ (e^b − b − 1)/|E₀W| with b = h + 2·0.583·σ, σ the standard deviation of
 * a batch's score. Solved for h and floored at 0: when batches are so large that a single batch rarely scores above 0
 * in control, even h = 0 runs longer than asked. Cheap enough to call for every series every week; the tests bound
 * its error against the Markov chain (`bernoulliCusumArl`).
 */
export function approximateBernoulliCusumThreshold(design: BernoulliCusumDesign & { arl0: number; batchSize: BatchSize }): number {
  checkDesign(design);
  requireAtLeast('arl0', design.arl0, 1.5);
  const { late, onTime } = bernoulliCusumWeights(design);
  const { p0 } = design;
  const fixed = 'fixed' in design.batchSize;
  const n = fixed ? (design.batchSize as { fixed: number }).fixed : (design.batchSize as { poissonMean: number }).poissonMean;
  requireAtLeast('batch size', n, 0);
  if (n === 0) return 0;
  const drift = abs(expectedScore(design, design.batchSize, p0));
  // A binomial batch: n·Var(W); a Poisson one (compound Poisson): mean·E[W²].
  const meanSquare = p0 * late * late + (1 - p0) * onTime * onTime;
  const caseMean = p0 * late + (1 - p0) * onTime;
  const variance = fixed ? n * (meanSquare - caseMean * caseMean) : n * meanSquare;
  return max(0, waldBoundary(design.arl0 * drift) - 2 * SIEGMUND_OVERSHOOT * sqrt(variance));
}

/** Siegmund's expected overshoot of a normal random walk over a boundary, in standard deviations: −ζ(1/2)/√(2π). */
const SIEGMUND_OVERSHOOT = 0.583;

/** The x > 0 with e^x − x − 1 = y (Newton from above; the function is convex and increasing for x > 0). */
function waldBoundary(y: number): number {
  let x = max(1, log(y + 1) + 1);
  for (let i = 0; i < 100; i++) {
    const next = x - (exp(x) - x - 1 - y) / (exp(x) - 1);
    if (abs(next - x) < 1e-12) return next;
    x = next;
  }
  return x;
}

/** E[Σ W] of one batch when the true share is p: n·(p·ln OR − ln(1 − p0 + OR·p0)). Negative in control. */
export function expectedScore(design: BernoulliCusumDesign, batchSize: BatchSize, p: number): number {
  const { late, onTime } = bernoulliCusumWeights(design);
  const n = 'fixed' in batchSize ? batchSize.fixed : batchSize.poissonMean;
  return n * (p * late + (1 - p) * onTime);
}

/** The distribution of a batch's score Σ W, as [score, probability] pairs (tails below 1e-15 left out). */
function scoreDistribution(question: RunLengthQuestion): Array<[number, number]> {
  checkDesign(question);
  const p = question.p ?? question.p0;
  requireOpenProbability('p', p);
  const { late, onTime } = bernoulliCusumWeights(question);
  const pairs: Array<[number, number]> = [];
  if ('fixed' in question.batchSize) {
    const n = question.batchSize.fixed;
    requireAtLeast('batchSize.fixed', n, 0);
    if (!Number.isInteger(n)) throw new RangeError(`batchSize.fixed must be a whole number, got ${n}`);
    for (const [y, probability] of binomialPmf(n, p)) pairs.push([y * late + (n - y) * onTime, probability]);
  } else {
    const mean = question.batchSize.poissonMean;
    requireAtLeast('batchSize.poissonMean', mean, 0);
    // Poisson thinning: the late and the on-time counts are independent Poisson variables.
    const lateCounts = poissonPmf(mean * p);
    const onTimeCounts = poissonPmf(mean * (1 - p));
    for (const [y, py] of lateCounts) for (const [z, pz] of onTimeCounts) pairs.push([y * late + z * onTime, py * pz]);
  }
  return pairs;
}

function binomialPmf(n: number, p: number): Array<[number, number]> {
  const logP = log(p);
  const logQ = log(1 - p);
  const out: Array<[number, number]> = [];
  let logChoose = 0; // ln C(n, y), built up term by term
  for (let y = 0; y <= n; y++) {
    if (y > 0) logChoose += log(n - y + 1) - log(y);
    const probability = exp(logChoose + y * logP + (n - y) * logQ);
    if (probability > 1e-15) out.push([y, probability]);
  }
  return out;
}

function poissonPmf(mean: number): Array<[number, number]> {
  if (mean === 0) return [[0, 1]];
  const out: Array<[number, number]> = [];
  const spread = 12 * sqrt(mean) + 30;
  const last = ceil(mean + spread);
  let logFactorial = 0;
  for (let k = 0; k <= last; k++) {
    if (k > 0) logFactorial += log(k);
    if (k < floor(mean - spread)) continue;
    const probability = exp(k * log(mean) - mean - logFactorial);
    if (probability > 1e-15) out.push([k, probability]);
  }
  return out;
}

function add(map: Map<number, number>, key: number, value: number): void {
  map.set(key, (map.get(key) ?? 0) + value);
}

/** Solves A·x = 1 for a dense row-major A without pivoting (A = I − R with R substochastic is diagonally dominant by rows). */
function solveForOnes(a: Float64Array, size: number): Float64Array {
  const b = new Float64Array(size).fill(1);
  for (let k = 0; k < size; k++) {
    const pivot = a[k * size + k]!;
    for (let i = k + 1; i < size; i++) {
      const factor = a[i * size + k]! / pivot;
      if (factor === 0) continue;
      const rowI = i * size;
      const rowK = k * size;
      for (let j = k; j < size; j++) a[rowI + j] = a[rowI + j]! - factor * a[rowK + j]!;
      b[i] = b[i]! - factor * b[k]!;
    }
  }
  const x = new Float64Array(size);
  for (let i = size - 1; i >= 0; i--) {
    let sum = b[i]!;
    for (let j = i + 1; j < size; j++) sum -= a[i * size + j]! * x[j]!;
    x[i] = sum / a[i * size + i]!;
  }
  return x;
}

function checkDesign(design: BernoulliCusumDesign): void {
  requireOpenProbability('p0', design.p0);
  requireFinite('oddsRatio', design.oddsRatio);
  if (design.oddsRatio <= 1) throw new RangeError(`oddsRatio must be above 1 (a deterioration), got ${design.oddsRatio}`);
}

function checkBatch(batch: CaseBatch): void {
  if (!Number.isInteger(batch.n) || batch.n < 0) throw new RangeError(`n must be a whole number >= 0, got ${batch.n}`);
  if (!Number.isInteger(batch.late) || batch.late < 0 || batch.late > batch.n) {
    throw new RangeError(`late must be a whole number in [0, n], got ${batch.late}`);
  }
}
