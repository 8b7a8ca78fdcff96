import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatCommand, type Command, type ParseContext } from "../../src/commands/command.ts";
import { parseCommand } from "../../src/commands/parse.ts";
import { isUserError, UserError } from "../../src/errors.ts";
import { CATALOG } from "../../src/metrics/catalog/index.ts";
import { answer } from "../../src/commands/answer.ts";
import { engineOver, NOW } from "../helpers.ts";

const ctx: ParseContext = { periods: { now: NOW, timeZone: "UTC", weekStartsOn: 1 }, defaultPeriod: "last-7-days" };

function metric(text: string): Extract<Command, { kind: "metric" }> {
  const c = parseCommand(text, ctx);
  if (c.kind !== "metric") throw new Error(`not a metric command: ${text}`);
  return c;
}

function userError(text: string): UserError {
  try {
    parseCommand(text, ctx);
  } catch (e) {
    if (isUserError(e)) return e;
    throw e;
  }
  throw new Error(`expected a user error for: ${text}`);
}

describe("the command language", () => {
  it("reads `csat last-week` as CSAT for Monday 16 – Monday 23 November 2026 minus one week, compared with the previous period", () => {
    const c = metric("csat last-week");
    expect(c.metricId).toBe("csat");
    expect(c.period.start.toISOString()).toBe("2026-11-09T00:00:00.000Z");
    expect(c.period.end.toISOString()).toBe("2026-11-16T00:00:00.000Z");
    expect(c.vs).toBe("previous");
    expect(c.filters).toEqual([]);
  });

  it("reads a breakdown, a comparison and a filter", () => {
    expect(metric("frt this-month by agent")).toMatchObject({ metricId: "frt", by: "agent" });
    expect(metric("nps 2026-Q3 vs last-year")).toMatchObject({ metricId: "nps", vs: "last-year" });
    expect(metric("nps 2026-Q3 vs last-year").period.start.toISOString()).toBe("2026-07-01T00:00:00.000Z");
    expect(metric("csat last-30-days where channel=email").filters).toEqual([{ field: "channel", values: ["email"] }]);
  });

  it("reads `csat yesterday vs same-weekday` as Sunday 22 November against Sunday 15 November, and keeps `vs previous` as the default", () => {
    for (const text of ["csat yesterday vs same-weekday", "csat yesterday vs same weekday", "csat yesterday vs same day last week", "csat yesterday versus a week ago"]) {
      expect(metric(text).vs).toBe("same-weekday");
    }
    expect(formatCommand(metric("csat yesterday vs same weekday"))).toBe("csat yesterday vs same-weekday");
    expect(metric("csat yesterday").vs).toBe("previous");
    expect(userError("csat yesterday vs same-wekday").message).toBe("`vs same-wekday` is not a comparison — did you mean `vs same-weekday`?");
  });

  it("accepts a leading slash, spaces instead of hyphens and clauses in any order", () => {
    expect(formatCommand(metric("/csat last week"))).toBe("csat last-week");
    expect(formatCommand(metric("csat by channel last 30 days"))).toBe("csat last-30-days by channel");
    expect(formatCommand(metric("CSAT where channel = email vs last year 2026-10"))).toBe("csat 2026-10 vs last-year where channel=email");
  });

  it("knows metrics by their aliases, with hyphens, underscores or spaces", () => {
    expect(metric("satisfaction last-week").metricId).toBe("csat");
    expect(metric("first-response-time this-month").metricId).toBe("frt");
    expect(metric("first response time this month").metricId).toBe("frt");
    expect(metric("churn last-month").metricId).toBe("churn_rate");
    expect(metric("ticket_volume yesterday").metricId).toBe("ticket_volume");
    expect(metric("pages per session last-week").metricId).toBe("pages_per_session");
  });

  it("uses the default period when none is given", () => {
    expect(metric("csat").period.label).toBe("last-7-days");
  });

  it("takes several filter values, several filters and quoted values", () => {
    expect(metric("csat last-week where channel=email,chat team=billing").filters).toEqual([
      { field: "channel", values: ["email", "chat"] },
      { field: "team", values: ["billing"] },
    ]);
    expect(metric('csat last-week where agent="Mary Jane"').filters).toEqual([{ field: "agent", values: ["Mary Jane"] }]);
    expect(metric("csat last-week where agent=O'Brien").filters).toEqual([{ field: "agent", values: ["O'Brien"] }]);
  });

  it("reads `help`, `help csat` and `define frt`", () => {
    expect(parseCommand("help", ctx)).toEqual({ kind: "help" });
    expect(parseCommand("", ctx)).toEqual({ kind: "help" });
    expect(parseCommand("help csat", ctx)).toEqual({ kind: "define", metricId: "csat" });
    expect(parseCommand("define first response time", ctx)).toEqual({ kind: "define", metricId: "frt" });
  });

  it("formats every command so that parsing it again gives the same command", () => {
    for (const text of ["frt last-week by agent vs last-year where channel=email", 'csat 2026-10 where agent="Mary Jane"', "nps 2026-Q3"]) {
      const once = metric(text);
      expect(metric(formatCommand(once))).toEqual(once);
    }
  });
});

describe("mistakes get what was wrong and what would work", () => {
  it("suggests `csat` for `csta`", () => {
    const e = userError("csta last-week");
    expect(e.message).toBe("`csta` is not a metric — did you mean `csat`?");
    expect(e.hint).toMatch(/help/);
  });

  it("suggests `last-week` for `lst-week`", () => {
    expect(userError("csat lst-week").message).toBe("`lst-week` is not a period — did you mean `last-week`?");
  });

  it("suggests `channel` for `by chanel`, and lists the dimensions a metric has", () => {
    const e = userError("csat last-week by chanel");
    expect(e.message).toBe("`chanel` is not a dimension of csat — did you mean `channel`?");
    expect(e.hint).toContain("`agent`");
    const none = userError("csat last-week by priority");
    expect(none.message).toBe("csat can't be broken down by `priority`.");
    expect(none.hint).toBe("It can be broken down by `channel`, `agent`, `team`.");
  });

  it("suggests `vs last-year` for `vs lastyear`", () => {
    expect(userError("csat last-week vs lastyear").message).toBe("`vs lastyear` is not a comparison — did you mean `vs last-year`?");
  });

  it("explains a filter without `=`", () => {
    const e = userError("csat last-week where channel email");
    expect(e.message).toBe("`channel email` is not a filter — write it as field=value.");
    expect(e.hint).toBe("For example `csat last-week where channel=email`.");
  });

  it("points at a dimension typed without `by`", () => {
    expect(userError("csat last-week agent").message).toBe("`agent` is not a period — did you mean `by agent`?");
  });

  it("points at a misspelt keyword", () => {
    expect(userError("csat last-week bye agent").message).toBe("`bye` is not a period or a keyword — did you mean `by`?");
  });

  it("asks for a metric first when a question starts with a period", () => {
    expect(userError("last-week").message).toBe("Start with a metric, then the period.");
  });

  it("finds the metric when the period comes first", () => {
    expect(metric("last-week csat").metricId).toBe("csat");
  });

  it("says `define` needs a metric", () => {
    expect(userError("define").message).toBe("`define` needs a metric.");
  });

  it("says a metric over data with no dimensions cannot be broken down", () => {
    expect(userError("clv last-year by channel").message).toBe("clv can't be broken down by anything: its orders data has no dimensions.");
  });
});

describe("robustness", () => {
  it("reads the names of JavaScript's object internals as unknown words, not as table entries", () => {
    for (const text of ["__proto__", "constructor", "csat __proto__", "csat by __proto__", "csat in constructor", "how was csat __proto__ week", "csat past __proto__ days"]) {
      let thrown: unknown;
      try {
        parseCommand(text, ctx);
      } catch (e) {
        thrown = e;
      }
      expect(isUserError(thrown), text).toBe(true);
    }
  });

  it("answers any string with a command or a user error, never another exception", () => {
    const words = ["csat", "nps", "by", "vs", "where", "last", "week", "=", "channel", "2026-10", "..", "/", '"', "help", "define", "-", "last-year"];
    const arbitrary = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.array(fc.constantFrom(...words), { maxLength: 8 }).map((w) => w.join(" ")),
      fc.array(fc.oneof(fc.constantFrom(...words), fc.string({ maxLength: 6 })), { maxLength: 8 }).map((w) => w.join(" ")),
    );
    fc.assert(
      fc.property(arbitrary, (text) => {
        try {
          const c = parseCommand(text, ctx);
          expect(["metric", "help", "define"]).toContain(c.kind);
        } catch (e) {
          expect(isUserError(e)).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("turns any string into a report through the whole path, never a fault", async () => {
    const engine = engineOver({});
    const metricWords = CATALOG.map((d) => d.id);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ maxLength: 60 }), fc.tuple(fc.constantFrom(...metricWords), fc.string({ maxLength: 30 })).map(([m, s]) => `${m} ${s}`)),
        async (text) => {
          const report = await answer(text, engine);
          expect(report.kind === "error" ? report.cause : "answered").not.toBe("fault");
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("filter values", () => {
  it("keeps a quoted value whole, spaces, quotes and `=` included", () => {
    expect(metric(`csat last-week where channel="x' OR '1'='1"`).filters).toEqual([{ field: "channel", values: ["x' OR '1'='1"] }]);
    expect(metric('csat last-week where agent="Mary = Jane" team=billing').filters).toEqual([
      { field: "agent", values: ["Mary = Jane"] },
      { field: "team", values: ["billing"] },
    ]);
  });

  it("reads `field = value`, `field= value`, `field =value` and `and` between conditions alike", () => {
    for (const text of ["channel = email and team = billing", "channel= email team =billing", "channel=email and team=billing"]) {
      expect(metric(`csat last-week where ${text}`).filters, text).toEqual([
        { field: "channel", values: ["email"] },
        { field: "team", values: ["billing"] },
      ]);
    }
  });
});
