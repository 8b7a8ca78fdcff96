/**
 * Every worked example in METRICS.md, with its exact numbers, computed through
 * the whole command path (parse → memory connector → metric core → report)
 * over hand-made records, and shown as a person would read it.
 */
import { describe, expect, it } from "vitest";
import type { Row } from "../../src/measures/datasets.ts";
import { formatResult } from "../../src/render/format.ts";
import { askMetric, at, engineOver, rows } from "../helpers.ts";

const WEDNESDAY = "2026-11-11T10:00:00Z"; // inside last-week (Mon 9 – Sun 15 November 2026) for NOW

function survey(kind: string, score: number, min: number, max: number, when = WEDNESDAY, extra: Partial<Row> = {}): Row {
  return {
    id: `${kind}-${Math.random()}`,
    kind,
    score,
    scale_min: min,
    scale_max: max,
    submitted_at: at(when),
    channel: "email",
    agent: null,
    team: null,
    ticket_id: null,
    customer_id: null,
    ...extra,
  };
}

function customer(id: number, started: string, churned: string | null): Row {
  return {
    id: `c${id}`,
    started_at: at(started),
    churned_at: churned === null ? null : at(churned),
    referred: false,
    segment: "smb",
    plan: "pro",
  };
}

describe("survey metrics", () => {
  it("reports 30 positive answers of 50 as CSAT 60 %, and 20 of 50 as 40 %", async () => {
    const sixty = engineOver({
      surveys: [...rows(30, () => survey("csat", 5, 1, 5)), ...rows(20, () => survey("csat", 2, 1, 5))],
    });
    const r = await askMetric(sixty, "csat last-week");
    expect(r.result?.value).toBe(60);
    expect(r.result?.n).toBe(50);
    expect(formatResult(r.result!, r.metric)).toBe("60.0%");

    const forty = engineOver({
      surveys: [...rows(20, () => survey("csat", 4, 1, 5)), ...rows(30, () => survey("csat", 3, 1, 5))],
    });
    expect((await askMetric(forty, "csat last-week")).result?.value).toBe(40);
  });

  it("compares CSAT 60 % with 40 % the week before as +20 pts, just beyond sampling noise (Newcombe 0.0046–0.3752)", async () => {
    const engine = engineOver({
      surveys: [
        ...rows(30, () => survey("csat", 5, 1, 5)),
        ...rows(20, () => survey("csat", 1, 1, 5)),
        ...rows(20, () => survey("csat", 4, 1, 5, "2026-11-04T10:00:00Z")),
        ...rows(30, () => survey("csat", 3, 1, 5, "2026-11-04T10:00:00Z")),
      ],
    });
    const r = await askMetric(engine, "csat last-week");
    expect(r.comparison.result?.value).toBe(40);
    expect(r.comparison.change).toBe(20);
    expect(r.comparison.verdict).toBe("better");
    expect(r.comparison.significant).toBe(true);
  });

  it("counts the top quarter of each scale as positive: 4–5 on 1–5, 8–10 on 1–10, 6–7 on 1–7, good on good/bad", async () => {
    const engine = engineOver({
      surveys: [
        survey("csat", 4, 1, 5), // positive
        survey("csat", 3, 1, 5),
        survey("csat", 8, 1, 10), // positive
        survey("csat", 7, 1, 10),
        survey("csat", 6, 1, 7), // positive
        survey("csat", 5, 1, 7),
        survey("csat", 1, 0, 1), // good
        survey("csat", 0, 0, 1), // bad
      ],
    });
    const r = await askMetric(engine, "csat last-week");
    expect(r.result?.value).toBe(50);
    expect(r.result?.n).toBe(8);
  });

  it("averages scores 5, 4 and 3 on a 1–5 scale to 4.0 / 5", async () => {
    const engine = engineOver({ surveys: [5, 4, 3].map((s) => survey("csat", s, 1, 5)) });
    const r = await askMetric(engine, "csat_score last-week");
    expect(r.result?.value).toBe(4);
    expect(formatResult(r.result!, r.metric)).toBe("4.0 / 5");
  });

  it("scores 70 % promoters and 10 % detractors as NPS 60, passives counting in the base only", async () => {
    const engine = engineOver({
      surveys: [
        ...rows(70, (i) => survey("nps", 9 + (i % 2), 0, 10)),
        ...rows(20, (i) => survey("nps", 7 + (i % 2), 0, 10)),
        ...rows(10, (i) => survey("nps", i % 7, 0, 10)),
      ],
    });
    const r = await askMetric(engine, "nps last-week");
    expect(r.result?.value).toBe(60);
    expect(r.result?.n).toBe(100);
    expect(formatResult(r.result!, r.metric)).toBe("60");
  });

  it("averages effort scores 2, 3 and 4 to CES 3.0", async () => {
    const engine = engineOver({ surveys: [2, 3, 4].map((s) => survey("ces", s, 1, 7)) });
    const r = await askMetric(engine, "ces last-week");
    expect(r.result?.value).toBe(3);
    expect(formatResult(r.result!, r.metric)).toBe("3.0 / 7");
    expect(r.metric.direction).toBe("lower");
  });

  it("lets a team make CES higher-is-better", async () => {
    const engine = engineOver({ surveys: [survey("ces", 5, 1, 7)] }, { options: { ces: { min: 1, max: 7, direction: "higher" } } });
    expect((await askMetric(engine, "ces last-week")).metric.direction).toBe("higher");
  });
});

describe("ticket metrics", () => {
  it("measures a complaint filed on Monday and solved on Wednesday as 2 days", async () => {
    const ticket = (id: string, created: string, escalated: string | null, resolved: string, complaint: boolean): Row => ({
      id,
      created_at: at(created),
      first_response_at: at(created) + 3_600_000,
      resolved_at: at(resolved),
      escalated_at: escalated === null ? null : at(escalated),
      channel: "email",
      agent: "Ann",
      team: "billing",
      priority: "normal",
      is_complaint: complaint,
    });
    const engine = engineOver({
      tickets: [
        ticket("complaint", "2026-11-09T09:00:00Z", null, "2026-11-11T09:00:00Z", true),
        // An escalation counts from the escalation, not from when the ticket was created.
        ticket("escalated", "2026-11-08T09:00:00Z", "2026-11-09T09:00:00Z", "2026-11-11T09:00:00Z", false),
        ticket("ordinary", "2026-11-02T09:00:00Z", null, "2026-11-12T09:00:00Z", false),
      ],
    });
    const r = await askMetric(engine, "complaint_resolution_time last-week");
    expect(r.result?.value).toBe(2 * 86_400);
    expect(r.result?.n).toBe(2);
    expect(formatResult(r.result!, r.metric)).toBe("2 d");
  });
});

describe("call-centre metrics", () => {
  it("turns 500 minutes of waiting over 200 answered calls into an average speed of answer of 2.5 minutes", async () => {
    const call = (i: number, waitSeconds: number | null): Row => ({
      id: `call${i}`,
      queued_at: at(WEDNESDAY),
      answered_at: waitSeconds === null ? null : at(WEDNESDAY) + waitSeconds * 1000,
      ended_at: waitSeconds === null ? null : at(WEDNESDAY) + (waitSeconds + 300) * 1000,
      hold_seconds: 0,
      wrap_up_seconds: 0,
      blocked: false,
      agent: "Ann",
      topic: "billing",
    });
    const engine = engineOver({
      calls: [
        ...rows(100, (i) => call(i, 60)),
        ...rows(100, (i) => call(100 + i, 240)),
        ...rows(15, (i) => call(200 + i, null)), // abandoned: never answered, not in the average
      ],
    });
    const r = await askMetric(engine, "asa last-week");
    expect(r.result?.value).toBe(150);
    expect(r.result?.n).toBe(200);
    expect(formatResult(r.result!, r.metric)).toBe("2 min 30 s");
  });
});

describe("customer metrics", () => {
  it("puts churn at 8 % for 20 lost of 250 at the start, and 4 % for 20 of 500", async () => {
    const cohort = (size: number, lost: number): Row[] => [
      ...rows(size - lost, (i) => customer(i, "2025-06-01T00:00:00Z", null)),
      ...rows(lost, (i) => customer(size + i, "2025-06-01T00:00:00Z", "2026-10-15T00:00:00Z")),
      customer(9000, "2025-01-01T00:00:00Z", "2026-09-10T00:00:00Z"), // gone before October
      customer(9001, "2026-10-03T00:00:00Z", null), // joined in October
    ];
    const r250 = await askMetric(engineOver({ customers: cohort(250, 20) }), "churn_rate 2026-10");
    expect(r250.result?.value).toBe(8);
    expect(r250.result?.n).toBe(250);
    const r500 = await askMetric(engineOver({ customers: cohort(500, 20) }), "churn 2026-10");
    expect(r500.result?.value).toBe(4);
  });

  it("puts retention at 90 % with 200 customers at the start, 200 at the end and 20 new", async () => {
    const engine = engineOver({
      customers: [
        ...rows(180, (i) => customer(i, "2025-01-01T00:00:00Z", null)),
        ...rows(20, (i) => customer(200 + i, "2025-01-01T00:00:00Z", "2026-10-20T00:00:00Z")),
        ...rows(20, (i) => customer(400 + i, "2026-10-10T00:00:00Z", null)),
      ],
    });
    const r = await askMetric(engine, "retention_rate 2026-10");
    expect(r.result?.value).toBe(90);
    // One customer lost long before: a customers file whose churned_at is empty throughout cannot tell retention (the answer says so).
    const variant = engineOver(
      {
        customers: [
          ...rows(180, (i) => customer(i, "2025-01-01T00:00:00Z", null)),
          ...rows(20, (i) => customer(400 + i, "2026-10-10T00:00:00Z", null)),
          customer(900, "2024-01-01T00:00:00Z", "2024-06-01T00:00:00Z"),
        ],
      },
      { options: { retentionVariant: "end_over_start" } },
    );
    // E / S: 200 at the end over 180 at the start.
    expect((await askMetric(variant, "retention 2026-10")).result?.value).toBeCloseTo((200 / 180) * 100, 12);
  });

  it("values a customer at $750 for $50 purchases, 5 a year, over a 3-year lifespan", async () => {
    const threeYears = 3 * 365.25 * 86_400_000;
    const engine = engineOver({
      orders: rows(10, (i) => ({
        id: `o${i}`,
        customer_id: i < 5 ? "alice" : "bob",
        ordered_at: at(`2025-${String(1 + i).padStart(2, "0")}-15T12:00:00Z`),
        amount: i % 2 === 0 ? 40 : 60,
        gross_margin: 0.5,
      })),
      customers: [
        { id: "old1", started_at: at("2019-01-01T00:00:00Z"), churned_at: at("2019-01-01T00:00:00Z") + threeYears, referred: false, segment: null, plan: null },
        { id: "old2", started_at: at("2020-06-01T00:00:00Z"), churned_at: at("2020-06-01T00:00:00Z") + threeYears, referred: false, segment: null, plan: null },
      ],
    });
    const r = await askMetric(engine, "clv 2025");
    expect(r.result?.value).toBeCloseTo(750, 9);
    expect(formatResult(r.result!, r.metric)).toBe("$750");
  });

  it("scores loyalty participation 40 % (weight 2) and training 10 % (weight 1) as engagement 30", async () => {
    const participation = (programme: string, count: number, active: number): Row[] =>
      rows(count, (i) => ({ customer_id: `c${i}`, period_start: at("2026-10-01T00:00:00Z"), programme, active: i < active }));
    const engine = engineOver({ engagement: [...participation("loyalty", 10, 4), ...participation("training", 10, 1)] });
    const r = await askMetric(engine, "engagement_score 2026-10");
    expect(r.result?.value).toBe(30);
  });
});

describe("quality metric", () => {
  it("scores an interaction with criteria 90 (weight 2) and 60 (weight 1) as IQS 80", async () => {
    const review = (criterion: string, weight: number, score: number): Row => ({
      review_id: "r1",
      ticket_id: "t1",
      agent: "Ann",
      reviewed_at: at(WEDNESDAY),
      criterion,
      weight,
      score,
    });
    const engine = engineOver({ quality_reviews: [review("accuracy", 2, 90), review("tone", 1, 60)] });
    const r = await askMetric(engine, "iqs last-week");
    expect(r.result?.value).toBe(80);
    expect(r.result?.n).toBe(1);
  });
});

describe("web metrics", () => {
  it("converts 50 of 500 visitors as a 10 % conversion rate", async () => {
    const engine = engineOver({
      sessions: rows(500, (i) => ({
        id: `s${i}`,
        visitor_id: `v${i}`,
        started_at: at(WEDNESDAY),
        duration_seconds: 60,
        pages: 3,
        converted: i < 50,
        source: "organic",
        is_new_visitor: true,
      })),
    });
    const r = await askMetric(engine, "conversion_rate last-week");
    expect(r.result?.value).toBe(10);
    expect(r.result?.n).toBe(500);
  });
});
