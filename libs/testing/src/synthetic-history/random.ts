import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

// Bound once: under Jest every lookup of a global (Math) goes through the vm context and costs a hundred times more.
const { floor, log, exp, sqrt, cos, imul, PI } = Math;

/** A 32-bit avalanche mix (the finaliser of Chris Wellons' "lowbias32"): nearby inputs give unrelated outputs. */
export function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit hash of a few integers, in order. */
export function hashInts(...values: number[]): number {
  let h = 0x9e3779b9;
  for (const value of values) h = mix32(h + imul(mix32(value), 0x85ebca77) + (floor(value / 0x1_0000_0000) | 0));
  return h;
}

/**
 * The random draws of the generator, on a pure-rand xoroshiro128+ stream. One stream per kommune, so that a
 * kommune's history does not depend on which other kommuner are generated with it.
 */
export class Random {
  private readonly generator;

  constructor(seed: number) {
    this.generator = xoroshiro128plus(seed | 0);
    // xoroshiro128plus(seed) starts from a state with few set bits; its first outputs are poorly mixed.
    for (let i = 0; i < 16; i++) this.generator.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    return uniformFloat64(this.generator);
  }

  between(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  /** A whole number in [low, high], both included. */
  int(low: number, high: number): number {
    return low + floor((high - low + 1) * this.next());
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  exponential(mean: number): number {
    return -mean * log(1 - this.next());
  }

  /** Standard normal (Box-Muller; one of the pair is dropped so that every call costs the same draws). */
  normal(): number {
    const u = 1 - this.next();
    return sqrt(-2 * log(u)) * cos(2 * PI * this.next());
  }

  /** Poisson by inversion (Knuth): means here are small (a handful of contacts). */
  poisson(mean: number): number {
    const limit = exp(-mean);
    let count = 0;
    let product = this.next();
    while (product > limit) {
      count++;
      product *= this.next();
    }
    return count;
  }

  /** An index drawn with the given weights (which need not sum to 1). */
  pick(weights: readonly number[]): number {
    let total = 0;
    for (const weight of weights) total += weight;
    let u = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      u -= weights[i]!;
      if (u < 0) return i;
    }
    return weights.length - 1;
  }
}

export function logistic(x: number): number {
  return 1 / (1 + exp(-x));
}

export function logit(p: number): number {
  return log(p / (1 - p));
}
