import { TZDate } from "@date-fns/tz";
import { addMonths, startOfMonth } from "date-fns";
import { beforeAll, describe, expect, it } from "vitest";
import { DATASETS, DATASET_IDS, type DatasetId, type Row } from "../../src/measures/datasets.ts";
import {
  and,
  field,
  openAt,
  within,
  type Measure,
  type MeasureQuery,
  type MeasureValues,
} from "../../src/measures/measures.ts";
import { createMemoryConnector } from "../../src/connectors/memory.ts";
import { csat as csatDefinition } from "../../src/metrics/catalog/surveys.ts";
import { DEFAULT_METRIC_OPTIONS } from "../../src/metrics/types.ts";
import type { Connector } from "../../src/connectors/connector.ts";
import {
  SAMPLE_SOURCE,
  SAMPLE_TIME_ZONE,
  generateSampleData,
  sampleConnector,
  sampleStory,
} from "../../src/ingest/sample/index.ts";

const END = new Date("2026-11-22T14:05:00Z"); // a Sunday afternoon in Vilnius
const DAY = 86_400_000;
const TZ = SAMPLE_TIME_ZONE;

let data: Record<DatasetId, Row[]>;
let conn: Connector;

beforeAll(() => {
  data = generateSampleData({ end: END });
  conn = createMemoryConnector(data);
});

function hash(d: Record<string, Row[]>): string {
  let h = 0x811c9dc5;
  for (const id of Object.keys(d).sort()) {
    const s = id + JSON.stringify(d[id]);
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
  }
  return (h >>> 0).toString(16);
}

async function total(
  dataset: DatasetId,
  measures: Record<string, Measure>,
  start: Date,
  end: Date,
  extra: Partial<MeasureQuery> = {},
): Promise<MeasureValues> {
  const r = await conn.measure({ dataset, measures, range: { start, end }, filters: [], timeZone: TZ, ...extra });
  return r.total;
}

const timeFields = (id: DatasetId) =>
  Object.entries(DATASETS[id].fields)
    .filter(([, f]) => f.type === "time")
    .map(([name]) => name);

/** CSAT's own measures (positive answers and all answers), from the catalog. */
const csat = csatDefinition.measures(DEFAULT_METRIC_OPTIONS) as Record<string, Measure>;
const share = (v: MeasureValues) => ((v.positive as number) / (v.answers as number)) * 100;

describe("generateSampleData (end 22 November 2026 14:05 UTC)", () => {
  it("gives identical rows for the same seed and end, and different rows for another seed", () => {
    const again = generateSampleData({ end: END });
    expect(hash(again)).toBe(hash(data));
    expect(again.tickets.slice(0, 3)).toEqual(data.tickets.slice(0, 3));
    const other = generateSampleData({ end: END, seed: 7, days: 30 });
    const sameSeedShort = generateSampleData({ end: END, seed: 7, days: 30 });
    expect(hash(other)).toBe(hash(sameSeedShort));
    expect(hash(other)).not.toBe(hash(generateSampleData({ end: END, seed: 8, days: 30 })));
  });

  it("keeps every time before the end (nothing at or after 22 November 2026 14:05 UTC)", () => {
    for (const id of DATASET_IDS) {
      for (const name of timeFields(id)) {
        let latest = -Infinity;
        for (const row of data[id]) {
          const v = row[name];
          if (typeof v === "number" && v > latest) latest = v;
        }
        expect(latest, `${id}.${name}`).toBeLessThan(END.getTime());
      }
    }
  });

  it("fills every dataset with rows of its schema", () => {
    for (const id of DATASET_IDS) {
      const fields = Object.keys(DATASETS[id].fields).sort();
      expect(data[id].length, id).toBeGreaterThan(0);
      expect(Object.keys(data[id][0]!).sort(), id).toEqual(fields);
      for (const [name, spec] of Object.entries(DATASETS[id].fields)) {
        if (spec.optional) continue;
        expect(
          data[id].every((r) => r[name] !== null),
          `${id}.${name} is never null`,
        ).toBe(true);
      }
    }
  });

  it("keeps 580 days of history to about 700 000 rows (under a million), about 3 700 customers", () => {
    const rows = DATASET_IDS.reduce((n, id) => n + data[id].length, 0);
    expect(rows).toBeGreaterThan(600_000);
    expect(rows).toBeLessThan(1_000_000);
    expect(data.customers.length).toBeGreaterThan(3_000);
    expect(data.customers.length).toBeLessThan(4_500);
  });

  it("has rows in the 7 days before the end in every dataset except monthly engagement", async () => {
    const start = new Date(END.getTime() - 7 * DAY);
    for (const id of DATASET_IDS.filter((d) => d !== "engagement")) {
      const v = await total(id, { n: { agg: "count", where: within(DATASETS[id].timeField) } }, start, END);
      expect(v.n, id).toBeGreaterThan(0);
    }
  });

  it("has rows in every dataset in October 2026 and in the 30 days before the end", async () => {
    const oct = { start: new Date("2026-09-30T21:00:00Z"), end: new Date("2026-10-31T22:00:00Z") };
    for (const id of DATASET_IDS) {
      const tf = DATASETS[id].timeField;
      const m = { n: { agg: "count", where: within(tf) } } as const;
      expect((await total(id, m, oct.start, oct.end)).n, `${id} in October`).toBeGreaterThan(0);
      expect((await total(id, m, new Date(END.getTime() - 30 * DAY), END)).n, `${id} in 30 days`).toBeGreaterThan(0);
    }
  });

  it("has tickets and surveys in the last few hours before the end", async () => {
    const info = await conn.describe();
    const latest = (id: DatasetId) => info.find((i) => i.dataset === id)?.latestAt?.getTime() ?? 0;
    expect(END.getTime() - latest("tickets")).toBeLessThan(2 * 3_600_000);
    expect(END.getTime() - latest("surveys")).toBeLessThan(4 * 3_600_000);
  });

  it("has realistic weekday volumes over the four weeks before the end", async () => {
    // 26 October – 22 November 2026 (local), weekdays only
    const weekdays: number[][] = [[], [], []];
    for (let d = 1; d <= 28; d++) {
      const start = new Date(END.getTime() - d * DAY);
      const day = new TZDate(start.getTime(), TZ).getDay();
      if (day === 0 || day === 6) continue;
      const s = new TZDate(start.getTime(), TZ);
      s.setHours(0, 0, 0, 0);
      const e = new Date(s.getTime() + DAY);
      weekdays[0]!.push((await total("tickets", { n: { agg: "count", where: within("created_at") } }, s, e)).n as number);
      weekdays[1]!.push((await total("calls", { n: { agg: "count", where: within("queued_at") } }, s, e)).n as number);
      weekdays[2]!.push((await total("sessions", { n: { agg: "count", where: within("started_at") } }, s, e)).n as number);
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(weekdays[0]!)).toBeGreaterThan(100);
    expect(mean(weekdays[0]!)).toBeLessThan(200);
    expect(mean(weekdays[1]!)).toBeGreaterThan(60);
    expect(mean(weekdays[1]!)).toBeLessThan(100);
    expect(mean(weekdays[2]!)).toBeGreaterThan(150);
    expect(mean(weekdays[2]!)).toBeLessThan(350);
  });

  it("leaves some tickets open, some never answered, at the end", async () => {
    const v = await total(
      "tickets",
      {
        backlog: { agg: "count", where: openAt("created_at", "resolved_at", "end") },
        awaiting: { agg: "count", where: and(openAt("created_at", "resolved_at", "end"), { isNull: "first_response_at" }) },
      },
      new Date(END.getTime() - 7 * DAY),
      END,
    );
    expect(v.backlog).toBeGreaterThan(20);
    expect(v.awaiting).toBeGreaterThan(0);
  });

  it("mixes survey scales: csat on 1–5 and on 1–10, nps on 0–10, ces on 1–7", () => {
    const scales = new Set(data.surveys.map((s) => `${s.kind} ${s.scale_min}-${s.scale_max}`));
    expect([...scales].sort()).toEqual(["ces 1-7", "csat 1-10", "csat 1-5", "nps 0-10"]);
  });

  it("shows the CSAT dip: 10 days from 8 October 2026, at least 10 points below the 4 weeks before", async () => {
    const story = sampleStory(END);
    expect(story.csatDip.start).toEqual(new Date("2026-10-07T21:00:00Z")); // 8 October 00:00 Vilnius
    expect(story.csatDip.end).toEqual(new Date("2026-10-17T21:00:00Z"));
    const dip = await total("surveys", csat, story.csatDip.start, story.csatDip.end);
    const before = await total("surveys", csat, new Date(story.csatDip.start.getTime() - 28 * DAY), story.csatDip.start);
    expect(share(before)).toBeGreaterThan(72);
    expect(share(dip)).toBeLessThan(share(before) - 10);
    expect(share(dip)).toBeGreaterThan(45);
  });

  it("shows the technical team as the cause of the CSAT dip in a breakdown by team", async () => {
    const story = sampleStory(END);
    const r = await conn.measure({
      dataset: "surveys",
      measures: csat,
      range: { start: story.csatDip.start, end: story.csatDip.end },
      filters: [],
      timeZone: TZ,
      groupBy: "team",
    });
    const byTeam = new Map(r.groups?.filter((g) => (g.values.answers as number) > 0).map((g) => [g.key, share(g.values)]));
    expect(byTeam.get("technical")).toBeLessThan(55);
    expect(byTeam.get("billing")).toBeGreaterThan(65);
    expect(byTeam.get("onboarding")).toBeGreaterThan(65);
  });

  it("shows the churn spike in August 2026: over 4 % against under 3 % in other full months", async () => {
    const story = sampleStory(END);
    expect(story.churnSpike.start).toEqual(new Date("2026-07-31T21:00:00Z")); // 1 August 00:00 Vilnius
    expect(story.churnSpike.end).toEqual(new Date("2026-08-31T21:00:00Z"));
    const churn = async (start: Date, end: Date) => {
      const v = await total(
        "customers",
        {
          atStart: { agg: "count", where: openAt("started_at", "churned_at", "start") },
          lost: { agg: "count", where: within("churned_at") },
        },
        start,
        end,
      );
      expect(v.atStart).toBeGreaterThan(1_500);
      return ((v.lost as number) / (v.atStart as number)) * 100;
    };
    const spike = await churn(story.churnSpike.start, story.churnSpike.end);
    expect(spike).toBeGreaterThan(4);
    expect(spike).toBeLessThan(8);
    // the other full months of the window: November 2025 … October 2026
    let month = startOfMonth(addMonths(new TZDate(END.getTime(), TZ), -12));
    for (let i = 0; i < 12; i++) {
      const next = addMonths(month, 1);
      if (month.getTime() !== story.churnSpike.start.getTime()) {
        const rate = await churn(new Date(month.getTime()), new Date(next.getTime()));
        expect(rate, month.toISOString()).toBeLessThan(3);
      }
      month = next;
    }
  });

  it("has customers at the start of the window and referred new customers every month", async () => {
    const start = new Date(END.getTime() - 400 * DAY);
    const v = await total(
      "customers",
      {
        atStart: { agg: "count", where: openAt("started_at", "churned_at", "start") },
        new: { agg: "count", where: within("started_at") },
        referred: { agg: "count", where: and(within("started_at"), { eq: "referred", value: true }) },
      },
      start,
      END,
    );
    expect(v.atStart).toBeGreaterThan(1_500);
    const referral = (v.referred as number) / (v.new as number);
    expect(referral).toBeGreaterThan(0.15);
    expect(referral).toBeLessThan(0.25);
  });

  it("gives IQS reviews 3 or 4 criteria and engagement ~40 % loyalty and ~10 % training activity", async () => {
    const perReview = new Map<string, number>();
    for (const r of data.quality_reviews) perReview.set(r.review_id as string, (perReview.get(r.review_id as string) ?? 0) + 1);
    expect(new Set(perReview.values())).toEqual(new Set([3, 4]));
    const r = await conn.measure({
      dataset: "engagement",
      measures: {
        active: { agg: "count", where: and(within("period_start"), { eq: "active", value: true }) },
        all: { agg: "count", where: within("period_start") },
      },
      range: { start: new Date(END.getTime() - 365 * DAY), end: END },
      filters: [],
      timeZone: TZ,
      groupBy: "programme",
    });
    const rate = (k: string) => {
      const g = r.groups?.find((x) => x.key === k)?.values;
      return (g?.active as number) / (g?.all as number);
    };
    expect(rate("loyalty")).toBeGreaterThan(0.33);
    expect(rate("loyalty")).toBeLessThan(0.47);
    expect(rate("training")).toBeGreaterThan(0.06);
    expect(rate("training")).toBeLessThan(0.14);
  });
});

describe("sampleConnector", () => {
  it("describes all ten datasets as sample data (fictional team)", async () => {
    const c = sampleConnector(END);
    const info = await c.describe();
    expect(info.map((i) => i.dataset)).toEqual([...DATASET_IDS]);
    for (const i of info) {
      expect(i.source).toBe(SAMPLE_SOURCE);
      expect(i.source).toBe("sample data (fictional team)");
      expect(i.latestAt!.getTime()).toBeLessThan(END.getTime());
    }
  });

  it("answers a five-measure query over the tickets in well under a second", async () => {
    const q: MeasureQuery = {
      dataset: "tickets",
      measures: {
        created: { agg: "count", where: within("created_at") },
        resolved: { agg: "count", where: within("resolved_at") },
        frt: {
          agg: "quantile",
          q: 0.9,
          of: { seconds: { from: field("created_at"), to: field("first_response_at") } },
          where: within("resolved_at"),
        },
        backlog: { agg: "count", where: openAt("created_at", "resolved_at", "end") },
        agents: { agg: "distinct", keys: ["agent"], where: within("created_at") },
      },
      range: { start: new Date("2026-10-01T00:00:00Z"), end: new Date("2026-11-01T00:00:00Z") },
      filters: [{ field: "channel", values: ["Email", "chat"] }],
      groupBy: "team",
      timeZone: TZ,
    };
    await conn.measure(q);
    const t0 = performance.now();
    const r = await conn.measure(q);
    expect(performance.now() - t0).toBeLessThan(1_000);
    expect(r.total.agents).toBe(10);
  });
});
