/** `sources`: where each dataset comes from, what was used and skipped, coverage and freshness. */
import { describe, expect, it } from "vitest";
import { formatCommand } from "../../src/commands/command.ts";
import { parseCommand } from "../../src/commands/parse.ts";
import type { Connector } from "../../src/connectors/connector.ts";
import { UserError } from "../../src/errors.ts";
import { renderText } from "../../src/render/text.ts";
import { ask, at, engineOver, NOW } from "../helpers.ts";

const ctx = { periods: { now: NOW, timeZone: "UTC", weekStartsOn: 1 as const }, defaultPeriod: "last-7-days" };

describe("parsing `sources`", () => {
  it("reads sources, /sources and Sources as the sources command, and writes it back as `sources`", () => {
    for (const text of ["sources", "/sources", "Sources", " datasets "]) expect(parseCommand(text, ctx)).toEqual({ kind: "sources" });
    expect(formatCommand({ kind: "sources" })).toBe("sources");
  });

  it("says `sources` takes nothing after it", () => {
    expect(() => parseCommand("sources tickets", ctx)).toThrow(UserError);
    expect(() => parseCommand("sources tickets", ctx)).toThrow("`sources` takes nothing after it.");
  });
});

describe("the sources report", () => {
  it("lists every dataset in catalog order, with skipped rows most first, freshness from now, and the datasets without data", async () => {
    const connector: Connector = {
      name: "test",
      description: "a test source",
      measure: async () => ({ total: {} }),
      describe: async () => [
        {
          dataset: "surveys",
          source: "export.csv",
          rows: 40,
          skipped: [
            { reason: "missing score", count: 1 },
            { reason: "score out of range", count: 3 },
          ],
          firstAt: new Date(at("2026-11-01T08:00:00Z")),
          latestAt: new Date(at("2026-11-22T11:05:00Z")),
        },
        { dataset: "calls", source: "export.csv", rows: 1200, skipped: [], firstAt: new Date(at("2026-10-01T08:00:00Z")), latestAt: new Date(at("2026-11-19T14:05:00Z")) },
      ],
    };
    const r = await ask(engineOver({}, { connector, timeZone: "Europe/Vilnius" }), "sources");
    expect(r.kind).toBe("sources");
    expect(renderText(r)).toBe(
      [
        "Data sources — a test source",
        "Times in Europe/Vilnius.",
        "",
        "surveys — one survey answer",
        "  from export.csv",
        "  40 rows used; 4 skipped: score out of range 3, missing score 1",
        "  covers 1 Nov 2026 10:00 – 22 Nov 2026 13:05; latest record 3 h ago",
        "  metrics: csat, csat_score, nps, ces",
        "",
        "calls — one phone call offered to the queue",
        "  from export.csv",
        "  1,200 rows used; none skipped",
        "  covers 1 Oct 2026 11:00 – 19 Nov 2026 16:05; latest record 3 days ago",
        "  metrics: asa, aht, blockage",
        "",
        "No data: tickets, responses, customers, orders, feedback, quality_reviews, sessions, engagement.",
      ].join("\n"),
    );
  });
});
