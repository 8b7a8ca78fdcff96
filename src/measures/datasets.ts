/**
 * The normalized data model every connector maps into (METRICS.md, "Datasets").
 * Timestamps are instants; in memory they are epoch milliseconds (UTC).
 */

export type FieldType = "string" | "number" | "boolean" | "time";

export interface FieldSpec {
  type: FieldType;
  /** May be null / absent. */
  optional?: boolean;
  /** A field people may group by (`by agent`) or filter on (`where channel=email`). */
  dimension?: boolean;
  /**
   * An id normalised to lower case at ingestion in every engine ("Customer Care Call" → "customer care call"),
   * as METRICS.md says of channels; names (agents, teams) are kept as written.
   */
  lowerCase?: boolean;
}

export interface DatasetSpec {
  id: DatasetId;
  /** What one row is, for `sources` and `define`. */
  row: string;
  /** The field that says when a row happened, used for freshness and coverage. */
  timeField: string;
  fields: Record<string, FieldSpec>;
}

export const DATASET_IDS = [
  "tickets",
  "responses",
  "surveys",
  "calls",
  "customers",
  "orders",
  "feedback",
  "quality_reviews",
  "sessions",
  "engagement",
] as const;
export type DatasetId = (typeof DATASET_IDS)[number];

const s = (o: Partial<FieldSpec> = {}): FieldSpec => ({ type: "string", ...o });
const n = (o: Partial<FieldSpec> = {}): FieldSpec => ({ type: "number", ...o });
const b = (o: Partial<FieldSpec> = {}): FieldSpec => ({ type: "boolean", ...o });
const t = (o: Partial<FieldSpec> = {}): FieldSpec => ({ type: "time", ...o });
const dim = { dimension: true } as const;
const optDim = { dimension: true, optional: true } as const;
/** A channel: a dimension whose values are ids, lower-cased. */
const channelDim = { dimension: true, lowerCase: true } as const;

export const DATASETS: Record<DatasetId, DatasetSpec> = {
  tickets: {
    id: "tickets",
    row: "a support request",
    timeField: "created_at",
    fields: {
      id: s(),
      created_at: t(),
      first_response_at: t({ optional: true }),
      resolved_at: t({ optional: true }),
      escalated_at: t({ optional: true }),
      channel: s(channelDim),
      agent: s(optDim),
      team: s(optDim),
      priority: s(optDim),
      is_complaint: b(),
    },
  },
  responses: {
    id: "responses",
    row: "one agent reply",
    timeField: "responded_at",
    fields: {
      ticket_id: s(),
      responded_at: t(),
      response_seconds: n(),
      agent: s(optDim),
      channel: s(channelDim),
    },
  },
  surveys: {
    id: "surveys",
    row: "one survey answer",
    timeField: "submitted_at",
    fields: {
      id: s(),
      kind: s({ lowerCase: true }),
      score: n(),
      scale_min: n(),
      scale_max: n(),
      submitted_at: t(),
      channel: s({ ...channelDim, optional: true }),
      agent: s(optDim),
      team: s(optDim),
      ticket_id: s({ optional: true }),
      customer_id: s({ optional: true }),
    },
  },
  calls: {
    id: "calls",
    row: "one phone call offered to the queue",
    timeField: "queued_at",
    fields: {
      id: s(),
      queued_at: t(),
      answered_at: t({ optional: true }),
      ended_at: t({ optional: true }),
      hold_seconds: n(),
      wrap_up_seconds: n(),
      blocked: b(),
      agent: s(optDim),
      topic: s(optDim),
    },
  },
  customers: {
    id: "customers",
    row: "one customer account",
    timeField: "started_at",
    fields: {
      id: s(),
      started_at: t(),
      churned_at: t({ optional: true }),
      referred: b(),
      segment: s(optDim),
      plan: s(optDim),
    },
  },
  orders: {
    id: "orders",
    row: "one purchase",
    timeField: "ordered_at",
    fields: {
      id: s(),
      customer_id: s(),
      ordered_at: t(),
      amount: n(),
      gross_margin: n({ optional: true }),
    },
  },
  feedback: {
    id: "feedback",
    row: "one public review, comment or feedback item",
    timeField: "received_at",
    fields: {
      id: s(),
      received_at: t(),
      responded_at: t({ optional: true }),
      channel: s(channelDim),
      sentiment: s(optDim),
    },
  },
  quality_reviews: {
    id: "quality_reviews",
    row: "one internal QA score of one criterion of one interaction",
    timeField: "reviewed_at",
    fields: {
      review_id: s(),
      ticket_id: s({ optional: true }),
      agent: s(optDim),
      reviewed_at: t(),
      criterion: s(dim),
      weight: n(),
      score: n(),
    },
  },
  sessions: {
    id: "sessions",
    row: "one web or app visit",
    timeField: "started_at",
    fields: {
      id: s(),
      visitor_id: s(),
      started_at: t(),
      duration_seconds: n(),
      pages: n(),
      converted: b(),
      source: s({ ...dim, lowerCase: true }),
      is_new_visitor: b(),
    },
  },
  engagement: {
    id: "engagement",
    row: "one customer's participation in one programme over a period",
    timeField: "period_start",
    fields: {
      customer_id: s(),
      period_start: t(),
      programme: s(dim),
      active: b(),
    },
  },
};

/** A row as the memory connector holds it: times as epoch ms, absent values as null. */
export type Row = Record<string, string | number | boolean | null>;

export function dimensionsOf(dataset: DatasetId): string[] {
  return Object.entries(DATASETS[dataset].fields)
    .filter(([, f]) => f.dimension)
    .map(([name]) => name);
}

/** Fields of a dataset whose values are lower-cased at ingestion (FieldSpec.lowerCase). */
export function lowerCasedFields(dataset: DatasetId): string[] {
  return Object.entries(DATASETS[dataset].fields)
    .filter(([, f]) => f.lowerCase)
    .map(([name]) => name);
}

/** A row with its id fields lower-cased, as every engine ingests it; the row itself when there is nothing to change. */
export function normalizeRow(dataset: DatasetId, row: Row): Row {
  let out: Row | undefined;
  for (const field of lowerCasedFields(dataset)) {
    const v = row[field];
    if (typeof v === "string" && v !== v.toLowerCase()) {
      out ??= { ...row };
      out[field] = v.toLowerCase();
    }
  }
  return out ?? row;
}
