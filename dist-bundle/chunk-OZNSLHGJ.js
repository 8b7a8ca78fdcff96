import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  controlCharacterError,
  controlCharacterIn
} from "./chunk-COQMF2KY.js";
import {
  cronProblem,
  parsePeriod
} from "./chunk-CSHTK5G7.js";
import {
  suggest
} from "./chunk-JKOOICHZ.js";
import {
  UserError
} from "./chunk-LJ4WEFEH.js";
import {
  dimensionsOf
} from "./chunk-56SDGBO4.js";

// dist/src/measures/measures.js
var field = (name) => ({ field: name });
var num = (value) => ({ num: value });
var seconds = (from, to) => ({ seconds: { from, to } });
function within(timeField) {
  return {
    and: [
      { cmp: ">=", a: field(timeField), b: { bound: "start" } },
      { cmp: "<", a: field(timeField), b: { bound: "end" } }
    ]
  };
}
function openAt(openField, closeField, at) {
  return {
    and: [
      { cmp: "<", a: field(openField), b: { bound: at } },
      { or: [{ isNull: closeField }, { cmp: ">=", a: field(closeField), b: { bound: at } }] }
    ]
  };
}
function and(...conds) {
  const present = conds.filter((c) => c !== void 0);
  return present.length === 1 ? present[0] : { and: present };
}
function isMoments(v) {
  return typeof v === "object" && v !== null;
}

// dist/src/metrics/statistics/criticalZ.js
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
function criticalZ(confidence) {
  if (!Number.isFinite(confidence) || confidence <= 0 || confidence >= 1)
    return null;
  const z = normalQuantile(1 - (1 - confidence) / 2, 0, 1);
  return Number.isFinite(z) && z > 0 ? z : null;
}

// dist/src/metrics/statistics/criticalT.js
import { createRequire } from "node:module";
var load = createRequire(import.meta.url);
var tQuantile;
function criticalT(confidence, df) {
  const z = criticalZ(confidence);
  if (z === null || Number.isNaN(df) || df <= 0)
    return null;
  if (df === Infinity)
    return z;
  tQuantile ??= load("@stdlib/stats-base-dists-t-quantile");
  const t = tQuantile(1 - (1 - confidence) / 2, df);
  return Number.isFinite(t) && t > 0 ? t : null;
}

// dist/src/metrics/statistics/wilsonInterval.js
function wilsonInterval(successes, n, confidence = 0.95) {
  const z = criticalZ(confidence);
  if (z === null)
    return null;
  if (!Number.isFinite(successes) || !Number.isFinite(n))
    return null;
  if (n <= 0 || successes < 0 || successes > n)
    return null;
  const p = successes / n;
  const q = (n - successes) / n;
  const k = z * z / n;
  const root = Math.sqrt(k) * Math.sqrt(k + 4 * p * q);
  const denom = 2 * (1 + k);
  let lo = successes === 0 ? 0 : (2 * p + k - root) / denom;
  let hi = successes === n ? 1 : (2 * p + k + root) / denom;
  lo = Math.min(Math.max(lo, 0), 1);
  hi = Math.min(Math.max(hi, 0), 1);
  if (lo > p)
    lo = p;
  if (hi < p)
    hi = p;
  if (!Number.isFinite(lo) || !Number.isFinite(hi))
    return null;
  return { lo, hi };
}

// dist/src/metrics/statistics/newcombeDifference.js
function newcombeDifference(x1, n1, x2, n2, confidence = 0.95) {
  const w1 = wilsonInterval(x1, n1, confidence);
  const w2 = wilsonInterval(x2, n2, confidence);
  if (w1 === null || w2 === null)
    return null;
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const d = p1 - p2;
  const lo = d - Math.hypot(p1 - w1.lo, w2.hi - p2);
  const hi = d + Math.hypot(w1.hi - p1, p2 - w2.lo);
  if (!Number.isFinite(lo) || !Number.isFinite(hi))
    return null;
  return { lo: Math.max(lo, -1), hi: Math.min(hi, 1) };
}

// dist/src/metrics/statistics/npsStandardError.js
function npsStandardError(promoters, detractors, n) {
  if (!Number.isFinite(promoters) || !Number.isFinite(detractors) || !Number.isFinite(n))
    return null;
  if (n <= 0 || promoters < 0 || detractors < 0 || promoters > n || detractors > n - promoters)
    return null;
  const pP = promoters / n;
  const pD = detractors / n;
  const variance = Math.max(pP + pD - (pP - pD) ** 2, 0);
  const se = 100 * Math.sqrt(variance / n);
  return Number.isFinite(se) ? se : null;
}

// dist/src/metrics/statistics/npsInterval.js
function npsInterval(promoters, detractors, n, confidence = 0.95) {
  const z = criticalZ(confidence);
  const se = npsStandardError(promoters, detractors, n);
  if (z === null || se === null)
    return null;
  const nps2 = 100 * (promoters / n - detractors / n);
  const lo = Math.max(nps2 - z * se, -100);
  const hi = Math.min(nps2 + z * se, 100);
  if (!Number.isFinite(lo) || !Number.isFinite(hi))
    return null;
  return { lo, hi };
}

// dist/src/metrics/statistics/meanFromMoments.js
function meanFromMoments(m) {
  const { n, sum, sumSq } = m;
  if (!Number.isInteger(n) || n < 1 || !Number.isFinite(sum) || !Number.isFinite(sumSq) || sumSq < 0) {
    return null;
  }
  const mean = sum / n;
  if (!Number.isFinite(mean))
    return null;
  if (n === 1)
    return { mean, sd: 0, n };
  const ss = sumSq - sum * mean;
  if (!Number.isFinite(ss))
    return null;
  const tolerance = 4 * n * Number.EPSILON * sumSq;
  if (ss < -tolerance)
    return null;
  const variance = ss <= tolerance ? 0 : ss / (n - 1);
  const sd = Math.sqrt(variance);
  return Number.isFinite(sd) ? { mean, sd, n } : null;
}

// dist/src/metrics/statistics/tInterval.js
function tInterval(mean, sd, n, confidence = 0.95) {
  if (!Number.isFinite(mean) || !Number.isFinite(sd) || sd < 0)
    return null;
  if (!Number.isInteger(n) || n < 2)
    return null;
  const t = criticalT(confidence, n - 1);
  if (t === null)
    return null;
  const half = t * sd / Math.sqrt(n);
  const lo = mean - half;
  const hi = mean + half;
  if (!Number.isFinite(lo) || !Number.isFinite(hi))
    return null;
  return { lo, hi };
}

// dist/src/metrics/statistics/welchDifference.js
function welchDifference(a, b, confidence = 0.95) {
  for (const s of [a, b]) {
    if (!Number.isFinite(s.mean) || !Number.isFinite(s.sd) || s.sd < 0)
      return null;
    if (!Number.isInteger(s.n) || s.n < 2)
      return null;
  }
  const diff = a.mean - b.mean;
  if (!Number.isFinite(diff))
    return null;
  const va = a.sd * a.sd / a.n;
  const vb = b.sd * b.sd / b.n;
  const v = va + vb;
  if (!Number.isFinite(v))
    return null;
  if (v === 0) {
    return criticalZ(confidence) === null ? null : { lo: diff, hi: diff };
  }
  const wa = va / v;
  const wb = vb / v;
  const df = 1 / (wa * wa / (a.n - 1) + wb * wb / (b.n - 1));
  const t = criticalT(confidence, df);
  if (t === null)
    return null;
  const half = t * Math.sqrt(v);
  const lo = diff - half;
  const hi = diff + half;
  if (!Number.isFinite(lo) || !Number.isFinite(hi))
    return null;
  return { lo, hi };
}

// dist/src/metrics/statistics/regularizedGammaP.js
var LANCZOS_G = 7;
var LANCZOS = [
  0.9999999999998099,
  676.5203681218851,
  -1259.1392167224028,
  771.3234287776531,
  -176.6150291621406,
  12.507343278686905,
  -0.13857109526572012,
  9984369578019572e-21,
  15056327351493116e-23
];
function lnGamma(a) {
  if (a < 0.5)
    return lnGamma(a + 1) - Math.log(a);
  const x = a - 1;
  let s = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++)
    s += (LANCZOS[i] ?? 0) / (x + i);
  const t = x + LANCZOS_G + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(s);
}
var EPS = 1e-16;
var MAX_SHAPE = 1e7;
var TINY = 1e-300;
function regularizedGammaP(a, x) {
  if (!Number.isFinite(a) || a <= 0 || a > MAX_SHAPE || Number.isNaN(x))
    return null;
  if (x <= 0)
    return 0;
  if (x === Infinity)
    return 1;
  const logPrefix = -x + a * Math.log(x) - lnGamma(a);
  const maxIter = 1e3 + Math.ceil(20 * Math.sqrt(a));
  if (x < a + 1) {
    let ap = a;
    let del = 1 / a;
    let sum = del;
    for (let i = 0; i < maxIter; i++) {
      ap += 1;
      del *= x / ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * EPS)
        break;
    }
    const p = sum * Math.exp(logPrefix);
    return Number.isFinite(p) ? Math.min(Math.max(p, 0), 1) : null;
  }
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i <= maxIter; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY)
      d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY)
      c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS)
      break;
  }
  const q = Math.exp(logPrefix) * h;
  return Number.isFinite(q) ? Math.min(Math.max(1 - q, 0), 1) : null;
}

// dist/src/metrics/statistics/gammaQuantile.js
import normalQuantile2 from "@stdlib/stats-base-dists-normal-quantile";
var LARGE_SHAPE = 1e5;
function gammaQuantile(p, shape) {
  if (!Number.isFinite(p) || p <= 0 || p >= 1)
    return null;
  if (!Number.isFinite(shape) || shape <= 0)
    return null;
  const z = normalQuantile2(p, 0, 1);
  const c = 1 / (9 * shape);
  const wilsonHilferty = shape * Math.max(1 - c + z * Math.sqrt(c), 0) ** 3;
  if (shape > LARGE_SHAPE)
    return Number.isFinite(wilsonHilferty) ? wilsonHilferty : null;
  let lo = 0;
  let hi = Math.max(2 * wilsonHilferty, 1);
  for (let i = 0; i < 2e3; i++) {
    const ph = regularizedGammaP(shape, hi);
    if (ph === null)
      return null;
    if (ph >= p)
      break;
    lo = hi;
    hi *= 2;
  }
  for (let i = 0; i < 400 && hi - lo > 1e-15 * hi; i++) {
    const mid = lo + (hi - lo) / 2;
    if (mid <= lo || mid >= hi)
      break;
    const pm = regularizedGammaP(shape, mid);
    if (pm === null)
      return null;
    if (pm < p)
      lo = mid;
    else
      hi = mid;
  }
  const x = lo + (hi - lo) / 2;
  return Number.isFinite(x) ? x : null;
}

// dist/src/metrics/statistics/poissonInterval.js
function poissonInterval(count, confidence = 0.95) {
  if (criticalZ(confidence) === null)
    return null;
  if (!Number.isFinite(count) || count < 0)
    return null;
  const alpha = 1 - confidence;
  const lo = count === 0 ? 0 : gammaQuantile(alpha / 2, count);
  const hi = gammaQuantile(1 - alpha / 2, count + 1);
  if (lo === null || hi === null || !Number.isFinite(hi))
    return null;
  return { lo: Math.min(lo, count), hi: Math.max(hi, count) };
}

// dist/src/metrics/statistics/poissonDifference.js
function poissonDifference(a, b, confidence = 0.95) {
  const z = criticalZ(confidence);
  if (z === null)
    return null;
  if (!Number.isFinite(a) || !Number.isFinite(b) || a < 0 || b < 0)
    return null;
  const half = z * Math.sqrt(a + b);
  const lo = a - b - half;
  const hi = a - b + half;
  if (!Number.isFinite(lo) || !Number.isFinite(hi))
    return null;
  return { lo, hi };
}

// dist/src/metrics/statistics/intervalOf.js
function intervalOf(s, confidence = 0.95) {
  switch (s.kind) {
    case "proportion": {
      const w = wilsonInterval(s.successes, s.n, confidence);
      return w === null ? null : { lo: w.lo * 100, hi: w.hi * 100 };
    }
    case "nps":
      return npsInterval(s.promoters, s.detractors, s.n, confidence);
    case "mean":
      return tInterval(s.mean, s.sd, s.n, confidence);
    case "count":
      return poissonInterval(s.count, confidence);
    case "none":
      return null;
  }
}

// dist/src/metrics/statistics/changeIsSignificant.js
var excludesZero = (i) => i === null ? null : i.lo > 0 || i.hi < 0;
function changeIsSignificant(current, previous, confidence = 0.95) {
  switch (current.kind) {
    case "proportion":
      if (previous.kind !== "proportion")
        return null;
      return excludesZero(newcombeDifference(current.successes, current.n, previous.successes, previous.n, confidence));
    case "nps": {
      if (previous.kind !== "nps")
        return null;
      const z = criticalZ(confidence);
      const se1 = npsStandardError(current.promoters, current.detractors, current.n);
      const se2 = npsStandardError(previous.promoters, previous.detractors, previous.n);
      if (z === null || se1 === null || se2 === null)
        return null;
      const diff = 100 * (current.promoters / current.n - current.detractors / current.n) - 100 * (previous.promoters / previous.n - previous.detractors / previous.n);
      return Math.abs(diff) > z * Math.hypot(se1, se2);
    }
    case "mean":
      if (previous.kind !== "mean")
        return null;
      return excludesZero(welchDifference(current, previous, confidence));
    case "count":
      if (previous.kind !== "count")
        return null;
      return excludesZero(poissonDifference(current.count, previous.count, confidence));
    case "none":
      return null;
  }
}

// dist/src/metrics/values.js
function countOf(m, key) {
  const v = m[key];
  if (typeof v === "number")
    return v;
  if (v === null || v === void 0)
    return 0;
  throw new Error(`measure ${key} is not a count`);
}
function momentsOf(m, key) {
  const v = m[key];
  if (isMoments(v))
    return v;
  if (v === null || v === void 0)
    return { n: 0, sum: 0, sumSq: 0 };
  throw new Error(`measure ${key} is not moments`);
}
function quantileOf(m, key) {
  const v = m[key];
  return typeof v === "number" ? v : null;
}
function withInterval(value, n, sampling) {
  const interval = intervalOf(sampling);
  return interval ? { value, n, sampling, interval } : { value, n, sampling };
}
function proportionValue(successes, n) {
  if (!(n > 0))
    return null;
  return withInterval(successes / n * 100, n, { kind: "proportion", successes, n });
}
function meanValue(moments, scale = 1) {
  const stats = meanFromMoments(moments);
  if (!stats)
    return null;
  const mean = stats.mean * scale;
  const sd = stats.sd * Math.abs(scale);
  return withInterval(mean, stats.n, { kind: "mean", mean, sd, n: stats.n });
}
function countValue(count) {
  return withInterval(count, count, { kind: "count", count });
}
function plainValue(value, n) {
  if (!Number.isFinite(value))
    return null;
  return { value, n, sampling: { kind: "none" } };
}

// dist/src/metrics/catalog/calls.js
var offered = within("queued_at");
var answered = and(offered, { notNull: "answered_at" });
var asa = {
  id: "asa",
  name: "Average speed of answer",
  aliases: ["awt", "average-speed-of-answer", "average-wait-time", "speed-of-answer", "wait-time"],
  unit: "seconds",
  direction: "lower",
  dataset: "calls",
  counted: "answered calls",
  formula: "total queue wait (answered \u2212 queued) of the answered calls / number of answered calls",
  measures: () => ({
    wait: { agg: "moments", of: seconds(field("queued_at"), field("answered_at")), where: answered }
  }),
  compute: (m) => meanValue(momentsOf(m, "wait"))
};
var aht = {
  id: "aht",
  name: "Average handle time",
  aliases: ["average-handle-time", "handle-time", "handling-time"],
  unit: "seconds",
  direction: "lower",
  dataset: "calls",
  counted: "handled calls (answered and ended)",
  formula: "mean of talk time (ended \u2212 answered) + hold + wrap-up over the handled calls",
  measures: () => ({
    handle: {
      agg: "moments",
      of: {
        op: "+",
        a: seconds(field("answered_at"), field("ended_at")),
        b: { op: "+", a: field("hold_seconds"), b: field("wrap_up_seconds") }
      },
      where: and(answered, { notNull: "ended_at" })
    }
  }),
  compute: (m) => meanValue(momentsOf(m, "handle"))
};
var blockage = {
  id: "blockage",
  name: "Blocked calls",
  aliases: ["blocked", "blocked-calls", "call-blockage"],
  unit: "count",
  direction: "lower",
  dataset: "calls",
  formula: "offered calls not served because no operator was free or the network failed; also as a share of offered calls",
  measures: () => ({
    blocked: { agg: "count", where: and(offered, { eq: "blocked", value: true }) },
    offered: { agg: "count", where: offered }
  }),
  compute: (m) => {
    const offeredCalls = countOf(m, "offered");
    if (offeredCalls === 0)
      return null;
    const blocked = countOf(m, "blocked");
    return {
      ...countValue(blocked),
      n: offeredCalls,
      extras: [{ label: "of offered calls", value: blocked / offeredCalls * 100, unit: "percent" }]
    };
  }
};

// dist/src/metrics/catalog/customers.js
var SECONDS_PER_YEAR = 365.25 * 86400;
var atStart = openAt("started_at", "churned_at", "start");
var atEnd = openAt("started_at", "churned_at", "end");
var churnedBeforeEnd = { cmp: "<", a: field("churned_at"), b: { bound: "end" } };
var churnRate = {
  id: "churn_rate",
  name: "Churn rate",
  aliases: ["churn", "customer-churn", "attrition"],
  unit: "percent",
  direction: "lower",
  dataset: "customers",
  formula: "customers lost during the period / customers at the start of the period \xD7 100 (of the customers there at the start)",
  measures: () => ({
    start: { agg: "count", where: atStart },
    lost: { agg: "count", where: and(atStart, within("churned_at")) }
  }),
  compute: (m) => proportionValue(countOf(m, "lost"), countOf(m, "start"))
};
var retentionRate = {
  id: "retention_rate",
  name: "Customer retention rate",
  aliases: ["retention", "crr", "customer-retention"],
  unit: "percent",
  direction: "higher",
  dataset: "customers",
  formula: "(E \u2212 N) / S \xD7 100: S customers at the start, E at the end, N new during the period (variant end_over_start: E / S \xD7 100, RETENTION_VARIANT)",
  measures: () => ({
    start: { agg: "count", where: atStart },
    end: { agg: "count", where: atEnd },
    new: { agg: "count", where: within("started_at") }
  }),
  compute: (m, ctx) => {
    const s = countOf(m, "start");
    const e = countOf(m, "end");
    const n = countOf(m, "new");
    if (s === 0)
      return null;
    if (ctx.options.retentionVariant === "end_over_start")
      return plainValue(e / s * 100, s);
    const kept = e - n;
    return kept >= 0 && kept <= s ? proportionValue(kept, s) : plainValue(kept / s * 100, s);
  }
};
var lifespan = {
  agg: "moments",
  dataset: "customers",
  of: seconds(field("started_at"), field("churned_at")),
  where: churnedBeforeEnd
};
var clv = {
  id: "clv",
  name: "Customer lifetime value",
  aliases: ["ltv", "lifetime-value", "customer-lifetime-value", "cltv"],
  unit: "currency",
  direction: "higher",
  dataset: "orders",
  formula: "average purchase value \xD7 purchase frequency (purchases per customer per year, from the period's orders) \xD7 average customer lifespan in years of 365.25 days (of the customers who have churned by the end of the period)",
  measures: () => ({
    amount: { agg: "moments", of: field("amount"), where: within("ordered_at") },
    buyers: { agg: "distinct", keys: ["customer_id"], where: within("ordered_at") },
    lifespan
  }),
  compute: (m, ctx) => {
    const amount = momentsOf(m, "amount");
    const buyers = countOf(m, "buyers");
    const life = momentsOf(m, "lifespan");
    if (amount.n === 0 || buyers === 0 || life.n === 0 || ctx.periodYears <= 0)
      return null;
    const averagePurchase = amount.sum / amount.n;
    const perCustomerPerYear = amount.n / buyers / ctx.periodYears;
    const years = life.sum / life.n / SECONDS_PER_YEAR;
    return plainValue(averagePurchase * perCustomerPerYear * years, amount.n);
  }
};
var clvHistorical = {
  id: "clv_historical",
  name: "Historical CLV",
  aliases: ["historical-clv", "historical-ltv", "clv-historic"],
  unit: "currency",
  direction: "higher",
  dataset: "orders",
  formula: "per customer, the sum of their purchases up to the end of the period \xD7 the average gross margin; the mean over customers",
  measures: () => {
    const upToEnd = { cmp: "<", a: field("ordered_at"), b: { bound: "end" } };
    return {
      amount: { agg: "moments", of: field("amount"), where: upToEnd },
      margin: { agg: "moments", of: field("gross_margin"), where: upToEnd },
      customers: { agg: "distinct", keys: ["customer_id"], where: upToEnd }
    };
  },
  compute: (m) => {
    const amount = momentsOf(m, "amount");
    const margin = momentsOf(m, "margin");
    const customers = countOf(m, "customers");
    if (customers === 0 || margin.n === 0)
      return null;
    return plainValue(amount.sum / customers * (margin.sum / margin.n), customers);
  }
};
var clvPredictive = {
  id: "clv_predictive",
  name: "Predictive CLV",
  aliases: ["predictive-clv", "predicted-clv", "predictive-ltv"],
  unit: "currency",
  direction: "higher",
  dataset: "orders",
  formula: "average monthly transactions per customer \xD7 average order value \xD7 expected lifespan in months (1 / the period's monthly churn rate)",
  measures: () => ({
    amount: { agg: "moments", of: field("amount"), where: within("ordered_at") },
    buyers: { agg: "distinct", keys: ["customer_id"], where: within("ordered_at") },
    start: { agg: "count", dataset: "customers", where: atStart },
    lost: { agg: "count", dataset: "customers", where: and(atStart, within("churned_at")) }
  }),
  compute: (m, ctx) => {
    const amount = momentsOf(m, "amount");
    const buyers = countOf(m, "buyers");
    const start = countOf(m, "start");
    const lost = countOf(m, "lost");
    if (amount.n === 0 || buyers === 0 || start === 0 || lost === 0 || ctx.periodYears <= 0)
      return null;
    const months = ctx.periodYears * 12;
    const monthlyTransactions = amount.n / buyers / months;
    const monthlyChurn = lost / start / months;
    return plainValue(monthlyTransactions * (amount.sum / amount.n) * (1 / monthlyChurn), amount.n);
  }
};
var referralRate = {
  id: "referral_rate",
  name: "Referral rate",
  aliases: ["referrals", "referral", "referred"],
  unit: "percent",
  direction: "higher",
  dataset: "customers",
  formula: "new customers in the period acquired through a referral / all new customers in the period \xD7 100",
  measures: () => ({
    new: { agg: "count", where: within("started_at") },
    referred: { agg: "count", where: and(within("started_at"), { eq: "referred", value: true }) }
  }),
  compute: (m) => proportionValue(countOf(m, "referred"), countOf(m, "new"))
};
var engagementScore = {
  id: "engagement_score",
  name: "Customer engagement score",
  aliases: ["engagement", "customer-engagement"],
  unit: "number",
  direction: "higher",
  dataset: "engagement",
  formula: "weighted mean of each programme's share of active customers: \u03A3 w\u1D62\xB7x\u1D62 / \u03A3 w\u1D62 (programmes and weights: ENGAGEMENT_WEIGHTS, default loyalty 2, training 1)",
  measures: (o) => Object.fromEntries(Object.keys(o.engagementWeights).flatMap((programme, i) => {
    const inProgramme = and(within("period_start"), { eq: "programme", value: programme });
    return [
      [`all${i}`, { agg: "count", where: inProgramme }],
      [`active${i}`, { agg: "count", where: and(inProgramme, { eq: "active", value: true }) }]
    ];
  })),
  compute: (m, ctx) => {
    let weighted = 0;
    let weights = 0;
    let n = 0;
    Object.entries(ctx.options.engagementWeights).forEach(([, weight], i) => {
      const all = countOf(m, `all${i}`);
      if (all === 0)
        return;
      weighted += weight * (countOf(m, `active${i}`) / all) * 100;
      weights += weight;
      n += all;
    });
    return weights > 0 ? plainValue(weighted / weights, n) : null;
  }
};

// dist/src/metrics/catalog/surveys.js
var kindIs = (kind) => ({ eq: "kind", value: kind });
var answered2 = (kind) => and(kindIs(kind), within("submitted_at"));
var positive = {
  cmp: ">=",
  a: field("score"),
  b: {
    op: "+",
    a: field("scale_min"),
    b: { op: "*", a: num(0.75), b: { op: "-", a: field("scale_max"), b: field("scale_min") } }
  }
};
var position = {
  op: "/",
  a: { op: "-", a: field("score"), b: field("scale_min") },
  b: { op: "-", a: field("scale_max"), b: field("scale_min") }
};
function scoreMeasures(kind) {
  const where = answered2(kind);
  return {
    score: { agg: "moments", of: field("score"), where },
    position: { agg: "moments", of: position, where },
    scaleMin: { agg: "moments", of: field("scale_min"), where },
    scaleMax: { agg: "moments", of: field("scale_max"), where }
  };
}
function scoreValue(m, fallback) {
  const pos = momentsOf(m, "position");
  const mins = momentsOf(m, "scaleMin");
  const maxs = momentsOf(m, "scaleMax");
  if (pos.n === 0 || mins.n === 0)
    return null;
  const uniform = (s) => Math.abs(s.sumSq * s.n - s.sum * s.sum) <= 1e-9 * Math.max(1, s.sumSq * s.n);
  const same = uniform(mins) && uniform(maxs);
  if (same) {
    const v2 = meanValue(momentsOf(m, "score"));
    return v2 && { ...v2, scale: { min: mins.sum / mins.n, max: maxs.sum / maxs.n } };
  }
  const v = meanValue(pos, fallback.max - fallback.min);
  if (!v || v.sampling.kind !== "mean")
    return null;
  const sampling = { ...v.sampling, mean: v.value + fallback.min };
  const interval = intervalOf(sampling);
  return {
    value: sampling.mean,
    n: v.n,
    sampling,
    scale: fallback,
    ...interval ? { interval } : {},
    note: `answers on different scales, rescaled to ${fallback.min}\u2013${fallback.max}`
  };
}
var csat = {
  id: "csat",
  name: "Customer satisfaction (CSAT)",
  aliases: ["satisfaction", "customer-satisfaction", "csat-percent"],
  unit: "percent",
  direction: "higher",
  dataset: "surveys",
  counted: "CSAT answers (kind csat)",
  scale: () => "each answer's own survey scale (1\u20135, 1\u201310, 1\u20137, good/bad)",
  formula: "positive answers / all answers \xD7 100; an answer is positive when its score is in the top quarter of its scale (4\u20135 on 1\u20135, 8\u201310 on 1\u201310, 6\u20137 on 1\u20137, good on good/bad)",
  measures: () => ({
    positive: { agg: "count", where: and(answered2("csat"), positive) },
    answers: { agg: "count", where: answered2("csat") }
  }),
  compute: (m) => proportionValue(countOf(m, "positive"), countOf(m, "answers"))
};
var csatScore = {
  id: "csat_score",
  name: "Average satisfaction score",
  aliases: ["satisfaction-score", "average-satisfaction", "csat-average", "csat-avg"],
  unit: "score",
  direction: "higher",
  dataset: "surveys",
  counted: "CSAT answers (kind csat)",
  scale: () => "each answer's own survey scale (1\u20135, 1\u201310, 1\u20137, good/bad)",
  formula: "mean of the CSAT scores, on their scale (answers on different scales are rescaled to 1\u20135)",
  measures: () => scoreMeasures("csat"),
  compute: (m) => scoreValue(m, { min: 1, max: 5 })
};
var nps = {
  id: "nps",
  name: "Net Promoter Score",
  aliases: ["net-promoter-score", "net-promoter", "promoter-score"],
  unit: "nps",
  direction: "higher",
  dataset: "surveys",
  counted: "0\u201310 answers (kind nps)",
  scale: () => "a 0\u201310 question; the score runs from \u2212100 to 100",
  formula: "% promoters (9\u201310) \u2212 % detractors (0\u20136) on the 0\u201310 question; passives (7\u20138) count in the base only; \u2212100 to 100",
  measures: () => ({
    promoters: { agg: "count", where: and(answered2("nps"), { cmp: ">=", a: field("score"), b: num(9) }) },
    detractors: { agg: "count", where: and(answered2("nps"), { cmp: "<=", a: field("score"), b: num(6) }) },
    answers: { agg: "count", where: answered2("nps") }
  }),
  compute: (m) => {
    const n = countOf(m, "answers");
    if (n === 0)
      return null;
    const promoters = countOf(m, "promoters");
    const detractors = countOf(m, "detractors");
    const sampling = { kind: "nps", promoters, detractors, n };
    const interval = intervalOf(sampling);
    return { value: (promoters - detractors) / n * 100, n, sampling, ...interval ? { interval } : {} };
  }
};
var ces = {
  id: "ces",
  name: "Customer effort score",
  aliases: ["effort", "customer-effort", "customer-effort-score"],
  unit: "score",
  direction: (o) => o.ces.direction,
  dataset: "surveys",
  counted: "effort answers (kind ces)",
  scale: (o) => `${o.ces.min}\u2013${o.ces.max}, ${o.ces.direction} is better`,
  formula: "sum of effort scores / number of answers (scale and direction are configurable: CES_SCALE, CES_DIRECTION)",
  measures: () => scoreMeasures("ces"),
  compute: (m, ctx) => scoreValue(m, ctx.options.ces)
};

// dist/src/metrics/catalog/tickets.js
var created = within("created_at");
var resolvedInPeriod = and(within("resolved_at"), { notNull: "created_at" });
var firstResponse = seconds(field("created_at"), field("first_response_at"));
var resolution = seconds(field("created_at"), field("resolved_at"));
var anyTicketBeforeEnd = { cmp: "<", a: field("created_at"), b: { bound: "end" } };
function snapshot(count, ticketsSoFar) {
  return ticketsSoFar > 0 ? plainValue(count, ticketsSoFar) : null;
}
var ticketVolume = {
  id: "ticket_volume",
  name: "Request volume",
  aliases: ["volume", "tickets", "requests", "request-volume", "ticket-volume"],
  unit: "count",
  direction: "neutral",
  dataset: "tickets",
  formula: "tickets created in the period; by channel, each channel's share of the total is the channel-preference view",
  measures: () => ({ tickets: { agg: "count", where: created } }),
  compute: (m) => {
    const tickets = countOf(m, "tickets");
    return tickets > 0 ? countValue(tickets) : null;
  }
};
var frt = {
  id: "frt",
  name: "First response time",
  aliases: ["first-response-time", "first-response", "first-reply-time", "response-time-first"],
  unit: "seconds",
  direction: "lower",
  dataset: "tickets",
  counted: "tickets resolved in the period with a first response",
  formula: "sum of first response times (first response \u2212 created) of the tickets resolved in the period / number of those tickets; median and 90th percentile beside the mean",
  measures: () => {
    const where = and(resolvedInPeriod, { notNull: "first_response_at" });
    return {
      frt: { agg: "moments", of: firstResponse, where },
      median: { agg: "quantile", of: firstResponse, q: 0.5, where },
      p90: { agg: "quantile", of: firstResponse, q: 0.9, where }
    };
  },
  compute: (m) => {
    const v = meanValue(momentsOf(m, "frt"));
    if (!v)
      return null;
    const extras = [
      { label: "median", value: quantileOf(m, "median") },
      { label: "90th percentile", value: quantileOf(m, "p90") }
    ].flatMap((e) => e.value === null ? [] : [{ label: e.label, value: e.value, unit: "seconds" }]);
    return { ...v, extras };
  }
};
var art = {
  id: "art",
  name: "Average response time",
  aliases: ["average-response-time", "response-time", "avg-response-time"],
  unit: "seconds",
  direction: "lower",
  dataset: "responses",
  formula: "sum of the response times of all replies sent in the period / number of replies",
  measures: () => ({ replies: { agg: "moments", of: field("response_seconds"), where: within("responded_at") } }),
  compute: (m) => meanValue(momentsOf(m, "replies"))
};
var resolutionTime = {
  id: "resolution_time",
  name: "Average resolution time",
  aliases: ["resolution", "time-to-resolution", "average-resolution-time", "ttr"],
  unit: "seconds",
  direction: "lower",
  dataset: "tickets",
  counted: "tickets resolved in the period",
  formula: "mean of (resolved \u2212 created) over the tickets resolved in the period",
  measures: () => ({ resolution: { agg: "moments", of: resolution, where: resolvedInPeriod } }),
  compute: (m) => meanValue(momentsOf(m, "resolution"))
};
var complaintResolutionTime = {
  id: "complaint_resolution_time",
  name: "Complaint resolution time",
  aliases: ["complaint-resolution", "complaints", "escalation-resolution-time"],
  unit: "seconds",
  direction: "lower",
  dataset: "tickets",
  counted: "complaints or escalations resolved in the period",
  formula: "mean of (resolved \u2212 escalated, or created when never escalated) over the complaints and escalations resolved in the period",
  measures: () => ({
    resolution: {
      agg: "moments",
      of: seconds({ coalesce: [field("escalated_at"), field("created_at")] }, field("resolved_at")),
      where: and(resolvedInPeriod, { or: [{ eq: "is_complaint", value: true }, { notNull: "escalated_at" }] })
    }
  }),
  compute: (m) => meanValue(momentsOf(m, "resolution"))
};
var awaitingReply = {
  id: "awaiting_reply",
  name: "Open cases awaiting a reply",
  aliases: ["open-cases", "awaiting", "waiting", "unanswered", "open"],
  unit: "count",
  direction: "lower",
  dataset: "tickets",
  formula: "tickets open at the end of the period that have had no agent reply yet (customers waiting for an answer)",
  measures: () => ({
    waiting: {
      agg: "count",
      where: and(openAt("created_at", "resolved_at", "end"), {
        or: [{ isNull: "first_response_at" }, { cmp: ">=", a: field("first_response_at"), b: { bound: "end" } }]
      })
    },
    soFar: { agg: "count", where: anyTicketBeforeEnd }
  }),
  compute: (m) => snapshot(countOf(m, "waiting"), countOf(m, "soFar"))
};
var backlog = {
  id: "backlog",
  name: "Ticket backlog",
  aliases: ["ticket-backlog", "open-tickets", "unresolved"],
  unit: "count",
  direction: "lower",
  dataset: "tickets",
  formula: "tickets created up to the end of the period and not resolved by then",
  measures: () => ({
    open: { agg: "count", where: openAt("created_at", "resolved_at", "end") },
    soFar: { agg: "count", where: anyTicketBeforeEnd }
  }),
  compute: (m) => snapshot(countOf(m, "open"), countOf(m, "soFar"))
};
var resolutionRate = {
  id: "resolution_rate",
  name: "Resolution rate",
  aliases: ["resolved-rate", "resolution-percent", "solve-rate"],
  unit: "percent",
  direction: "higher",
  dataset: "tickets",
  formula: "tickets created in the period and resolved within it / tickets created in the period \xD7 100 (usually shown by agent)",
  measures: () => ({
    created: { agg: "count", where: created },
    resolved: { agg: "count", where: and(created, { cmp: "<", a: field("resolved_at"), b: { bound: "end" } }) }
  }),
  compute: (m) => proportionValue(countOf(m, "resolved"), countOf(m, "created"))
};
var serviceLevel = {
  id: "service_level",
  name: "Service level",
  aliases: ["sla", "service-level", "answered-in-time"],
  unit: "percent",
  direction: "higher",
  dataset: "tickets",
  formula: "tickets created in the period whose first reply came within the target / tickets created in the period \xD7 100 (target SERVICE_LEVEL_TARGET_MINUTES, default 60 minutes; unanswered tickets miss it)",
  measures: (o) => ({
    created: { agg: "count", where: created },
    inTime: {
      agg: "count",
      where: and(created, { cmp: "<=", a: firstResponse, b: num(o.serviceLevel.ticketTargetMinutes * 60) })
    }
  }),
  compute: (m) => proportionValue(countOf(m, "inTime"), countOf(m, "created"))
};
var feedbackResponseRate = {
  id: "feedback_response_rate",
  name: "Feedback response rate",
  aliases: ["feedback-response", "review-response-rate", "feedback-rate"],
  unit: "percent",
  direction: "higher",
  dataset: "feedback",
  formula: "feedback items received in the period that got a reply / feedback items received \xD7 100",
  measures: () => ({
    received: { agg: "count", where: within("received_at") },
    replied: { agg: "count", where: and(within("received_at"), { notNull: "responded_at" }) }
  }),
  compute: (m) => proportionValue(countOf(m, "replied"), countOf(m, "received"))
};

// dist/src/metrics/catalog/web.js
var visited = within("started_at");
var iqs = {
  id: "iqs",
  name: "Internal quality score",
  aliases: ["quality", "quality-score", "internal-quality-score", "qa", "qa-score"],
  unit: "score",
  direction: "higher",
  dataset: "quality_reviews",
  formula: "per reviewed interaction \u03A3(weight \xD7 criterion score) / \u03A3 weight; the mean over the interactions reviewed in the period, 0\u2013100",
  measures: () => ({
    reviews: {
      agg: "keyedMoments",
      key: "review_id",
      num: { op: "*", a: field("weight"), b: field("score") },
      den: field("weight"),
      where: within("reviewed_at")
    }
  }),
  compute: (m) => {
    const v = meanValue(momentsOf(m, "reviews"));
    return v && { ...v, scale: { min: 0, max: 100 } };
  }
};
var conversionRate = {
  id: "conversion_rate",
  name: "Conversion rate",
  aliases: ["conversion", "conversions", "cr"],
  unit: "percent",
  direction: "higher",
  dataset: "sessions",
  formula: "visitors who converted / visitors \xD7 100",
  measures: () => ({
    visitors: { agg: "distinct", keys: ["visitor_id"], where: visited },
    converted: { agg: "distinct", keys: ["visitor_id"], where: and(visited, { eq: "converted", value: true }) }
  }),
  compute: (m) => proportionValue(countOf(m, "converted"), countOf(m, "visitors"))
};
var pagesPerSession = {
  id: "pages_per_session",
  name: "Pages per session",
  aliases: ["pages", "pages-per-visit", "page-views-per-session"],
  unit: "number",
  direction: "higher",
  dataset: "sessions",
  formula: "pages viewed / sessions",
  measures: () => ({ pages: { agg: "moments", of: field("pages"), where: visited } }),
  compute: (m) => meanValue(momentsOf(m, "pages"))
};
var avgSessionDuration = {
  id: "avg_session_duration",
  name: "Average session duration",
  aliases: ["session-duration", "average-session-duration", "time-on-site"],
  unit: "seconds",
  direction: "higher",
  dataset: "sessions",
  formula: "mean session duration",
  measures: () => ({ duration: { agg: "moments", of: field("duration_seconds"), where: visited } }),
  compute: (m) => meanValue(momentsOf(m, "duration"))
};
var dau = {
  id: "dau",
  name: "Daily active users",
  aliases: ["daily-active-users", "active-users", "daily-users"],
  unit: "count",
  direction: "higher",
  dataset: "sessions",
  formula: "distinct visitors active on a day (new and returning); over a longer period, the mean of the daily counts",
  measures: () => ({
    visitorDays: { agg: "distinct", keys: ["visitor_id", { localDay: "started_at" }], where: visited }
  }),
  compute: (m, ctx) => {
    const visitorDays = countOf(m, "visitorDays");
    return visitorDays > 0 && ctx.periodDays > 0 ? plainValue(visitorDays / ctx.periodDays, visitorDays) : null;
  }
};
var organicClicks = {
  id: "organic_clicks",
  name: "Organic clicks",
  aliases: ["organic", "organic-traffic", "seo-clicks"],
  unit: "count",
  direction: "higher",
  dataset: "sessions",
  formula: "sessions whose source is organic search",
  measures: () => ({
    organic: { agg: "count", where: and(visited, { eq: "source", value: "organic" }) },
    sessions: { agg: "count", where: visited }
  }),
  compute: (m) => countOf(m, "sessions") > 0 ? countValue(countOf(m, "organic")) : null
};

// dist/src/metrics/catalog/index.js
var CATALOG = [
  csat,
  csatScore,
  nps,
  ces,
  ticketVolume,
  frt,
  art,
  resolutionTime,
  complaintResolutionTime,
  awaitingReply,
  backlog,
  resolutionRate,
  serviceLevel,
  feedbackResponseRate,
  asa,
  aht,
  blockage,
  churnRate,
  retentionRate,
  clv,
  clvHistorical,
  clvPredictive,
  referralRate,
  engagementScore,
  iqs,
  conversionRate,
  pagesPerSession,
  avgSessionDuration,
  dau,
  organicClicks
];
function metricWord(text) {
  return text.trim().toLowerCase().replace(/[\s_-]+/g, "-");
}
var BY_WORD = /* @__PURE__ */ new Map();
for (const def of CATALOG) {
  for (const word of [def.id, ...def.aliases]) {
    const key = metricWord(word);
    const taken = BY_WORD.get(key);
    if (taken && taken !== def)
      throw new Error(`metric word ${key} names both ${taken.id} and ${def.id}`);
    BY_WORD.set(key, def);
  }
}
function findMetric(word) {
  return BY_WORD.get(metricWord(word));
}
function directionOf(def, options) {
  return typeof def.direction === "function" ? def.direction(options) : def.direction;
}

// dist/src/commands/tokenize.js
function tokenize(text) {
  const tokens = [];
  let current = "";
  let quote = null;
  let started = false;
  for (const ch of text) {
    if (quote !== null) {
      if (ch === quote || quote === "\u201C" && ch === "\u201D")
        quote = null;
      else
        current += ch;
    } else if (ch === '"' || ch === "\u201C" || ch === "\u201D") {
      quote = ch === "\u201D" ? "\u201C" : ch;
      started = true;
    } else if (/\s/.test(ch)) {
      if (started)
        tokens.push(current);
      current = "";
      started = false;
    } else {
      current += ch;
      started = true;
    }
  }
  if (started)
    tokens.push(current);
  return tokens;
}

// dist/src/commands/parse.js
var KEYWORD_ALIASES = {
  by: "by",
  per: "by",
  vs: "vs",
  "vs.": "vs",
  versus: "vs",
  against: "vs",
  compared: "vs",
  where: "where",
  with: "where"
};
var COMPARISONS = {
  previous: "previous",
  prev: "previous",
  "previous-period": "previous",
  "last-period": "previous",
  "same-weekday": "same-weekday",
  "same-weekdays": "same-weekday",
  "same-day-last-week": "same-weekday",
  "same-weekday-last-week": "same-weekday",
  "week-ago": "same-weekday",
  "a-week-ago": "same-weekday",
  "last-year": "last-year",
  "previous-year": "last-year",
  "year-ago": "last-year",
  "a-year-ago": "last-year",
  yoy: "last-year"
};
var HELP_WORDS = /* @__PURE__ */ new Set(["help", "?", "commands", "metrics", "list"]);
var DEFINE_WORDS = /* @__PURE__ */ new Set(["define", "explain", "definition", "what-is"]);
var SOURCES_WORDS = /* @__PURE__ */ new Set(["sources", "source", "data-sources", "datasets"]);
var MAX_METRIC_WORDS = 5;
function parseCommand(text, ctx) {
  const tokens = tokenize(text.trim().replace(/^\/+/, ""));
  const first = tokens[0];
  if (first === void 0)
    return { kind: "help" };
  const head = metricWord(first);
  if (HELP_WORDS.has(head)) {
    return tokens.length > 1 ? { kind: "define", metricId: requireMetric(tokens.slice(1)).id } : { kind: "help" };
  }
  if (SOURCES_WORDS.has(head)) {
    if (tokens.length > 1) {
      throw new UserError("bad_syntax", "`sources` takes nothing after it.", "Type `sources` to see each dataset, where it comes from, the rows used and skipped, and how fresh it is.");
    }
    return { kind: "sources" };
  }
  if (DEFINE_WORDS.has(head) || head === "what" && tokens[1]?.toLowerCase() === "is") {
    const rest2 = tokens.slice(head === "what" ? 2 : 1);
    if (rest2.length === 0) {
      throw new UserError("bad_syntax", "`define` needs a metric.", "For example `define csat` or `define frt`.");
    }
    return { kind: "define", metricId: requireMetric(rest2).id };
  }
  const found = locateMetric(tokens);
  if (!found)
    throw unknownMetric(tokens);
  const { def, rest } = found;
  return parseClauses(def, rest, ctx);
}
function leadingMetric(tokens, from = 0) {
  for (let used = Math.min(MAX_METRIC_WORDS, tokens.length - from); used >= 1; used--) {
    const def = findMetric(tokens.slice(from, from + used).join("-"));
    if (def)
      return { def, used };
  }
  return void 0;
}
function locateMetric(tokens) {
  for (let i = 0; i < tokens.length; i++) {
    if (i > 0 && KEYWORD_ALIASES[tokens[i].toLowerCase()])
      break;
    const here = leadingMetric(tokens, i);
    if (here)
      return { def: here.def, rest: [...tokens.slice(0, i), ...tokens.slice(i + here.used)] };
  }
  return void 0;
}
function requireMetric(tokens) {
  const lead = leadingMetric(tokens);
  if (lead && lead.used === tokens.length)
    return lead.def;
  throw unknownMetric(tokens);
}
function metricCandidates() {
  return CATALOG.flatMap((d) => [d.id, ...d.aliases]);
}
function unknownMetric(tokens) {
  const typed = tokens[0] ?? "";
  const hint = "Type `help` to see every metric, e.g. `csat last-week`, `nps this-quarter`, `frt last-month by agent`.";
  const guess = suggest(typed, metricCandidates()) ?? suggest(tokens.slice(0, 2).join("-"), metricCandidates());
  if (guess) {
    const def = findMetric(guess);
    const shown = metricWord(guess) === metricWord(def.id) ? def.id : guess;
    return new UserError("unknown_metric", `\`${typed}\` is not a metric \u2014 did you mean \`${shown}\`?`, hint);
  }
  if (isPeriodish(typed)) {
    return new UserError("unknown_metric", "Start with a metric, then the period.", "For example `csat last-week` or `churn last-month`.");
  }
  return new UserError("unknown_metric", `\`${typed}\` is not a metric.`, hint);
}
function isPeriodish(token) {
  try {
    parsePeriod(token, { now: /* @__PURE__ */ new Date(0), timeZone: "UTC", weekStartsOn: 1 });
    return true;
  } catch {
    return false;
  }
}
function parseClauses(def, tokens, ctx) {
  const periodTokens = [];
  let by;
  let vs;
  const filters = [];
  const dimensions = dimensionsOf(def.dataset);
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i];
    const keyword = KEYWORD_ALIASES[token.toLowerCase()];
    if (!keyword) {
      periodTokens.push(token);
      i++;
      continue;
    }
    const args = [];
    i++;
    while (i < tokens.length && !KEYWORD_ALIASES[tokens[i].toLowerCase()])
      args.push(tokens[i++]);
    if (keyword === "by") {
      if (by)
        throw new UserError("bad_syntax", "Only one `by` per question.", `Ask \`${def.id} \u2026 by ${by}\` or by another dimension separately.`);
      const [dimension, ...after] = args;
      if (!dimension)
        throw missingArgument(def, "by", dimensions);
      by = resolveDimension(def, dimension, dimensions, "broken down by");
      periodTokens.push(...after);
    } else if (keyword === "vs") {
      if (vs)
        throw new UserError("bad_syntax", "Only one `vs` per question.", "Use `vs previous`, `vs same-weekday` or `vs last-year`.");
      if (args[0]?.toLowerCase() === "to" || args[0]?.toLowerCase() === "with")
        args.shift();
      const { comparison, used } = parseComparison(args);
      vs = comparison;
      periodTokens.push(...args.slice(used));
    } else {
      filters.push(...parseFilters(def, args, dimensions));
    }
  }
  const periodText = periodTokens.join(" ");
  const period = resolvePeriod(def, periodText || ctx.defaultPeriod, periodTokens, dimensions, ctx);
  return { kind: "metric", metricId: def.id, period, vs: vs ?? "previous", filters, ...by ? { by } : {} };
}
function resolvePeriod(def, text, tokens, dimensions, ctx) {
  try {
    return parsePeriod(text, ctx.periods);
  } catch (error) {
    for (const token of tokens) {
      const lower = token.toLowerCase();
      if (dimensions.includes(singular(lower))) {
        throw new UserError("bad_syntax", `\`${token}\` is not a period \u2014 did you mean \`by ${singular(lower)}\`?`, `For example \`${def.id} last-week by ${singular(lower)}\`.`);
      }
      const keyword = lower.length > 1 ? suggest(lower, ["by", "vs", "where"]) : void 0;
      if (keyword && keyword !== lower && !isPeriodish(token) && tokens.length > 1) {
        throw new UserError("bad_syntax", `\`${token}\` is not a period or a keyword \u2014 did you mean \`${keyword}\`?`, `For example \`${def.id} last-week by channel vs last-year where channel=email\`.`);
      }
    }
    throw error;
  }
}
var COMPARISON_WORDS = ["previous", "same-weekday", "last-year"];
var COMPARISON_HINT = "Use `vs previous` (the period before), `vs same-weekday` (the same weekday a week earlier) or `vs last-year` (the same dates a year earlier).";
function parseComparison(args) {
  for (const used of [4, 3, 2, 1]) {
    if (args.length < used)
      continue;
    const comparison = COMPARISONS[metricWord(args.slice(0, used).join("-"))];
    if (comparison)
      return { comparison, used };
  }
  const typed = args[0];
  if (!typed) {
    throw new UserError("bad_syntax", "`vs` needs something to compare with.", COMPARISON_HINT);
  }
  const guess = suggest(metricWord(args.slice(0, 2).join("-")), COMPARISON_WORDS) ?? suggest(typed, COMPARISON_WORDS);
  throw new UserError("bad_syntax", `\`vs ${typed}\` is not a comparison${guess ? ` \u2014 did you mean \`vs ${guess}\`?` : "."}`, COMPARISON_HINT);
}
function parseFilters(def, args, dimensions) {
  const example = `For example \`${def.id} last-week where ${dimensions[0] ?? "channel"}=${exampleValue(dimensions[0])}\`.`;
  const parts = splitConditions(args);
  if (parts.length === 0) {
    throw new UserError("bad_filter", "`where` needs a condition such as field=value.", example);
  }
  const filters = [];
  for (const part of parts) {
    const match = /^([^=:]+)[=:](.*)$/.exec(part);
    if (!match) {
      throw new UserError("bad_filter", `\`${part}\` is not a filter \u2014 write it as field=value.`, example);
    }
    const fieldName = resolveDimension(def, match[1], dimensions, "filtered by");
    const values = match[2].split(",").map((v) => v.trim()).filter((v) => v !== "");
    if (values.length === 0) {
      throw new UserError("bad_filter", `\`${part}\` has no value after \`=\`.`, `For example \`where ${fieldName}=${exampleValue(fieldName)}\`.`);
    }
    const control = controlCharacterIn(match[2]);
    if (control !== void 0)
      throw controlCharacterError(control);
    const existing = filters.find((f) => f.field === fieldName);
    if (existing)
      existing.values.push(...values);
    else
      filters.push({ field: fieldName, values });
  }
  return filters;
}
function splitConditions(tokens) {
  const parts = [];
  let glue = false;
  tokens.forEach((token, i) => {
    const last = parts.length - 1;
    const next = tokens[i + 1] ?? "";
    if (glue && last >= 0) {
      parts[last] += token;
      glue = false;
    } else if (/^[=:]/.test(token) && last >= 0 && !/[=:]/.test(parts[last])) {
      parts[last] += token;
      glue = token.length === 1;
    } else if (/[=:]/.test(token)) {
      parts.push(token);
      glue = /[=:]$/.test(token) && token.indexOf("=") === token.length - 1;
    } else if (token.toLowerCase() === "and") {
      return;
    } else if (last >= 0 && !/^[=:]/.test(next)) {
      parts[last] += ` ${token}`;
    } else {
      parts.push(token);
    }
  });
  return parts;
}
function exampleValue(dimension) {
  return { channel: "email", agent: "Ann", team: "billing", priority: "high", segment: "smb", plan: "pro", source: "organic" }[dimension ?? "channel"] ?? "value";
}
function singular(word) {
  return word.length > 3 && word.endsWith("s") && !word.endsWith("ss") ? word.slice(0, -1) : word;
}
function resolveDimension(def, typed, dimensions, verb) {
  const word = singular(typed.trim().toLowerCase());
  if (dimensions.includes(word))
    return word;
  if (dimensions.length === 0) {
    throw new UserError("unknown_dimension", `${def.id} can't be ${verb} anything: its ${def.dataset} data has no dimensions.`, `Ask \`${def.id} last-month\` without \`by\` or \`where\`.`);
  }
  const list = dimensions.length > 0 ? dimensions.map((d) => `\`${d}\``).join(", ") : "nothing";
  const guess = suggest(word, dimensions);
  if (guess) {
    throw new UserError("unknown_dimension", `\`${typed}\` is not a dimension of ${def.id} \u2014 did you mean \`${guess}\`?`, `${def.id} can be ${verb} ${list}.`);
  }
  throw new UserError("unknown_dimension", `${def.id} can't be ${verb} \`${typed}\`.`, `It can be ${verb} ${list}.`);
}
function missingArgument(def, keyword, dimensions) {
  if (dimensions.length === 0) {
    return new UserError("unknown_dimension", `${def.id} can't be broken down: its ${def.dataset} data has no dimensions.`, `Ask \`${def.id} last-month\` without \`by\`.`);
  }
  return new UserError("bad_syntax", `\`${keyword}\` needs a dimension.`, `${def.id} can be broken down by ${dimensions.map((d) => `\`${d}\``).join(", ")}, e.g. \`${def.id} last-week by ${dimensions[0]}\`.`);
}

// dist/src/commands/parseManage.js
var DEFAULT_DIGEST_METRICS = ["csat", "nps", "frt", "ticket_volume"];
var DEFAULT_DIGEST_PERIOD = { daily: "yesterday", weekdays: "yesterday", weekly: "last-week", monthly: "last-month", hourly: "today", cron: "yesterday" };
var ALERT_DEFAULTS = {
  period: "last-7-days",
  check: "daily 09:00",
  cron: "0 9 * * *",
  forChecks: 1,
  cooldownMs: 24 * 36e5,
  snoozeMs: 24 * 36e5,
  /** Sampled rates, scores and times need this many records before a rule judges them. */
  minNSampled: 30,
  /** Counts and composite figures judge from a single record. */
  minNOther: 1
};
function defaultMinN(def) {
  return ["percent", "nps", "score", "seconds"].includes(def.unit) ? ALERT_DEFAULTS.minNSampled : ALERT_DEFAULTS.minNOther;
}
var SUBJECTS = ["digest", "alert"];
var SUBJECT_WORDS = { digest: "digest", digests: "digest", alert: "alert", alerts: "alert" };
var VERBS = {
  digest: {
    add: "add",
    new: "add",
    create: "add",
    list: "list",
    ls: "list",
    show: "list",
    pause: "pause",
    stop: "pause",
    resume: "resume",
    unpause: "resume",
    start: "resume",
    remove: "remove",
    delete: "remove",
    rm: "remove",
    del: "remove",
    preview: "preview",
    "dry-run": "preview",
    try: "preview",
    send: "send",
    "send-now": "send",
    post: "send"
  },
  alert: {
    add: "add",
    new: "add",
    create: "add",
    list: "list",
    ls: "list",
    show: "list",
    remove: "remove",
    delete: "remove",
    rm: "remove",
    del: "remove",
    mute: "mute",
    unmute: "unmute",
    ack: "ack",
    acknowledge: "ack",
    snooze: "snooze"
  }
};
var CANONICAL_VERBS = {
  digest: ["add", "list", "preview", "send", "pause", "resume", "remove"],
  alert: ["add", "list", "remove", "mute", "unmute", "ack", "snooze"]
};
var DIGEST_EXAMPLES = 'For example `digest add daily 09:00`, `digest add weekdays 08:30 csat nps frt`, `digest add weekly mon 09:00 period last-week`, `digest add daily 09:00 csat vs last-year` or `digest add cron "0 9 * * 1-5"`.';
var ALERT_EXAMPLES = "For example `alert add churn_rate > 5% over last-30-days check daily 09:00`, `alert add csat < 80% over last-7-days min-n 30 for 2 cooldown 24h` or `alert add csat drops 5 pts vs previous`.";
var REFERENCE_A = /* @__PURE__ */ new Date("2001-06-13T12:00:00Z");
var REFERENCE_B = /* @__PURE__ */ new Date("2002-08-21T12:00:00Z");
function parseManageCommand(text, ctx) {
  const cleaned = text.trim().replace(/^\/+/, "");
  const first = tokenize(cleaned)[0];
  if (first === void 0)
    return null;
  let subject = SUBJECT_WORDS[first.toLowerCase()];
  if (!subject) {
    const guess = suggest(first.toLowerCase(), SUBJECTS);
    const second = tokenize(cleaned)[1]?.toLowerCase();
    if (guess && second !== void 0 && VERBS[guess][second] && findMetric(first) === void 0) {
      throw new UserError("bad_syntax", `\`${first}\` is not a command \u2014 did you mean \`${guess} ${second}\`?`, guess === "digest" ? DIGEST_EXAMPLES : ALERT_EXAMPLES);
    }
    return null;
  }
  const tokens = tokenize(subject === "alert" ? spaceOperators(cleaned) : cleaned).slice(1);
  const verbWord = tokens[0]?.toLowerCase();
  if (verbWord === void 0)
    return { kind: `${subject}_list` };
  const verb = VERBS[subject][verbWord];
  if (!verb) {
    const guess = suggest(verbWord, CANONICAL_VERBS[subject]);
    throw new UserError("bad_syntax", `\`${subject} ${tokens[0]}\` is not something I can do${guess ? ` \u2014 did you mean \`${subject} ${guess}\`?` : "."}`, `Use \`${subject} ${CANONICAL_VERBS[subject].join("|")}\`. ${subject === "digest" ? DIGEST_EXAMPLES : ALERT_EXAMPLES}`);
  }
  const args = tokens.slice(1);
  if (verb === "list") {
    const pageWords = args[0]?.toLowerCase() === "page" ? args.slice(1) : args;
    if (args.length === 0)
      return { kind: `${subject}_list` };
    if (pageWords.length !== 1 || !/^\d{1,6}$/.test(pageWords[0]) || Number(pageWords[0]) < 1) {
      throw new UserError("bad_syntax", `\`${subject} list\` takes only a page number after it.`, `Type \`${subject} list\`, or \`${subject} list 2\` for the second page of a long list.`);
    }
    return { kind: `${subject}_list`, page: Number(pageWords[0]) };
  }
  if (verb === "add")
    return subject === "digest" ? { kind: "digest_add", ...parseDigestDraft(args, ctx, "add") } : parseAlertAdd(args, ctx);
  if (verb === "preview")
    return parseDigestPreview(args, ctx);
  return parseIdCommand(subject, verb, args);
}
function manageKind(text) {
  const [first, second] = tokenize(text.trim().replace(/^\/+/, ""));
  const subject = first === void 0 ? void 0 : SUBJECT_WORDS[first.toLowerCase()];
  if (!subject)
    return null;
  if (second === void 0)
    return `${subject}_list`;
  const verb = VERBS[subject][second.toLowerCase()];
  return verb ? `${subject}_${verb}` : null;
}
function spaceOperators(text) {
  return text.split(/("[^"]*"|“[^”]*”)/).map((part, i) => i % 2 === 1 ? part : part.replace(/(>=|<=|≥|≤|>|<)/g, " $1 ")).join("");
}
function parseIdCommand(subject, verb, args) {
  const [typed, ...rest] = args;
  if (typed === void 0) {
    throw new UserError("bad_syntax", `\`${subject} ${verb}\` needs the ${subject}'s id.`, `\`${subject} list\` shows every ${subject} with its id, e.g. \`${subject} ${verb} ${subject === "digest" ? "d-7k3" : "a-4fq"}\`.`);
  }
  const id = typed.toLowerCase();
  const other = subject === "digest" ? "alert" : "digest";
  if (id.startsWith(`${other[0]}-`)) {
    const otherVerb = subject === "digest" ? verb === "pause" ? "mute" : verb === "resume" ? "unmute" : verb : verb === "mute" ? "pause" : verb === "unmute" ? "resume" : verb;
    const fits = CANONICAL_VERBS[other].includes(otherVerb);
    throw new UserError("bad_syntax", `\`${typed}\` is ${other === "alert" ? "an alert" : "a digest"}, not ${subject === "alert" ? "an alert" : "a digest"}.`, fits ? `Use \`${other} ${otherVerb} ${id}\`.` : `\`${other} list\` shows the ${other}s and what you can do with them.`);
  }
  if (verb === "snooze") {
    const forMs = rest.length === 0 ? ALERT_DEFAULTS.snoozeMs : parseDuration(rest, "snooze");
    if (forMs <= 0)
      throw new UserError("bad_option", "A snooze must last a while.", `For example \`alert snooze ${id} 24h\`.`);
    return { kind: "alert_snooze", id, forMs };
  }
  if (rest.length > 0) {
    throw new UserError("bad_syntax", `\`${subject} ${verb} ${typed}\` takes nothing after the id (got \`${rest.join(" ")}\`).`, `Type \`${subject} ${verb} ${id}\`.`);
  }
  return { kind: `${subject}_${verb}`, id };
}
var WHEN_WORDS = {
  daily: "daily",
  "every-day": "daily",
  everyday: "daily",
  weekdays: "weekdays",
  "every-weekday": "weekdays",
  workdays: "weekdays",
  weekday: "weekdays",
  weekly: "weekly",
  "every-week": "weekly",
  monthly: "monthly",
  "every-month": "monthly",
  hourly: "hourly",
  "every-hour": "hourly",
  cron: "cron"
};
var DAY_WORDS = {
  sun: 0,
  sunday: 0,
  mon: 1,
  monday: 1,
  tue: 2,
  tues: 2,
  tuesday: 2,
  wed: 3,
  wednesday: 3,
  thu: 4,
  thur: 4,
  thurs: 4,
  thursday: 4,
  fri: 5,
  friday: 5,
  sat: 6,
  saturday: 6
};
function parseWhen(tokens, start, keywords, examples) {
  let i = start;
  const typed = tokens[i];
  if (typed === void 0)
    throw new UserError("bad_syntax", "When should it run?", examples);
  let word = typed.toLowerCase();
  if (word === "every" && tokens[i + 1]) {
    word = `every-${tokens[i + 1].toLowerCase()}`;
    i++;
  }
  const when = WHEN_WORDS[word];
  if (!when) {
    const guess = suggest(word, ["daily", "weekdays", "weekly", "monthly", "hourly", "cron"]);
    throw new UserError("bad_syntax", `\`${typed}\` is not a schedule${guess ? ` \u2014 did you mean \`${guess}\`?` : "."}`, examples);
  }
  i++;
  const takeTime = () => {
    const at = tokens[i]?.toLowerCase() === "at";
    if (at)
      i++;
    const token = tokens[i];
    if (token === void 0 || keywords.has(token.toLowerCase()) || !at && !/^\d/.test(token))
      return { h: 9, m: 0 };
    let text = token;
    const meridiem = tokens[i + 1]?.toLowerCase();
    if (meridiem === "am" || meridiem === "pm") {
      text += meridiem;
      i++;
    }
    i++;
    return parseTime(text);
  };
  switch (when) {
    case "daily":
    case "weekdays": {
      const { h, m } = takeTime();
      return { cron: `${m} ${h} * * ${when === "daily" ? "*" : "1-5"}`, when, next: i };
    }
    case "hourly":
      return { cron: "0 * * * *", when, next: i };
    case "weekly": {
      let days = [1];
      const dayToken = tokens[i];
      if (dayToken !== void 0 && !/^\d/.test(dayToken) && dayToken.toLowerCase() !== "at" && !keywords.has(dayToken.toLowerCase()) && !startsWithMetric(dayToken)) {
        days = dayToken.toLowerCase().split(",").filter((d) => d !== "").map((d) => {
          const n = DAY_WORDS[d.replace(/s$/, "")] ?? DAY_WORDS[d];
          if (n === void 0) {
            const guess = suggest(d, Object.keys(DAY_WORDS));
            throw new UserError("bad_syntax", `\`${d}\` is not a day of the week${guess ? ` \u2014 did you mean \`${guess}\`?` : "."}`, "Use mon, tue, wed, thu, fri, sat or sun, e.g. `weekly mon 09:00` or `weekly mon,thu 09:00`.");
          }
          return n;
        });
        i++;
      }
      const { h, m } = takeTime();
      return { cron: `${m} ${h} * * ${[...new Set(days)].sort((a, b) => a - b).join(",")}`, when, next: i };
    }
    case "monthly": {
      let dom = "1";
      const dayToken = tokens[i]?.toLowerCase();
      const timeLike = dayToken !== void 0 && /[:.]|am$|pm$/.test(dayToken);
      if (dayToken !== void 0 && !timeLike && dayToken !== "at" && !keywords.has(dayToken) && !startsWithMetric(dayToken)) {
        const word2 = dayToken.replace(/^(\d{1,2})(st|nd|rd|th)$/, "$1");
        if (word2 === "last")
          dom = "L";
        else if (word2 === "first")
          dom = "1";
        else if (/^\d{1,2}$/.test(word2) && Number(word2) >= 1 && Number(word2) <= 28)
          dom = String(Number(word2));
        else if (/^\d{1,2}$/.test(word2) && Number(word2) >= 29 && Number(word2) <= 31) {
          throw new UserError("bad_syntax", `Not every month has a day ${Number(word2)}, so that digest would skip months.`, "Use `monthly last 09:00` for the last day of each month, or a day from 1 to 28.");
        } else {
          throw new UserError("bad_syntax", `\`${tokens[i]}\` is not a day of the month.`, "Use a day from 1 to 28, or `last`, e.g. `monthly 1 09:00` or `monthly last 17:00`.");
        }
        i++;
      }
      const { h, m } = takeTime();
      return { cron: `${m} ${h} ${dom} * *`, when, next: i };
    }
    case "cron": {
      const first = tokens[i];
      if (first === void 0)
        throw new UserError("bad_syntax", "`cron` needs an expression.", 'Quote it, e.g. `cron "0 9 * * 1-5"` (minute hour day-of-month month day-of-week).');
      let expression;
      if (/\s/.test(first.trim())) {
        expression = first.trim();
        i++;
      } else {
        expression = tokens.slice(i, i + 5).join(" ");
        i += 5;
      }
      const problem = cronProblem(expression);
      if (problem) {
        throw new UserError("bad_syntax", `\`${expression}\` is not a cron expression: ${problem}.`, 'For example `cron "0 9 * * 1-5"` \u2014 minute hour day-of-month month day-of-week \u2014 runs at 09:00 on weekdays.');
      }
      return { cron: expression.replace(/\s+/g, " "), when, next: i };
    }
  }
}
function startsWithMetric(token) {
  const first = token.split(",").find((w) => w !== "");
  return first !== void 0 && findMetric(first) !== void 0;
}
function parseTime(text) {
  const match = /^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$/i.exec(text.trim());
  const hint = "Write the time as HH:MM on a 24-hour clock, e.g. `09:00` or `17:30` (or `9am`, `5:30pm`).";
  if (!match)
    throw new UserError("bad_syntax", `\`${text}\` is not a time of day.`, hint);
  let h = Number(match[1]);
  const m = Number(match[2] ?? "0");
  const meridiem = match[3]?.toLowerCase();
  if (meridiem) {
    if (h < 1 || h > 12)
      throw new UserError("bad_syntax", `\`${text}\` is not a time of day.`, hint);
    h = h % 12 + (meridiem === "pm" ? 12 : 0);
  }
  if (h > 23 || m > 59)
    throw new UserError("bad_syntax", `\`${text}\` is not a time of day.`, hint);
  return { h, m };
}
function parseTimeZone(typed) {
  const hint = "Use an IANA zone name such as Europe/Vilnius, America/New_York or UTC.";
  if (typed === void 0)
    throw new UserError("bad_option", "`tz` needs a time zone.", hint);
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: typed }).resolvedOptions().timeZone;
  } catch {
    const zones = [...Intl.supportedValuesOf("timeZone"), "UTC"];
    const guess = suggest(typed, zones) ?? zones.find((z) => z.toLowerCase().endsWith(`/${typed.toLowerCase()}`));
    throw new UserError("bad_option", `\`${typed}\` is not a time zone${guess ? ` \u2014 did you mean \`${guess}\`?` : "."}`, hint);
  }
}
function periodClause(words, ctx, what, keywords, examples) {
  try {
    return parseRelativePeriod(words, ctx, what);
  } catch (e) {
    if (e instanceof UserError && e.code === "unknown_period") {
      for (const word of words.slice(1)) {
        if (suggest(word.toLowerCase(), keywords) !== void 0)
          throw unexpected(word, keywords, examples);
      }
    }
    throw e;
  }
}
function parseRelativePeriod(words, ctx, what) {
  const text = words.join(" ");
  if (text.trim() === "")
    throw new UserError("unknown_period", `\`period\` needs period words.`, "For example `period yesterday`, `period last-week` or `over last-30-days`.");
  const opts = { timeZone: ctx.timeZone, weekStartsOn: ctx.weekStartsOn ?? 1 };
  const a = parsePeriod(text, { ...opts, now: REFERENCE_A });
  const b = parsePeriod(text, { ...opts, now: REFERENCE_B });
  if (a.start.getTime() === b.start.getTime()) {
    throw new UserError("unknown_period", `\`${text}\` is fixed dates, but ${what} runs again and again.`, "Use a period relative to each run: yesterday, last-week, last-month, last-7-days, last-30-days, this-month, mtd \u2026");
  }
  return a.label;
}
function parseDuration(words, what) {
  const text = words.join("").toLowerCase();
  if (text === "none" || text === "off" || text === "0")
    return 0;
  const match = /^(\d+(?:\.\d+)?)(s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?)$/.exec(text);
  if (!match) {
    throw new UserError("bad_option", `\`${words.join(" ")}\` is not a duration for \`${what}\`.`, `Write a number and a unit, e.g. \`${what} 24h\`, \`${what} 30m\` or \`${what} 2d\`.`);
  }
  const n = Number(match[1]);
  const unit = match[2][0];
  const ms = { s: 1e3, m: 6e4, h: 36e5, d: 864e5, w: 7 * 864e5 }[unit];
  return Math.round(n * ms);
}
function clauses(tokens, keywords) {
  const lead = [];
  const parts = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    let keyword = keywords[token.toLowerCase()];
    let typed = token;
    if (!keyword && token.toLowerCase() === "min" && tokens[i + 1]?.toLowerCase() === "n" && keywords["min-n"]) {
      keyword = "min-n";
      typed = "min n";
      i++;
    }
    if (keyword)
      parts.push({ keyword, typed, args: [] });
    else if (parts.length > 0)
      parts[parts.length - 1].args.push(token);
    else
      lead.push(token);
  }
  return { lead, parts };
}
function once(seen, keyword, example) {
  if (seen.has(keyword))
    throw new UserError("bad_syntax", `\`${keyword}\` is given twice.`, example);
  seen.add(keyword);
}
var DIGEST_KEYWORDS = {
  metrics: "metrics",
  metric: "metrics",
  period: "period",
  over: "period",
  for: "period",
  vs: "vs",
  "vs.": "vs",
  versus: "vs",
  against: "vs",
  tz: "tz",
  timezone: "tz",
  "time-zone": "tz",
  zone: "tz"
};
var DIGEST_KEYWORD_NAMES = ["metrics", "period", "vs", "tz"];
function parseDigestDraft(args, ctx, verb) {
  if (args.length === 0)
    throw new UserError("bad_syntax", `\`digest ${verb}\` needs a schedule.`, DIGEST_EXAMPLES);
  const keywordSet = new Set(Object.keys(DIGEST_KEYWORDS));
  const { cron, when, next } = parseWhen(args, 0, keywordSet, DIGEST_EXAMPLES);
  const { lead, parts } = clauses(args.slice(next), DIGEST_KEYWORDS);
  let metrics = [...DEFAULT_DIGEST_METRICS];
  let period = DEFAULT_DIGEST_PERIOD[when];
  let comparison;
  let timeZone = ctx.timeZone;
  const seen = /* @__PURE__ */ new Set();
  if (lead.length > 0) {
    metrics = parseMetricList(lead, DIGEST_KEYWORD_NAMES);
    seen.add("metrics");
  }
  for (const part of parts) {
    once(seen, part.keyword, DIGEST_EXAMPLES);
    if (part.keyword === "metrics")
      metrics = parseMetricList(part.args);
    else if (part.keyword === "period")
      period = periodClause(part.args, ctx, "a digest", DIGEST_KEYWORD_NAMES, DIGEST_EXAMPLES);
    else if (part.keyword === "vs")
      comparison = comparisonClause(part.args);
    else {
      if (part.args.length > 1)
        throw new UserError("bad_option", `\`tz\` takes one zone (got \`${part.args.join(" ")}\`).`, "For example `tz Europe/Vilnius`.");
      timeZone = parseTimeZone(part.args[0]);
    }
  }
  return { schedule: { cron, timeZone }, metrics, period, ...comparison ? { comparison } : {} };
}
function parseDigestPreview(args, ctx) {
  const first = args[0];
  if (first === void 0)
    return { kind: "digest_preview" };
  if (/^[da]-[a-z0-9]+$/i.test(first)) {
    const command = parseIdCommand("digest", "preview", args);
    return { kind: "digest_preview", id: command.id };
  }
  return { kind: "digest_preview", draft: parseDigestDraft(args, ctx, "preview") };
}
function comparisonClause(words) {
  const { comparison, used } = parseComparison(words);
  if (used < words.length) {
    throw new UserError("bad_syntax", `\`vs ${words.join(" ")}\` is not a comparison: \`${words.slice(used).join(" ")}\` is left over.`, COMPARISON_HINT);
  }
  return comparison;
}
function parseMetricList(words, keywords = []) {
  const names = words.join(",").split(/[,\s]+/).filter((w) => w !== "");
  if (names.length === 0)
    throw new UserError("unknown_metric", "`metrics` needs metric names.", "For example `metrics csat,nps,frt` \u2014 `help` lists them all.");
  const ids = [];
  for (const name of names) {
    const def = findMetric(name);
    if (!def)
      throw unknownMetric2(name, keywords);
    if (!ids.includes(def.id))
      ids.push(def.id);
  }
  return ids;
}
function metricCandidates2() {
  return CATALOG.flatMap((d) => [d.id, ...d.aliases]);
}
function unknownMetric2(typed, keywords = []) {
  const keyword = suggest(typed.toLowerCase(), keywords) ?? (keywords.includes("period") && isPeriodWord(typed) ? `period ${typed}` : void 0);
  const guess = keyword ?? suggest(typed, metricCandidates2());
  const shown = keyword ?? (guess ? findMetric(guess)?.id ?? guess : void 0);
  return new UserError("unknown_metric", `\`${typed}\` is not a metric${keywords.length > 0 ? " or a keyword" : ""}${shown ? ` \u2014 did you mean \`${shown}\`?` : "."}`, keywords.length > 0 ? `After the schedule come the metrics (\`csat nps frt\`), then \`period \u2026\`, \`vs \u2026\` or \`tz \u2026\`. Type \`help\` to see every metric. ${DIGEST_EXAMPLES}` : "Type `help` to see every metric, e.g. csat, nps, frt, ticket_volume, churn_rate.");
}
function isPeriodWord(word) {
  try {
    parsePeriod(word, { now: REFERENCE_A, timeZone: "UTC", weekStartsOn: 1 });
    return true;
  } catch {
    return false;
  }
}
function unexpected(token, keywords, examples) {
  const guess = suggest(token.toLowerCase(), keywords);
  return new UserError("bad_syntax", `\`${token}\` is not understood here${guess ? ` \u2014 did you mean \`${guess}\`?` : "."}`, examples);
}
var ALERT_KEYWORDS = {
  over: "over",
  period: "over",
  where: "where",
  with: "where",
  vs: "vs",
  "vs.": "vs",
  versus: "vs",
  check: "check",
  checked: "check",
  "min-n": "min-n",
  minn: "min-n",
  min_n: "min-n",
  "min-sample": "min-n",
  for: "for",
  cooldown: "cooldown",
  "cool-down": "cooldown",
  tz: "tz",
  timezone: "tz",
  "time-zone": "tz",
  zone: "tz"
};
var ALERT_KEYWORD_NAMES = ["over", "where", "vs", "check", "min-n", "for", "cooldown", "tz"];
var OPERATORS = {
  ">": ">",
  ">=": ">=",
  "\u2265": ">=",
  "<": "<",
  "<=": "<=",
  "\u2264": "<=",
  above: ">",
  exceeds: ">",
  below: "<",
  under: "<"
};
var CHANGE_WORDS = {
  drops: "drops",
  drop: "drops",
  falls: "drops",
  fall: "drops",
  decreases: "drops",
  decrease: "drops",
  rises: "rises",
  rise: "rises",
  increases: "rises",
  increase: "rises",
  grows: "rises",
  jumps: "rises"
};
var MAX_METRIC_WORDS2 = 5;
function parseAlertAdd(args, ctx) {
  if (args.length === 0)
    throw new UserError("bad_syntax", "`alert add` needs a metric and a condition.", ALERT_EXAMPLES);
  let def;
  let used = 0;
  for (let n = Math.min(MAX_METRIC_WORDS2, args.length); n >= 1 && !def; n--) {
    def = findMetric(args.slice(0, n).join("-"));
    if (def)
      used = n;
  }
  if (!def)
    throw unknownMetric2(args[0]);
  const { condition, next } = parseCondition(def, args, used);
  const { lead, parts } = clauses(args.slice(next), ALERT_KEYWORDS);
  if (lead.length > 0)
    throw unexpected(lead[0], ALERT_KEYWORD_NAMES, ALERT_EXAMPLES);
  let period = ALERT_DEFAULTS.period;
  let filterWords = [];
  let cron = ALERT_DEFAULTS.cron;
  let minN = defaultMinN(def);
  let forChecks = ALERT_DEFAULTS.forChecks;
  let cooldownMs = ALERT_DEFAULTS.cooldownMs;
  let timeZone = ctx.timeZone;
  let comparison;
  const seen = /* @__PURE__ */ new Set();
  for (const part of parts) {
    once(seen, part.keyword, ALERT_EXAMPLES);
    switch (part.keyword) {
      case "over":
        period = periodClause(part.args, ctx, "an alert", ALERT_KEYWORD_NAMES, ALERT_EXAMPLES);
        break;
      case "where":
        filterWords = part.args;
        break;
      case "vs":
        comparison = comparisonClause(part.args);
        break;
      case "check": {
        const words = part.args;
        const when = parseWhen(words, 0, /* @__PURE__ */ new Set(), 'For example `check daily 09:00`, `check weekdays 08:30`, `check hourly` or `check cron "*/30 * * * *"`.');
        if (when.next < words.length)
          throw unexpected(words[when.next], ALERT_KEYWORD_NAMES, ALERT_EXAMPLES);
        cron = when.cron;
        break;
      }
      case "min-n":
        minN = wholeNumber(part.args, "min-n", 0, "For example `min-n 30`: below 30 records the rule does not judge.");
        break;
      case "for": {
        const words = part.args.filter((w, i) => !(i > 0 && /^(checks?|times|runs|in-a-row|consecutive)$/i.test(w)));
        if (words.length === 2 && /^(minutes?|hours?|days?|weeks?|h|m|d|w)$/i.test(words[1])) {
          throw new UserError("bad_option", "`for` counts consecutive checks, not time.", "For example `for 2`: it fires on the second breaching check in a row.");
        }
        forChecks = wholeNumber(words, "for", 1, "For example `for 2`: it fires on the second breaching check in a row.");
        break;
      }
      case "cooldown":
        cooldownMs = parseDuration(part.args, "cooldown");
        break;
      case "tz":
        if (part.args.length > 1)
          throw new UserError("bad_option", `\`tz\` takes one zone (got \`${part.args.join(" ")}\`).`, "For example `tz Europe/Vilnius`.");
        timeZone = parseTimeZone(part.args[0]);
        break;
    }
  }
  const filters = parseFilters2(def, period, filterWords, comparison, ctx);
  return {
    kind: "alert_add",
    metric: def.id,
    condition,
    period,
    filters,
    ...comparison ? { comparison } : {},
    schedule: { cron, timeZone },
    minN,
    forChecks,
    cooldownMs
  };
}
function wholeNumber(args, keyword, min, hint) {
  const [typed, ...rest] = args;
  if (typed === void 0 || rest.length > 0 || !/^\d+$/.test(typed) || Number(typed) < min) {
    throw new UserError("bad_option", `\`${keyword}\` needs a whole number${min > 0 ? ` of at least ${min}` : ""}${typed === void 0 ? "." : ` (got \`${args.join(" ")}\`).`}`, hint);
  }
  return Number(typed);
}
function parseCondition(def, args, start) {
  let i = start;
  const word = args[i]?.toLowerCase();
  const hint = `For example \`alert add ${def.id} ${exampleThreshold(def)}\` or \`alert add ${def.id} drops ${def.unit === "percent" || def.unit === "nps" ? "5 pts" : "20%"} vs previous\`.`;
  if (word === void 0)
    throw new UserError("bad_syntax", `What should the alert on ${def.id} watch for?`, hint);
  const op = OPERATORS[word];
  if (op) {
    i++;
    const { value, unit, next } = readAmount(args, i);
    if (value === null)
      throw new UserError("bad_syntax", `\`${word}\` needs a value.`, hint);
    return { condition: { kind: "threshold", op, value: thresholdValue(def, value, unit, hint) }, next };
  }
  const direction = CHANGE_WORDS[word];
  if (direction) {
    i++;
    if (args[i]?.toLowerCase() === "by")
      i++;
    const { value, unit, next } = readAmount(args, i);
    if (value === null || value <= 0)
      throw new UserError("bad_syntax", `\`${word}\` needs an amount, e.g. \`${word} 5 pts\` or \`${word} 20%\`.`, hint);
    const change = changeAmount(def, value, unit, hint);
    return { condition: { kind: "change", direction, by: change.by, unit: change.unit }, next };
  }
  const guess = suggest(word, [...Object.keys(CHANGE_WORDS), "above", "below"]);
  throw new UserError("bad_syntax", `\`${args[i]}\` is not a condition${guess ? ` \u2014 did you mean \`${guess}\`?` : "."}`, `Use >, >=, <, <= and a value, or drops/rises by an amount. ${hint}`);
}
function exampleThreshold(def) {
  switch (def.unit) {
    case "percent":
      return "< 80%";
    case "seconds":
      return "> 2h";
    case "nps":
      return "< 30";
    case "score":
      return "< 4";
    default:
      return "> 100";
  }
}
function readAmount(args, i) {
  const token = args[i];
  if (token === void 0)
    return { value: null, unit: "", next: i };
  const match = /^([+-]?\d+(?:[.,]\d+)?)([a-z%]*)$/i.exec(token.replace(/^[$€£]/, ""));
  if (!match)
    return { value: null, unit: "", next: i };
  const value = Number(match[1].replace(",", "."));
  let unit = match[2].toLowerCase();
  let next = i + 1;
  const after = args[next]?.toLowerCase();
  if (unit === "" && after !== void 0 && /^(%|pts?|points?|percent|s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?)$/.test(after)) {
    unit = after;
    next++;
  }
  return { value, unit, next };
}
var DURATION_UNIT = /^(s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?)$/;
var PCT = /^(%|percent)$/;
var PTS = /^(pts?|points?)$/;
function durationSeconds(value, unit) {
  const u = unit[0];
  return value * (u === "s" ? 1 : u === "m" ? 60 : u === "h" ? 3600 : 86400);
}
function thresholdValue(def, value, unit, hint) {
  if (def.unit === "seconds") {
    if (!DURATION_UNIT.test(unit)) {
      throw new UserError("bad_option", `${def.id} is a time: give the threshold a unit.`, `For example \`alert add ${def.id} > 2h\` or \`> 90min\`.`);
    }
    return durationSeconds(value, unit);
  }
  const fits = unit === "" || def.unit === "percent" && (PCT.test(unit) || PTS.test(unit)) || def.unit === "nps" && PTS.test(unit);
  if (fits && def.unit === "percent" && (value < 0 || value > 100)) {
    throw new UserError("bad_option", `${def.id} is a percentage, so a threshold of ${value}% can never be crossed.`, "Give a value from 0 to 100, e.g. `> 5%`.");
  }
  if (fits && def.unit === "nps" && (value < -100 || value > 100)) {
    throw new UserError("bad_option", `NPS runs from \u2212100 to 100, so a threshold of ${value} can never be crossed.`, "For example `alert add nps < 30`.");
  }
  if (fits)
    return value;
  throw new UserError("bad_option", `\`${value}${unit}\` does not fit ${def.id}, which is ${unitWords(def)}.`, hint);
}
function changeAmount(def, value, unit, hint) {
  if (PCT.test(unit))
    return { by: value, unit: "%" };
  const pointsMetric = def.unit === "percent" || def.unit === "nps";
  if (PTS.test(unit)) {
    if (pointsMetric)
      return { by: value, unit: "pts" };
    throw new UserError("bad_option", `${def.id} is ${unitWords(def)}, so it does not move in points.`, `Use a relative change such as \`drops 10%\`${def.unit === "seconds" ? " or a time such as `rises 10 min`" : ""}.`);
  }
  if (def.unit === "seconds") {
    if (DURATION_UNIT.test(unit))
      return { by: durationSeconds(value, unit), unit: "abs" };
    throw new UserError("bad_option", `${def.id} is a time: give the change a unit.`, `For example \`alert add ${def.id} rises 10 min\` or \`rises 20%\`.`);
  }
  if (unit !== "")
    throw new UserError("bad_option", `\`${value}${unit}\` does not fit ${def.id}, which is ${unitWords(def)}.`, hint);
  return pointsMetric ? { by: value, unit: "pts" } : { by: value, unit: "abs" };
}
function unitWords(def) {
  return {
    percent: "a percentage",
    nps: "a score from \u2212100 to 100",
    score: "a score on a survey scale",
    seconds: "a time",
    count: "a count",
    number: "a number",
    currency: "an amount of money"
  }[def.unit];
}
function parseFilters2(def, period, words, comparison, ctx) {
  if (words.length === 0)
    return "";
  const where = words.map(quoteIfNeeded).join(" ");
  const vs = comparison ? ` vs ${comparison}` : "";
  const command = parseCommand(`${def.id} ${period}${vs} where ${where}`, {
    periods: { now: REFERENCE_A, timeZone: ctx.timeZone, weekStartsOn: ctx.weekStartsOn ?? 1 },
    defaultPeriod: period
  });
  if (command.kind !== "metric")
    throw new Error("a metric question parsed as something else");
  return command.filters.map((f) => `${f.field}=${f.values.map(quoteValue).join(",")}`).join(" ");
}
function quoteIfNeeded(token) {
  const eq = token.indexOf("=");
  if (!/\s/.test(token))
    return token;
  return eq > 0 ? `${token.slice(0, eq + 1)}"${token.slice(eq + 1)}"` : `"${token}"`;
}
function quoteValue(value) {
  return /[\s,"=]/.test(value) ? `"${value.replace(/"/g, "")}"` : value;
}

export {
  within,
  npsStandardError,
  changeIsSignificant,
  CATALOG,
  findMetric,
  directionOf,
  parseCommand,
  DEFAULT_DIGEST_METRICS,
  DEFAULT_DIGEST_PERIOD,
  ALERT_DEFAULTS,
  defaultMinN,
  parseManageCommand,
  manageKind
};
