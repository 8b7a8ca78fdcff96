/** Quality and web/product metrics: IQS, conversion, pages, session duration, DAU, organic clicks. */
import { and, field, within } from "../../measures/measures.ts";
import type { MetricDefinition } from "../types.ts";
import { countOf, countValue, meanValue, momentsOf, plainValue, proportionValue } from "../values.ts";

const visited = within("started_at");

export const iqs: MetricDefinition = {
  id: "iqs",
  name: "Internal quality score",
  aliases: ["quality", "quality-score", "internal-quality-score", "qa", "qa-score"],
  unit: "score",
  direction: "higher",
  dataset: "quality_reviews",
  formula: "per reviewed interaction Σ(weight × criterion score) / Σ weight; the mean over the interactions reviewed in the period, 0–100",
  measures: () => ({
    reviews: {
      agg: "keyedMoments",
      key: "review_id",
      num: { op: "*", a: field("weight"), b: field("score") },
      den: field("weight"),
      where: within("reviewed_at"),
    },
  }),
  compute: (m) => {
    const v = meanValue(momentsOf(m, "reviews"));
    return v && { ...v, scale: { min: 0, max: 100 } };
  },
};

export const conversionRate: MetricDefinition = {
  id: "conversion_rate",
  name: "Conversion rate",
  aliases: ["conversion", "conversions", "cr"],
  unit: "percent",
  direction: "higher",
  dataset: "sessions",
  formula: "visitors who converted / visitors × 100",
  measures: () => ({
    visitors: { agg: "distinct", keys: ["visitor_id"], where: visited },
    converted: { agg: "distinct", keys: ["visitor_id"], where: and(visited, { eq: "converted", value: true }) },
  }),
  compute: (m) => proportionValue(countOf(m, "converted"), countOf(m, "visitors")),
};

export const pagesPerSession: MetricDefinition = {
  id: "pages_per_session",
  name: "Pages per session",
  aliases: ["pages", "pages-per-visit", "page-views-per-session"],
  unit: "number",
  direction: "higher",
  dataset: "sessions",
  formula: "pages viewed / sessions",
  measures: () => ({ pages: { agg: "moments", of: field("pages"), where: visited } }),
  compute: (m) => meanValue(momentsOf(m, "pages")),
};

export const avgSessionDuration: MetricDefinition = {
  id: "avg_session_duration",
  name: "Average session duration",
  aliases: ["session-duration", "average-session-duration", "time-on-site"],
  unit: "seconds",
  direction: "higher",
  dataset: "sessions",
  formula: "mean session duration",
  measures: () => ({ duration: { agg: "moments", of: field("duration_seconds"), where: visited } }),
  compute: (m) => meanValue(momentsOf(m, "duration")),
};

export const dau: MetricDefinition = {
  id: "dau",
  name: "Daily active users",
  aliases: ["daily-active-users", "active-users", "daily-users"],
  unit: "count",
  direction: "higher",
  dataset: "sessions",
  formula: "distinct visitors active on a day (new and returning); over a longer period, the mean of the daily counts",
  measures: () => ({
    visitorDays: { agg: "distinct", keys: ["visitor_id", { localDay: "started_at" }], where: visited },
  }),
  compute: (m, ctx) => {
    const visitorDays = countOf(m, "visitorDays");
    return visitorDays > 0 && ctx.periodDays > 0 ? plainValue(visitorDays / ctx.periodDays, visitorDays) : null;
  },
};

export const organicClicks: MetricDefinition = {
  id: "organic_clicks",
  name: "Organic clicks",
  aliases: ["organic", "organic-traffic", "seo-clicks"],
  unit: "count",
  direction: "higher",
  dataset: "sessions",
  formula: "sessions whose source is organic search",
  measures: () => ({
    organic: { agg: "count", where: and(visited, { eq: "source", value: "organic" }) },
    sessions: { agg: "count", where: visited },
  }),
  compute: (m) => (countOf(m, "sessions") > 0 ? countValue(countOf(m, "organic")) : null),
};
