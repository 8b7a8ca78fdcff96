import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);

// dist/src/measures/datasets.js
var DATASET_IDS = [
  "tickets",
  "responses",
  "surveys",
  "calls",
  "customers",
  "orders",
  "feedback",
  "quality_reviews",
  "sessions",
  "engagement"
];
var s = (o = {}) => ({ type: "string", ...o });
var n = (o = {}) => ({ type: "number", ...o });
var b = (o = {}) => ({ type: "boolean", ...o });
var t = (o = {}) => ({ type: "time", ...o });
var dim = { dimension: true };
var optDim = { dimension: true, optional: true };
var channelDim = { dimension: true, lowerCase: true };
var DATASETS = {
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
      is_complaint: b()
    }
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
      channel: s(channelDim)
    }
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
      customer_id: s({ optional: true })
    }
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
      topic: s(optDim)
    }
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
      plan: s(optDim)
    }
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
      gross_margin: n({ optional: true })
    }
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
      sentiment: s(optDim)
    }
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
      score: n()
    }
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
      is_new_visitor: b()
    }
  },
  engagement: {
    id: "engagement",
    row: "one customer's participation in one programme over a period",
    timeField: "period_start",
    fields: {
      customer_id: s(),
      period_start: t(),
      programme: s(dim),
      active: b()
    }
  }
};
function dimensionsOf(dataset) {
  return Object.entries(DATASETS[dataset].fields).filter(([, f]) => f.dimension).map(([name]) => name);
}
function lowerCasedFields(dataset) {
  return Object.entries(DATASETS[dataset].fields).filter(([, f]) => f.lowerCase).map(([name]) => name);
}

export {
  DATASET_IDS,
  DATASETS,
  dimensionsOf,
  lowerCasedFields
};
