/** Ticket metrics: volume, response and resolution times, open cases, backlog, rates. */
import { and, field, num, openAt, seconds, within, type Cond, type Expr } from "../../measures/measures.ts";
import type { MetricDefinition, MetricValue } from "../types.ts";
import { countOf, countValue, meanValue, momentsOf, plainValue, proportionValue, quantileOf } from "../values.ts";

const created = within("created_at");
const resolvedInPeriod = and(within("resolved_at"), { notNull: "created_at" });
const firstResponse: Expr = seconds(field("created_at"), field("first_response_at"));
const resolution: Expr = seconds(field("created_at"), field("resolved_at"));
const anyTicketBeforeEnd: Cond = { cmp: "<", a: field("created_at"), b: { bound: "end" } };

/** A snapshot count, or no data when there were no tickets at all before the instant. */
function snapshot(count: number, ticketsSoFar: number): MetricValue | null {
  return ticketsSoFar > 0 ? plainValue(count, ticketsSoFar) : null;
}

export const ticketVolume: MetricDefinition = {
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
  },
};

export const frt: MetricDefinition = {
  id: "frt",
  name: "First response time",
  aliases: ["first-response-time", "first-response", "first-reply-time", "response-time-first"],
  unit: "seconds",
  direction: "lower",
  dataset: "tickets",
  counted: "tickets resolved in the period with a first response",
  formula:
    "sum of first response times (first response − created) of the tickets resolved in the period / number of those tickets; median and 90th percentile beside the mean",
  measures: () => {
    const where = and(resolvedInPeriod, { notNull: "first_response_at" });
    return {
      frt: { agg: "moments", of: firstResponse, where },
      median: { agg: "quantile", of: firstResponse, q: 0.5, where },
      p90: { agg: "quantile", of: firstResponse, q: 0.9, where },
    };
  },
  currentOnly: ["median", "p90"],
  compute: (m) => {
    const v = meanValue(momentsOf(m, "frt"));
    if (!v) return null;
    const extras = [
      { label: "median", value: quantileOf(m, "median") },
      { label: "90th percentile", value: quantileOf(m, "p90") },
    ].flatMap((e) => (e.value === null ? [] : [{ label: e.label, value: e.value, unit: "seconds" as const }]));
    return { ...v, extras };
  },
};

export const art: MetricDefinition = {
  id: "art",
  name: "Average response time",
  aliases: ["average-response-time", "response-time", "avg-response-time"],
  unit: "seconds",
  direction: "lower",
  dataset: "responses",
  formula: "sum of the response times of all replies sent in the period / number of replies",
  measures: () => ({ replies: { agg: "moments", of: field("response_seconds"), where: within("responded_at") } }),
  compute: (m) => meanValue(momentsOf(m, "replies")),
};

export const resolutionTime: MetricDefinition = {
  id: "resolution_time",
  name: "Average resolution time",
  aliases: ["resolution", "time-to-resolution", "average-resolution-time", "ttr"],
  unit: "seconds",
  direction: "lower",
  dataset: "tickets",
  counted: "tickets resolved in the period",
  formula: "mean of (resolved − created) over the tickets resolved in the period",
  measures: () => ({ resolution: { agg: "moments", of: resolution, where: resolvedInPeriod } }),
  compute: (m) => meanValue(momentsOf(m, "resolution")),
};

export const complaintResolutionTime: MetricDefinition = {
  id: "complaint_resolution_time",
  name: "Complaint resolution time",
  aliases: ["complaint-resolution", "complaints", "escalation-resolution-time"],
  unit: "seconds",
  direction: "lower",
  dataset: "tickets",
  counted: "complaints or escalations resolved in the period",
  formula: "mean of (resolved − escalated, or created when never escalated) over the complaints and escalations resolved in the period",
  measures: () => ({
    resolution: {
      agg: "moments",
      of: seconds({ coalesce: [field("escalated_at"), field("created_at")] }, field("resolved_at")),
      where: and(resolvedInPeriod, { or: [{ eq: "is_complaint", value: true }, { notNull: "escalated_at" }] }),
    },
  }),
  compute: (m) => meanValue(momentsOf(m, "resolution")),
};

export const awaitingReply: MetricDefinition = {
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
        or: [{ isNull: "first_response_at" }, { cmp: ">=", a: field("first_response_at"), b: { bound: "end" } }],
      }),
    },
    soFar: { agg: "count", where: anyTicketBeforeEnd },
  }),
  compute: (m) => snapshot(countOf(m, "waiting"), countOf(m, "soFar")),
};

export const backlog: MetricDefinition = {
  id: "backlog",
  name: "Ticket backlog",
  aliases: ["ticket-backlog", "open-tickets", "unresolved"],
  unit: "count",
  direction: "lower",
  dataset: "tickets",
  formula: "tickets created up to the end of the period and not resolved by then",
  measures: () => ({
    open: { agg: "count", where: openAt("created_at", "resolved_at", "end") },
    soFar: { agg: "count", where: anyTicketBeforeEnd },
  }),
  compute: (m) => snapshot(countOf(m, "open"), countOf(m, "soFar")),
};

export const resolutionRate: MetricDefinition = {
  id: "resolution_rate",
  name: "Resolution rate",
  aliases: ["resolved-rate", "resolution-percent", "solve-rate"],
  unit: "percent",
  direction: "higher",
  dataset: "tickets",
  formula: "tickets created in the period and resolved within it / tickets created in the period × 100 (usually shown by agent)",
  measures: () => ({
    created: { agg: "count", where: created },
    resolved: { agg: "count", where: and(created, { cmp: "<", a: field("resolved_at"), b: { bound: "end" } }) },
  }),
  compute: (m) => proportionValue(countOf(m, "resolved"), countOf(m, "created")),
};

export const serviceLevel: MetricDefinition = {
  id: "service_level",
  name: "Service level",
  aliases: ["sla", "service-level", "answered-in-time"],
  unit: "percent",
  direction: "higher",
  dataset: "tickets",
  formula:
    "tickets created in the period whose first reply came within the target / tickets created in the period × 100 (target SERVICE_LEVEL_TARGET_MINUTES, default 60 minutes; unanswered tickets miss it)",
  measures: (o) => ({
    created: { agg: "count", where: created },
    inTime: {
      agg: "count",
      where: and(created, { cmp: "<=", a: firstResponse, b: num(o.serviceLevel.ticketTargetMinutes * 60) }),
    },
  }),
  compute: (m) => proportionValue(countOf(m, "inTime"), countOf(m, "created")),
};

export const feedbackResponseRate: MetricDefinition = {
  id: "feedback_response_rate",
  name: "Feedback response rate",
  aliases: ["feedback-response", "review-response-rate", "feedback-rate"],
  unit: "percent",
  direction: "higher",
  dataset: "feedback",
  formula: "feedback items received in the period that got a reply / feedback items received × 100",
  measures: () => ({
    received: { agg: "count", where: within("received_at") },
    replied: { agg: "count", where: and(within("received_at"), { notNull: "responded_at" }) },
  }),
  compute: (m) => proportionValue(countOf(m, "replied"), countOf(m, "received")),
};
