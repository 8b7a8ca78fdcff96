/** Customer metrics: churn, retention, lifetime value, referrals, engagement. */
import { and, field, openAt, seconds, within, type Cond } from "../../measures/measures.ts";
import type { MetricDefinition, MetricValue } from "../types.ts";
import { countOf, momentsOf, plainValue, proportionValue } from "../values.ts";

const SECONDS_PER_YEAR = 365.25 * 86_400;

const atStart = openAt("started_at", "churned_at", "start");
const atEnd = openAt("started_at", "churned_at", "end");
const churnedBeforeEnd: Cond = { cmp: "<", a: field("churned_at"), b: { bound: "end" } };

export const churnRate: MetricDefinition = {
  id: "churn_rate",
  name: "Churn rate",
  aliases: ["churn", "customer-churn", "attrition"],
  unit: "percent",
  direction: "lower",
  dataset: "customers",
  formula: "customers lost during the period / customers at the start of the period × 100 (of the customers there at the start)",
  measures: () => ({
    start: { agg: "count", where: atStart },
    lost: { agg: "count", where: and(atStart, within("churned_at")) },
  }),
  compute: (m) => proportionValue(countOf(m, "lost"), countOf(m, "start")),
};

export const retentionRate: MetricDefinition = {
  id: "retention_rate",
  name: "Customer retention rate",
  aliases: ["retention", "crr", "customer-retention"],
  unit: "percent",
  direction: "higher",
  dataset: "customers",
  formula:
    "(E − N) / S × 100: S customers at the start, E at the end, N new during the period (variant end_over_start: E / S × 100, RETENTION_VARIANT)",
  measures: () => ({
    start: { agg: "count", where: atStart },
    end: { agg: "count", where: atEnd },
    new: { agg: "count", where: within("started_at") },
  }),
  compute: (m, ctx) => {
    const s = countOf(m, "start");
    const e = countOf(m, "end");
    const n = countOf(m, "new");
    if (s === 0) return null;
    if (ctx.options.retentionVariant === "end_over_start") return plainValue((e / s) * 100, s);
    const kept = e - n;
    // Kept customers are a proportion of S whenever the data is consistent (0 ≤ E − N ≤ S).
    return kept >= 0 && kept <= s ? proportionValue(kept, s) : plainValue((kept / s) * 100, s);
  },
};

/** Mean lifespan of the customers who churned before the end of the period, in years. */
const lifespan = {
  agg: "moments",
  dataset: "customers",
  of: seconds(field("started_at"), field("churned_at")),
  where: churnedBeforeEnd,
} as const;

export const clv: MetricDefinition = {
  id: "clv",
  name: "Customer lifetime value",
  aliases: ["ltv", "lifetime-value", "customer-lifetime-value", "cltv"],
  unit: "currency",
  direction: "higher",
  dataset: "orders",
  formula:
    "average purchase value × purchase frequency (purchases per customer per year, from the period's orders) × average customer lifespan in years of 365.25 days (of the customers who have churned by the end of the period)",
  measures: () => ({
    amount: { agg: "moments", of: field("amount"), where: within("ordered_at") },
    buyers: { agg: "distinct", keys: ["customer_id"], where: within("ordered_at") },
    lifespan,
  }),
  compute: (m, ctx) => {
    const amount = momentsOf(m, "amount");
    const buyers = countOf(m, "buyers");
    const life = momentsOf(m, "lifespan");
    if (amount.n === 0 || buyers === 0 || life.n === 0 || ctx.periodYears <= 0) return null;
    const averagePurchase = amount.sum / amount.n;
    const perCustomerPerYear = amount.n / buyers / ctx.periodYears;
    const years = life.sum / life.n / SECONDS_PER_YEAR;
    return plainValue(averagePurchase * perCustomerPerYear * years, amount.n);
  },
};

export const clvHistorical: MetricDefinition = {
  id: "clv_historical",
  name: "Historical CLV",
  aliases: ["historical-clv", "historical-ltv", "clv-historic"],
  unit: "currency",
  direction: "higher",
  dataset: "orders",
  formula: "per customer, the sum of their purchases up to the end of the period × the average gross margin; the mean over customers",
  measures: () => {
    const upToEnd: Cond = { cmp: "<", a: field("ordered_at"), b: { bound: "end" } };
    return {
      amount: { agg: "moments", of: field("amount"), where: upToEnd },
      margin: { agg: "moments", of: field("gross_margin"), where: upToEnd },
      customers: { agg: "distinct", keys: ["customer_id"], where: upToEnd },
    };
  },
  compute: (m) => {
    const amount = momentsOf(m, "amount");
    const margin = momentsOf(m, "margin");
    const customers = countOf(m, "customers");
    if (customers === 0 || margin.n === 0) return null;
    return plainValue((amount.sum / customers) * (margin.sum / margin.n), customers);
  },
};

export const clvPredictive: MetricDefinition = {
  id: "clv_predictive",
  name: "Predictive CLV",
  aliases: ["predictive-clv", "predicted-clv", "predictive-ltv"],
  unit: "currency",
  direction: "higher",
  dataset: "orders",
  formula:
    "average monthly transactions per customer × average order value × expected lifespan in months (1 / the period's monthly churn rate)",
  measures: () => ({
    amount: { agg: "moments", of: field("amount"), where: within("ordered_at") },
    buyers: { agg: "distinct", keys: ["customer_id"], where: within("ordered_at") },
    start: { agg: "count", dataset: "customers", where: atStart },
    lost: { agg: "count", dataset: "customers", where: and(atStart, within("churned_at")) },
  }),
  compute: (m, ctx) => {
    const amount = momentsOf(m, "amount");
    const buyers = countOf(m, "buyers");
    const start = countOf(m, "start");
    const lost = countOf(m, "lost");
    if (amount.n === 0 || buyers === 0 || start === 0 || lost === 0 || ctx.periodYears <= 0) return null;
    const months = ctx.periodYears * 12;
    const monthlyTransactions = amount.n / buyers / months;
    const monthlyChurn = lost / start / months;
    return plainValue(monthlyTransactions * (amount.sum / amount.n) * (1 / monthlyChurn), amount.n);
  },
};

export const referralRate: MetricDefinition = {
  id: "referral_rate",
  name: "Referral rate",
  aliases: ["referrals", "referral", "referred"],
  unit: "percent",
  direction: "higher",
  dataset: "customers",
  formula: "new customers in the period acquired through a referral / all new customers in the period × 100",
  measures: () => ({
    new: { agg: "count", where: within("started_at") },
    referred: { agg: "count", where: and(within("started_at"), { eq: "referred", value: true }) },
  }),
  compute: (m) => proportionValue(countOf(m, "referred"), countOf(m, "new")),
};

export const engagementScore: MetricDefinition = {
  id: "engagement_score",
  name: "Customer engagement score",
  aliases: ["engagement", "customer-engagement"],
  unit: "number",
  direction: "higher",
  dataset: "engagement",
  formula:
    "weighted mean of each programme's share of active customers: Σ wᵢ·xᵢ / Σ wᵢ (programmes and weights: ENGAGEMENT_WEIGHTS, default loyalty 2, training 1)",
  measures: (o) =>
    Object.fromEntries(
      Object.keys(o.engagementWeights).flatMap((programme, i) => {
        const inProgramme = and(within("period_start"), { eq: "programme", value: programme });
        return [
          [`all${i}`, { agg: "count", where: inProgramme }],
          [`active${i}`, { agg: "count", where: and(inProgramme, { eq: "active", value: true }) }],
        ];
      }),
    ),
  compute: (m, ctx): MetricValue | null => {
    let weighted = 0;
    let weights = 0;
    let n = 0;
    Object.entries(ctx.options.engagementWeights).forEach(([, weight], i) => {
      const all = countOf(m, `all${i}`);
      if (all === 0) return;
      weighted += weight * (countOf(m, `active${i}`) / all) * 100;
      weights += weight;
      n += all;
    });
    return weights > 0 ? plainValue(weighted / weights, n) : null;
  },
};
