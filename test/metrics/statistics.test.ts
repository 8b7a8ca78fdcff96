import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Sampling } from "../../src/metrics/types.ts";
import {
  changeIsSignificant,
  criticalT,
  criticalZ,
  gammaQuantile,
  intervalOf,
  meanFromMoments,
  newcombeDifference,
  npsInterval,
  npsStandardError,
  poissonDifference,
  poissonInterval,
  regularizedGammaP,
  tInterval,
  welchDifference,
  wilsonInterval,
} from "../../src/metrics/statistics/index.ts";

/** Asserts an interval to `digits` decimals (toBeCloseTo: |Δ| < 10^−digits / 2). */
function expectInterval(
  actual: { lo: number; hi: number } | null,
  lo: number,
  hi: number,
  digits = 4,
): void {
  expect(actual).not.toBeNull();
  expect(actual!.lo).toBeCloseTo(lo, digits);
  expect(actual!.hi).toBeCloseTo(hi, digits);
}

/**
 * Independent Wilson check: the bounds are the roots p of the quadratic
 * (1 + z²/n)p² − (2p̂ + z²/n)p + p̂² = 0, solved by the textbook formula.
 */
function wilsonByQuadratic(x: number, n: number, z = 1.959963984540054): [number, number] {
  const ph = x / n;
  const a = 1 + (z * z) / n;
  const b = -(2 * ph + (z * z) / n);
  const c = ph * ph;
  const disc = Math.sqrt(b * b - 4 * a * c);
  return [(-b - disc) / (2 * a), (-b + disc) / (2 * a)];
}

describe("critical values", () => {
  it("z for 95 % is 1.9600 and for 99 % is 2.5758 (standard normal tables)", () => {
    expect(criticalZ(0.95)).toBeCloseTo(1.959964, 6);
    expect(criticalZ(0.99)).toBeCloseTo(2.575829, 6);
  });

  it("t₀.₉₇₅ is 2.2281 with 10 df, 2.1314 with 15 df, 2.0423 with 30 df (Student t tables)", () => {
    expect(criticalT(0.95, 10)).toBeCloseTo(2.2281, 4);
    expect(criticalT(0.95, 15)).toBeCloseTo(2.1314, 4);
    expect(criticalT(0.95, 30)).toBeCloseTo(2.0423, 4);
  });

  it("rejects confidence levels outside (0, 1) and non-positive df", () => {
    for (const c of [0, 1, -0.5, 1.5, Number.NaN, Infinity]) expect(criticalZ(c)).toBeNull();
    expect(criticalT(0.95, 0)).toBeNull();
    expect(criticalT(0.95, Number.NaN)).toBeNull();
    expect(criticalT(0.95, Infinity)).toBeCloseTo(1.959964, 6);
  });
});

describe("wilsonInterval", () => {
  it("30 of 50 gives [0.4618, 0.7239]", () => {
    expectInterval(wilsonInterval(30, 50), 0.4618, 0.7239);
  });

  it("0 of 10 gives lo exactly 0 and hi 0.2775 (Newcombe 1998, Table I)", () => {
    const w = wilsonInterval(0, 10);
    expect(w?.lo).toBe(0);
    expect(w?.hi).toBeCloseTo(0.2775, 4);
  });

  it("10 of 10 gives hi exactly 1 and lo 0.7225 (mirror of 0 of 10)", () => {
    const w = wilsonInterval(10, 10);
    expect(w?.hi).toBe(1);
    expect(w?.lo).toBeCloseTo(0.7225, 4);
  });

  it("81 of 263 gives [0.2553, 0.3662], agreeing with the quadratic-root formula", () => {
    expectInterval(wilsonInterval(81, 263), 0.2553, 0.3662);
    const [lo, hi] = wilsonByQuadratic(81, 263);
    expectInterval(wilsonInterval(81, 263), lo, hi, 12);
  });

  it("widens with the confidence level", () => {
    const w90 = wilsonInterval(30, 50, 0.9)!;
    const w99 = wilsonInterval(30, 50, 0.99)!;
    expect(w99.lo).toBeLessThan(w90.lo);
    expect(w99.hi).toBeGreaterThan(w90.hi);
  });

  it("returns null for n = 0, negative counts, successes > n and bad confidence", () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(wilsonInterval(-1, 10)).toBeNull();
    expect(wilsonInterval(11, 10)).toBeNull();
    expect(wilsonInterval(5, -10)).toBeNull();
    expect(wilsonInterval(5, 10, 1)).toBeNull();
  });

  it("property: lo ≤ p̂ ≤ hi within [0, 1] for all 0 ≤ x ≤ n ≤ 10^6", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n))),
        ([x, n]) => {
          const w = wilsonInterval(x, n);
          expect(w).not.toBeNull();
          const p = x / n;
          expect(0).toBeLessThanOrEqual(w!.lo);
          expect(w!.lo).toBeLessThanOrEqual(p);
          expect(p).toBeLessThanOrEqual(w!.hi);
          expect(w!.hi).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("property: agrees with the quadratic-root formula", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n))),
        ([x, n]) => {
          const [lo, hi] = wilsonByQuadratic(x, n);
          const w = wilsonInterval(x, n)!;
          expect(Math.abs(w.lo - Math.max(lo, 0))).toBeLessThan(1e-9);
          expect(Math.abs(w.hi - Math.min(hi, 1))).toBeLessThan(1e-9);
        },
      ),
    );
  });
});

describe("newcombeDifference (Newcombe 1998, Stat Med 17:873–890, Table II, method 10)", () => {
  it("(a) 56/70 − 48/80 gives (0.0524, 0.3339)", () => {
    expectInterval(newcombeDifference(56, 70, 48, 80), 0.0524, 0.3339);
  });

  it("(b) 9/10 − 3/10 gives (0.1705, 0.8090)", () => {
    expectInterval(newcombeDifference(9, 10, 3, 10), 0.1705, 0.809);
  });

  it("(c) 6/7 − 2/7 gives (0.0582, 0.8062)", () => {
    expectInterval(newcombeDifference(6, 7, 2, 7), 0.0582, 0.8062);
  });

  it("(d) 5/56 − 0/29 gives (−0.0381, 0.1926)", () => {
    expectInterval(newcombeDifference(5, 56, 0, 29), -0.0381, 0.1926);
  });

  it("(e)–(h) zero cells: 0/10 − 0/20 (−0.1611, 0.2775), 0/10 − 0/10 (±0.2775), 10/10 − 0/20 (0.6791, 1), 10/10 − 0/10 (0.6075, 1)", () => {
    expectInterval(newcombeDifference(0, 10, 0, 20), -0.1611, 0.2775);
    expectInterval(newcombeDifference(0, 10, 0, 10), -0.2775, 0.2775);
    expectInterval(newcombeDifference(10, 10, 0, 20), 0.6791, 1);
    expectInterval(newcombeDifference(10, 10, 0, 10), 0.6075, 1);
  });

  it("is antisymmetric: swapping the groups negates and swaps the bounds", () => {
    const ab = newcombeDifference(56, 70, 48, 80)!;
    const ba = newcombeDifference(48, 80, 56, 70)!;
    expect(ba.lo).toBeCloseTo(-ab.hi, 12);
    expect(ba.hi).toBeCloseTo(-ab.lo, 12);
  });

  it("returns null when either group is empty or invalid", () => {
    expect(newcombeDifference(1, 0, 1, 10)).toBeNull();
    expect(newcombeDifference(1, 10, 11, 10)).toBeNull();
  });
});

describe("NPS", () => {
  it("70 promoters and 10 detractors of 100 (NPS 60) have SE = 100·√((0.7 + 0.1 − 0.36)/100) = 6.6332", () => {
    expect(npsStandardError(70, 10, 100)).toBeCloseTo(6.6332, 4);
  });

  it("the 95 % interval of NPS 60 is 60 ± 1.96 × 6.6332 = [46.999, 73.001]", () => {
    expectInterval(npsInterval(70, 10, 100), 60 - 1.959964 * 6.63325, 60 + 1.959964 * 6.63325, 3);
  });

  it("all promoters gives SE 0 and the degenerate interval [100, 100]", () => {
    expect(npsStandardError(50, 0, 50)).toBe(0);
    expect(npsInterval(50, 0, 50)).toEqual({ lo: 100, hi: 100 });
  });

  it("clamps the interval to −100..100", () => {
    const i = npsInterval(9, 0, 10)!;
    expect(i.hi).toBe(100);
    expect(i.lo).toBeGreaterThanOrEqual(-100);
  });

  it("returns null for n = 0, negative counts, or promoters + detractors > n", () => {
    expect(npsStandardError(0, 0, 0)).toBeNull();
    expect(npsStandardError(-1, 0, 10)).toBeNull();
    expect(npsStandardError(6, 5, 10)).toBeNull();
    expect(npsInterval(0, 0, 0)).toBeNull();
  });
});

describe("meanFromMoments", () => {
  it("2, 4, 4, 4, 5, 5, 7, 9 → mean 5, sample sd √(32/7) = 2.1381", () => {
    const xs = [2, 4, 4, 4, 5, 5, 7, 9];
    const m = meanFromMoments({ n: xs.length, sum: 40, sumSq: xs.reduce((s, x) => s + x * x, 0) })!;
    expect(m.mean).toBe(5);
    expect(m.sd).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(m.sd).toBeCloseTo(2.1381, 4);
    expect(m.n).toBe(8);
  });

  it("one observation has sd 0", () => {
    expect(meanFromMoments({ n: 1, sum: 42, sumSq: 1764 })).toEqual({ mean: 42, sd: 0, n: 1 });
  });

  it("identical values give sd exactly 0 despite rounding (ten times 0.1)", () => {
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < 10; i++) {
      sum += 0.1;
      sumSq += 0.01;
    }
    expect(meanFromMoments({ n: 10, sum, sumSq })?.sd).toBe(0);
    expect(meanFromMoments({ n: 3, sum: 3e6, sumSq: 3e12 })?.sd).toBe(0);
  });

  it("returns null for n = 0, non-integer n, negative Σx², or inconsistent moments (Σx² < (Σx)²/n)", () => {
    expect(meanFromMoments({ n: 0, sum: 0, sumSq: 0 })).toBeNull();
    expect(meanFromMoments({ n: 2.5, sum: 5, sumSq: 13 })).toBeNull();
    expect(meanFromMoments({ n: 2, sum: 2, sumSq: -1 })).toBeNull();
    expect(meanFromMoments({ n: 2, sum: 10, sumSq: 20 })).toBeNull();
  });
});

describe("tInterval", () => {
  it("mean 10, sd 2, n 16 gives 10 ± 2.1314 × 0.5 = [8.9343, 11.0657]", () => {
    expectInterval(tInterval(10, 2, 16), 8.9343, 11.0657);
  });

  it("sd 0 gives the point [mean, mean]", () => {
    expect(tInterval(3, 0, 5)).toEqual({ lo: 3, hi: 3 });
  });

  it("returns null for n = 1 (no interval), n = 0, negative sd", () => {
    expect(tInterval(10, 0, 1)).toBeNull();
    expect(tInterval(10, 2, 0)).toBeNull();
    expect(tInterval(10, -2, 16)).toBeNull();
  });
});

describe("welchDifference", () => {
  it("equal sd and n (10, 2, 16 vs 8, 2, 16): ν = 30, SE = √0.5, so 2 ± 2.0423 × 0.7071 = [0.5559, 3.4441]", () => {
    expectInterval(welchDifference({ mean: 10, sd: 2, n: 16 }, { mean: 8, sd: 2, n: 16 }), 0.5559, 3.4441);
  });

  it("unequal (20, 4, 10 vs 15, 3, 20): vA = 1.6, vB = 0.45, ν = 2.05²/(1.6²/9 + 0.45²/19) = 14.2408, t = 2.1414 → [1.9340, 8.0660]", () => {
    const va = 1.6;
    const vb = 0.45;
    const df = (va + vb) ** 2 / (va ** 2 / 9 + vb ** 2 / 19);
    expect(df).toBeCloseTo(14.2408, 4);
    const t = criticalT(0.95, df)!;
    expect(t).toBeCloseTo(2.1414, 4); // between t(14) = 2.1448 and t(15) = 2.1314
    const half = t * Math.sqrt(va + vb);
    expectInterval(welchDifference({ mean: 20, sd: 4, n: 10 }, { mean: 15, sd: 3, n: 20 }), 5 - half, 5 + half, 10);
    expectInterval(welchDifference({ mean: 20, sd: 4, n: 10 }, { mean: 15, sd: 3, n: 20 }), 1.934, 8.066, 3);
  });

  it("one sd 0 uses the other sample's n − 1 df", () => {
    expectInterval(
      welchDifference({ mean: 10, sd: 2, n: 16 }, { mean: 0, sd: 0, n: 5 }),
      10 - 2.1314 * 0.5,
      10 + 2.1314 * 0.5,
      3,
    );
  });

  it("both sd 0 gives the degenerate interval [diff, diff]", () => {
    expect(welchDifference({ mean: 7, sd: 0, n: 3 }, { mean: 4, sd: 0, n: 9 })).toEqual({ lo: 3, hi: 3 });
  });

  it("returns null when either n < 2", () => {
    expect(welchDifference({ mean: 7, sd: 1, n: 1 }, { mean: 4, sd: 1, n: 9 })).toBeNull();
    expect(welchDifference({ mean: 7, sd: 1, n: 9 }, { mean: 4, sd: 0, n: 1 })).toBeNull();
  });
});

describe("Poisson", () => {
  it("regularized gamma P(1, 1) = 1 − e⁻¹ and P(5, 3) = 0.184737", () => {
    expect(regularizedGammaP(1, 1)).toBeCloseTo(1 - Math.exp(-1), 13);
    expect(regularizedGammaP(5, 3)).toBeCloseTo(0.1847367555, 9);
  });

  it("gamma quantile of shape 1 is the exponential quantile −ln(1 − p)", () => {
    for (const p of [0.025, 0.5, 0.975]) expect(gammaQuantile(p, 1)).toBeCloseTo(-Math.log(1 - p), 12);
  });

  it("exact Garwood intervals match the published table: 0 → [0, 3.689], 1 → [0.0253, 5.572], 5 → [1.623, 11.668], 10 → [4.795, 18.390]", () => {
    expectInterval(poissonInterval(0), 0, 3.6889);
    expectInterval(poissonInterval(1), 0.0253, 5.5716);
    expectInterval(poissonInterval(5), 1.6235, 11.6683);
    expectInterval(poissonInterval(10), 4.7954, 18.3904);
    expectInterval(poissonInterval(100), 81.364, 121.6268, 3);
  });

  it("large counts: exact up to shape 1e5, Wilson–Hilferty above, both within 5e-4 of the chi-square quantiles", () => {
    // Reference values: Garwood bounds from chi-square quantiles (scipy.stats.chi2.ppf / 2).
    expectInterval(poissonInterval(99_999), 99_380.1558, 100_620.7416, 3); // exact method
    expectInterval(poissonInterval(100_001), 99_382.1496, 100_622.7478, 3); // Wilson–Hilferty
    const big = poissonInterval(1e9)!;
    expect(big.lo).toBeCloseTo(999_938_021.44, 1);
    expect(big.hi).toBeCloseTo(1_000_061_981.45, 1);
  });

  it("difference of 130 and 100 over equal exposure is 30 ± 1.96·√230 = [0.2757, 59.7243]", () => {
    expectInterval(poissonDifference(130, 100), 0.2757, 59.7243);
  });

  it("returns null for negative or non-finite counts", () => {
    expect(poissonInterval(-1)).toBeNull();
    expect(poissonInterval(Number.NaN)).toBeNull();
    expect(poissonDifference(-1, 3)).toBeNull();
  });
});

describe("intervalOf", () => {
  it("proportion 30/50 → Wilson in percent [46.18, 72.39]", () => {
    expectInterval(intervalOf({ kind: "proportion", successes: 30, n: 50 }), 46.18, 72.39, 2);
  });

  it("nps, mean and count delegate to npsInterval, tInterval and poissonInterval", () => {
    expect(intervalOf({ kind: "nps", promoters: 70, detractors: 10, n: 100 })).toEqual(npsInterval(70, 10, 100));
    expectInterval(intervalOf({ kind: "mean", mean: 10, sd: 2, n: 16 }), 8.9343, 11.0657);
    expectInterval(intervalOf({ kind: "count", count: 10 }), 4.7954, 18.3904);
  });

  it("none, n = 0 and a single observation give null", () => {
    expect(intervalOf({ kind: "none" })).toBeNull();
    expect(intervalOf({ kind: "proportion", successes: 0, n: 0 })).toBeNull();
    expect(intervalOf({ kind: "mean", mean: 5, sd: 0, n: 1 })).toBeNull();
  });
});

describe("changeIsSignificant", () => {
  const prop = (successes: number, n: number): Sampling => ({ kind: "proportion", successes, n });

  it("60 % vs 40 % of 50 (30/50 vs 20/50) is significant, just: Newcombe interval (0.0046, 0.3752) excludes 0", () => {
    expectInterval(newcombeDifference(30, 50, 20, 50), 0.0046, 0.3752);
    expect(changeIsSignificant(prop(30, 50), prop(20, 50))).toBe(true);
  });

  it("the same 60 % vs 40 % of 50 is not significant at 99 %", () => {
    expect(changeIsSignificant(prop(30, 50), prop(20, 50), 0.99)).toBe(false);
  });

  it("600/1000 vs 400/1000 is significant (Newcombe (0.1566, 0.2423))", () => {
    expectInterval(newcombeDifference(600, 1000, 400, 1000), 0.1566, 0.2423);
    expect(changeIsSignificant(prop(600, 1000), prop(400, 1000))).toBe(true);
  });

  it("51/100 vs 50/100 is not significant", () => {
    expect(changeIsSignificant(prop(51, 100), prop(50, 100))).toBe(false);
  });

  it("NPS 60 vs 40 with n 100 each: |20| > 1.96·√(6.633² + SE₂²) decides", () => {
    const cur: Sampling = { kind: "nps", promoters: 70, detractors: 10, n: 100 };
    const prev: Sampling = { kind: "nps", promoters: 55, detractors: 15, n: 100 };
    // SE₂ = 100·√((0.7 − 0.16)/100) = 7.348; threshold 1.96·√(44 + 54) = 19.40 < 20.
    expect(npsStandardError(55, 15, 100)).toBeCloseTo(7.3485, 4);
    expect(changeIsSignificant(cur, prev)).toBe(true);
    expect(changeIsSignificant(cur, { kind: "nps", promoters: 58, detractors: 15, n: 100 })).toBe(false);
  });

  it("means use the Welch interval", () => {
    expect(changeIsSignificant({ kind: "mean", mean: 10, sd: 2, n: 16 }, { kind: "mean", mean: 8, sd: 2, n: 16 })).toBe(
      true,
    );
    expect(changeIsSignificant({ kind: "mean", mean: 10, sd: 2, n: 16 }, { kind: "mean", mean: 9, sd: 2, n: 16 })).toBe(
      false,
    );
    expect(changeIsSignificant({ kind: "mean", mean: 4, sd: 0, n: 3 }, { kind: "mean", mean: 4, sd: 0, n: 3 })).toBe(
      false,
    );
    expect(changeIsSignificant({ kind: "mean", mean: 5, sd: 0, n: 3 }, { kind: "mean", mean: 4, sd: 0, n: 3 })).toBe(
      true,
    );
  });

  it("counts use the Poisson difference: 130 vs 100 is significant, 120 vs 100 is not", () => {
    expect(changeIsSignificant({ kind: "count", count: 130 }, { kind: "count", count: 100 })).toBe(true);
    expect(changeIsSignificant({ kind: "count", count: 120 }, { kind: "count", count: 100 })).toBe(false);
    expect(changeIsSignificant({ kind: "count", count: 0 }, { kind: "count", count: 0 })).toBe(false);
  });

  it("returns null when kinds differ, either side is none, or an interval cannot be computed", () => {
    expect(changeIsSignificant(prop(30, 50), { kind: "count", count: 20 })).toBeNull();
    expect(changeIsSignificant({ kind: "none" }, { kind: "none" })).toBeNull();
    expect(changeIsSignificant(prop(30, 50), { kind: "none" })).toBeNull();
    expect(changeIsSignificant(prop(30, 50), prop(0, 0))).toBeNull();
    expect(changeIsSignificant({ kind: "mean", mean: 5, sd: 0, n: 1 }, { kind: "mean", mean: 4, sd: 1, n: 9 })).toBeNull();
  });
});

describe("no function ever returns NaN", () => {
  const num = fc.oneof(
    fc.double(),
    fc.integer({ min: -5, max: 1000 }),
    fc.constantFrom(0, -0, 1, 2, Number.NaN, Infinity, -Infinity, Number.MAX_VALUE, Number.MIN_VALUE),
  );
  const conf = fc.oneof(fc.double(), fc.double({ min: 0.5, max: 0.999, noNaN: true }), fc.constant(0.95));

  const finiteOrNull = (r: unknown): void => {
    if (r === null) return;
    if (typeof r === "number") {
      expect(Number.isFinite(r)).toBe(true);
      return;
    }
    if (typeof r === "boolean") return;
    for (const v of Object.values(r as Record<string, unknown>)) {
      expect(typeof v).toBe("number");
      expect(Number.isFinite(v)).toBe(true);
    }
  };

  const sampling: fc.Arbitrary<Sampling> = fc.oneof(
    fc.record({ kind: fc.constant("proportion" as const), successes: num, n: num }),
    fc.record({ kind: fc.constant("nps" as const), promoters: num, detractors: num, n: num }),
    fc.record({ kind: fc.constant("mean" as const), mean: num, sd: num, n: num }),
    fc.record({ kind: fc.constant("count" as const), count: num }),
    fc.constant({ kind: "none" as const }),
  );

  it("property: single-sample functions return null or finite numbers", () => {
    fc.assert(
      fc.property(num, num, num, conf, (a, b, c, k) => {
        finiteOrNull(criticalZ(k));
        finiteOrNull(criticalT(k, a));
        finiteOrNull(wilsonInterval(a, b, k));
        finiteOrNull(npsStandardError(a, b, c));
        finiteOrNull(npsInterval(a, b, c, k));
        finiteOrNull(meanFromMoments({ n: a, sum: b, sumSq: c }));
        finiteOrNull(tInterval(a, b, c, k));
        finiteOrNull(regularizedGammaP(a, b));
        finiteOrNull(gammaQuantile(k, a));
        finiteOrNull(poissonInterval(a, k));
        finiteOrNull(poissonDifference(a, b, k));
      }),
      { numRuns: 1000 },
    );
  });

  it("property: two-sample functions return null or finite numbers", () => {
    fc.assert(
      fc.property(num, num, num, num, num, num, conf, (a, b, c, d, e, f, k) => {
        finiteOrNull(newcombeDifference(a, b, c, d, k));
        finiteOrNull(welchDifference({ mean: a, sd: b, n: c }, { mean: d, sd: e, n: f }, k));
      }),
      { numRuns: 1000 },
    );
  });

  it("property: intervalOf and changeIsSignificant return null, finite intervals or booleans", () => {
    fc.assert(
      fc.property(sampling, sampling, conf, (s1, s2, k) => {
        finiteOrNull(intervalOf(s1, k));
        const r = changeIsSignificant(s1, s2, k);
        expect(r === null || typeof r === "boolean").toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it("property: valid intervals have lo ≤ hi", () => {
    fc.assert(
      fc.property(num, num, num, conf, (a, b, c, k) => {
        for (const i of [wilsonInterval(a, b, k), npsInterval(a, b, c, k), tInterval(a, b, c, k), poissonInterval(a, k)]) {
          if (i !== null) expect(i.lo).toBeLessThanOrEqual(i.hi);
        }
      }),
      { numRuns: 500 },
    );
  });
});
