import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatCommand, type Command, type ParseContext } from "../../src/commands/command.ts";
import { parseCommand } from "../../src/commands/parse.ts";
import { AmbiguousQuestion } from "../../src/commands/plain/ambiguous.ts";
import { isUserError } from "../../src/errors.ts";
import { dimensionsOf, type DatasetId } from "../../src/measures/datasets.ts";
import { CATALOG } from "../../src/metrics/catalog/index.ts";
import { CORPUS_VALUES, READINGS, REFUSALS } from "./plain-language.corpus.ts";

/** Sunday 22 November 2026, 14:05 UTC, weeks from Monday; the corpus's clock. */
const NOW = new Date("2026-11-22T14:05:00Z");
const ctx: ParseContext = {
  periods: { now: NOW, timeZone: "UTC", weekStartsOn: 1 },
  defaultPeriod: "last-7-days",
  values: (dataset: DatasetId) => CORPUS_VALUES[dataset],
};

function read(text: string): string {
  return formatCommand(parseCommand(text, ctx));
}

function refusal(text: string): string {
  try {
    const command = parseCommand(text, ctx);
    return `not refused: read as ${formatCommand(command)}`;
  } catch (e) {
    if (!isUserError(e)) throw e;
    return `${e.message} ${e.hint ?? ""}`;
  }
}

describe("questions as people type them", () => {
  it("has at least 300 phrasings and 25 refusals in the corpus", () => {
    expect(READINGS.length).toBeGreaterThanOrEqual(300);
    expect(REFUSALS.length).toBeGreaterThanOrEqual(25);
  });

  it.each(READINGS)("reads %j as `%s`", (typed, expected) => {
    expect(read(typed)).toBe(expected);
  });

  it.each(REFUSALS)("refuses %j, saying %j", (typed, expected) => {
    expect(refusal(typed)).toContain(expected);
  });

  it("asks which dimension a shared value means, with one command per reading", () => {
    let error: unknown;
    try {
      parseCommand("retention for enterprise customers this year", ctx);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AmbiguousQuestion);
    expect((error as AmbiguousQuestion).choices).toEqual([
      { label: "segment=enterprise", command: "retention_rate this-year where segment=enterprise" },
      { label: "plan=enterprise", command: "retention_rate this-year where plan=enterprise" },
    ]);
  });

  it("reads a value as a filter only when the data is known to hold it: without known values `csat for email` names the word", () => {
    const blind: ParseContext = { periods: ctx.periods, defaultPeriod: "last-7-days" };
    expect(() => parseCommand("csat for email", blind)).toThrow(/`email` is not a period/);
    expect(formatCommand(parseCommand("csat last-week where channel=email", blind))).toBe("csat last-week where channel=email");
  });

  it("lets a value that is also a common word win over filler: a team called `support` is a filter", () => {
    const withSupport: ParseContext = { ...ctx, values: () => ({ team: ["support", "billing"], channel: ["email"] }) };
    expect(formatCommand(parseCommand("csat for support last week", withSupport))).toBe("csat last-week where team=support");
    expect(formatCommand(parseCommand("csat for the support team", withSupport))).toBe("csat last-7-days where team=support");
  });

  it("reads the period phrases relative to the clock: `in December` asked on 22 November 2026 is December 2025", () => {
    const c = parseCommand("csat in december", ctx) as Extract<Command, { kind: "metric" }>;
    expect(c.period.start.toISOString()).toBe("2025-12-01T00:00:00.000Z");
    expect(c.period.end.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    const since = parseCommand("csat since monday", ctx) as Extract<Command, { kind: "metric" }>;
    expect(since.period.start.toISOString()).toBe("2026-11-16T00:00:00.000Z");
    expect(since.period.end.toISOString()).toBe("2026-11-23T00:00:00.000Z");
  });

  it("reads `since Monday` in the team's zone: Monday 16 November starts at 00:00 in Auckland (11:00 UTC on the 15th)", () => {
    const auckland: ParseContext = { ...ctx, periods: { now: NOW, timeZone: "Pacific/Auckland", weekStartsOn: 1 } };
    // 22 Nov 14:05 UTC is Monday 23 November 03:05 in Auckland: `since monday` is that day.
    const c = parseCommand("csat since monday", auckland) as Extract<Command, { kind: "metric" }>;
    expect(c.period.label).toBe("2026-11-23");
    expect(c.period.start.toISOString()).toBe("2026-11-22T11:00:00.000Z");
  });
});

/** A command as the grammar would print it: any metric, period, breakdown, comparison and known values as filters. */
const commandArbitrary = fc
  .record({
    def: fc.constantFrom(...CATALOG),
    period: fc.constantFrom("today", "yesterday", "this-week", "last-week", "this-month", "last-month", "last-quarter", "this-year", "last-7-days", "last-30-days", "last-3-months", "mtd", "ytd", "2026-Q3", "2026-10", "2025", "2026-10-05", "2026-10-01..2026-10-15"),
    vs: fc.constantFrom("previous", "same-weekday", "last-year"),
    by: fc.nat(10),
    filters: fc.array(fc.tuple(fc.nat(10), fc.nat(20)), { maxLength: 3 }),
  })
  .map(({ def, period, vs, by, filters }) => {
    const dims = dimensionsOf(def.dataset);
    const values = CORPUS_VALUES[def.dataset] ?? {};
    const parts = [def.id, period];
    if (dims.length > 0 && by < dims.length) parts.push("by", dims[by]!);
    if (vs !== "previous") parts.push("vs", vs);
    const conditions = new Map<string, string[]>();
    for (const [d, v] of filters) {
      const field = dims[d % Math.max(1, dims.length)];
      const list = field ? values[field] : undefined;
      if (!field || !list || list.length === 0) continue;
      const value = list[v % list.length]!;
      const kept = conditions.get(field) ?? [];
      if (!kept.includes(value)) conditions.set(field, [...kept, value]);
    }
    if (conditions.size > 0) parts.push("where", ...[...conditions].map(([f, vs_]) => `${f}=${vs_.map((x) => (/\s/.test(x) ? `"${x}"` : x)).join(",")}`));
    return parts.join(" ");
  });

describe("canonical commands", () => {
  it("read as themselves, known values and all", () => {
    fc.assert(
      fc.property(commandArbitrary, (command) => {
        expect(read(command)).toBe(command);
      }),
      { numRuns: 500 },
    );
  });
});
