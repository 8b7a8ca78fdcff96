/**
 * No text can stall the bot: the command language (questions, digests and
 * alerts) parses in time linear in what was typed, and whatever it is given
 * it answers with a value or a UserError — never another exception.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ParseContext } from "../../src/commands/command.ts";
import { parseCommand } from "../../src/commands/parse.ts";
import { isUserError } from "../../src/errors.ts";
import { parseManageCommand } from "../../src/commands/parseManage.ts";
import { NOW } from "../helpers.ts";

const ctx: ParseContext = { periods: { now: NOW, timeZone: "UTC", weekStartsOn: 1 }, defaultPeriod: "last-7-days" };

/** Parses like `answer` does: a management command first, then a question. Returns a UserError instead of throwing it. */
function parse(text: string): unknown {
  try {
    return parseManageCommand(text, { timeZone: "UTC", weekStartsOn: 1 }) ?? parseCommand(text, ctx);
  } catch (error) {
    if (isUserError(error)) return error;
    throw error;
  }
}

/** The fastest of a few runs, in ms (the slowest are the machine's other work, not ours). */
function fastestParse(text: string, runs = 3): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    parse(text);
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

/** Inputs from the attack session and their relatives: long words full of numbers, repeated clauses, long runs of separators. */
const HOSTILE: Record<string, (chars: number) => string> = {
  "a word of `2026-` repeated": (n) => `csat ${"2026-".repeat(n / 5)}`,
  "a word of `1-` repeated": (n) => `csat ${"1-".repeat(n / 2)}`,
  "a period repeated": (n) => `csat ${"last-7-days ".repeat(n / 12)}`,
  "an alert period repeated": (n) => `alert add csat < 80% over ${"last-7-days ".repeat(n / 12)}`,
  "a run of hyphens inside a word": (n) => `csat x${"-".repeat(n)}x`,
  "a quoted run of spaces": (n) => `csat "x${" ".repeat(n)}x"`,
  "ellipses": (n) => `csat ${"…".repeat(n)}`,
  "range separators": (n) => `csat ${"2026-10-01..".repeat(n / 12)}`,
  "a where value list": (n) => `csat where channel=${"a,".repeat(n / 2)}`,
  "a where clause of `=`": (n) => `csat where ${"a=".repeat(n / 2)}`,
  "words before the metric": (n) => `${"x ".repeat(n / 2)}csat`,
  "one unknown word": (n) => "a".repeat(n),
  "operators": (n) => `alert add csat${"<".repeat(n)}`,
  "a time zone": (n) => `alert add csat < 80% tz ${"Europe/".repeat(n / 7)}`,
  "a digest's metrics": (n) => `digest add daily 09:00 metrics ${"csat,".repeat(n / 5)}`,
  "a cron expression": (n) => `digest add cron "0 9 * * ${"1,".repeat(n / 2)}1"`,
};

describe("hostile input", () => {
  it("parses the attack session's 6 KB `csat 2026-2026-…` well within a second (it took 9 s)", () => {
    const text = `csat ${"2026-".repeat(1200)}`;
    expect(text.length).toBeGreaterThan(6000);
    expect(fastestParse(text, 1)).toBeLessThan(1000);
    expect(parse(text)).toMatchObject({ code: "unknown_period" });
  });

  it("parses an alert with `over last-7-days` repeated over 6 KB well within a second", () => {
    const text = `alert add csat < 80% over ${"last-7-days ".repeat(550)}`;
    expect(text.length).toBeGreaterThan(6000);
    expect(fastestParse(text, 1)).toBeLessThan(1000);
    expect(isUserError(parse(text))).toBe(true);
  });

  it("takes about ten times as long for ten times the text, whatever the text (linear, not quadratic)", () => {
    const ratios: Record<string, number> = {};
    for (const [name, make] of Object.entries(HOSTILE)) {
      // Warm up, so the first measurement is not the compiler's.
      parse(make(3000));
      const small = Math.max(fastestParse(make(3000), 5), 1);
      const large = fastestParse(make(30_000), 5);
      ratios[name] = large / small;
    }
    // Quadratic work would make the ratio about 100; linear about 10. The bound leaves room for a busy machine.
    const superlinear = Object.entries(ratios).filter(([, ratio]) => ratio >= 40).map(([name, ratio]) => `${name}: ×${ratio.toFixed(0)}`);
    expect(superlinear).toEqual([]);
  });

  it("answers any text with a command or a UserError, never another exception", () => {
    const fragment = fc.constantFrom(
      "csat", "alert", "digest", "add", "list", "where", "by", "vs", "over", "check", "tz", "metrics", "period", "cron",
      "2026-", "2026-Q3", "last-7-days", "last", "-", "..", "…", " – ", " ", "  ", '"', "“", "”", "=", ",", ":", "<", ">=", "%",
      "pts", "09:00", "daily", "weekly", "mon", "\u0000", "\t", "\n", "é", "😀", "channel=email", "/", "1", "0", "999999999",
    );
    const text = fc.oneof(
      fc.array(fragment, { maxLength: 60 }).map((parts) => parts.join("")),
      fc.array(fragment, { maxLength: 60 }).map((parts) => parts.join(" ")),
      fc.string({ unit: "grapheme", maxLength: 200 }),
      fc.string({ unit: "binary", maxLength: 200 }),
    );
    fc.assert(
      fc.property(text, (t) => {
        const started = performance.now();
        parse(t);
        // Generous: a few ms is typical; the bound only catches a stall.
        expect(performance.now() - started).toBeLessThan(500);
      }),
      { numRuns: 400 },
    );
  });
});
