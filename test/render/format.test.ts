import { describe, expect, it } from "vitest";
import type { MetricInfo, ComparisonView } from "../../src/report.ts";
import { againstText, decimalsFor, describeChange, formatChange, formatDuration, formatInterval, formatResult, formatValue, sparkline } from "../../src/render/format.ts";
import { comparisonPeriod, parsePeriod } from "../../src/periods/index.ts";

const info = (unit: MetricInfo["unit"], direction: MetricInfo["direction"]): MetricInfo => ({
  id: "x",
  name: "X",
  aliases: [],
  unit,
  direction,
  formula: "",
  dataset: "tickets",
  currency: "USD",
});

function comparison(change: number, verdict: ComparisonView["verdict"], significant: boolean | null): ComparisonView {
  return {
    against: "previous",
    period: { start: new Date(0), end: new Date(1), label: "", step: { unit: "week", count: 1 }, timeZone: "UTC" },
    dates: "",
    partial: false,
    result: { value: 1, n: 1, sampling: { kind: "none" } },
    change,
    significant,
    verdict,
  };
}

describe("changes", () => {
  it("writes percentage changes in points with a sign: +3.2 pts, −0.5 pts", () => {
    expect(formatChange(3.2, "percent", "USD")).toBe("+3.2 pts");
    expect(formatChange(-0.5, "percent", "USD")).toBe("\u22120.5 pts");
    expect(formatChange(4, "nps", "USD")).toBe("+4 pts");
    // Too small for one decimal: two, never "+0 pts" beside an arrow.
    expect(formatChange(0.04, "percent", "USD")).toBe("+0.04 pts");
    expect(formatChange(-0.012, "nps", "USD")).toBe("\u22120.01 pts");
  });

  it("writes duration changes in time units: −14 min, +2 min 30 s", () => {
    expect(formatChange(-840, "seconds", "USD")).toBe("\u221214 min");
    expect(formatChange(150, "seconds", "USD")).toBe("+2 min 30 s");
  });

  it("calls a fall in first response time better and a rise in CSAT better", () => {
    expect(describeChange(comparison(-840, "better", true), info("seconds", "lower"))).toBe("down 14 min — better, beyond sampling noise");
    expect(describeChange(comparison(3.2, "better", true), info("percent", "higher"))).toBe("up 3.2 pts — better, beyond sampling noise");
    expect(describeChange(comparison(3.2, "worse", true), info("percent", "lower"))).toBe("up 3.2 pts — worse, beyond sampling noise");
  });

  it("says when a change is within sampling noise, and judges nothing for a neutral metric", () => {
    expect(describeChange(comparison(1.1, "better", false), info("percent", "higher"))).toBe("up 1.1 pts — within sampling noise");
    expect(describeChange(comparison(12, "changed", true), info("count", "neutral"))).toBe("up 12 — beyond sampling noise");
    expect(describeChange(comparison(0, "unchanged", null), info("count", "neutral"))).toBe("unchanged");
  });
});

describe("values", () => {
  it("shows durations as people say them", () => {
    expect(formatDuration(45)).toBe("45 s");
    expect(formatDuration(150)).toBe("2 min 30 s");
    expect(formatDuration(14 * 60)).toBe("14 min");
    expect(formatDuration(2 * 3600 + 14 * 60)).toBe("2 h 14 min");
    expect(formatDuration(2 * 86_400 + 3 * 3600)).toBe("2 d 3 h");
  });

  it("shows each unit in its own way", () => {
    expect(formatValue(78.44, "percent", { currency: "USD" })).toBe("78.4%");
    expect(formatValue(-12.5, "nps", { currency: "USD" })).toBe("-12.5");
    expect(formatValue(4.2, "score", { currency: "USD", scale: { min: 1, max: 5 } })).toBe("4.2 / 5");
    expect(formatValue(1234, "count", { currency: "USD" })).toBe("1,234");
    expect(formatValue(750, "currency", { currency: "USD" })).toBe("$750");
    expect(formatValue(49.5, "currency", { currency: "EUR" })).toBe("€49.50");
  });

  it("draws a sparkline from lowest to highest, with a gap where a period has no data", () => {
    expect(sparkline([1, 2, null, 8])).toBe("▁▂ █");
    expect(sparkline([5, 5])).toBe("▄▄");
    expect(sparkline([null, null])).toBe("");
  });
});

describe("againstText", () => {
  const opts = { now: new Date("2026-11-24T09:00:00Z"), timeZone: "Europe/Vilnius", weekStartsOn: 1 as const };
  it("names what a figure is compared with, and how far back a same-weekday comparison reaches", () => {
    const day = parsePeriod("yesterday", opts);
    const october = parsePeriod("2026-10", opts);
    expect(againstText({ against: "previous" })).toBe("the previous period");
    expect(againstText({ against: "last-year", period: comparisonPeriod(day, "last-year") })).toBe("the same dates last year");
    expect(againstText({ against: "same-weekday", period: comparisonPeriod(day, "same-weekday") })).toBe("the same weekday a week earlier");
    expect(againstText({ against: "same-weekday", period: comparisonPeriod(parsePeriod("last-week", opts), "same-weekday") })).toBe("the same weekdays a week earlier");
    expect(againstText({ against: "same-weekday", period: comparisonPeriod(october, "same-weekday") })).toBe("the same weekdays 5 weeks earlier");
  });
});

describe("precision that follows the interval", () => {
  const score = { ...info("score", "higher") };
  const percent = { ...info("percent", "higher") };
  const mean = (value: number, lo: number, hi: number) => ({ value, n: 4054, interval: { lo, hi }, sampling: { kind: "none" as const }, scale: { min: 1, max: 5 } });

  it("gives a mean of 3.404 with interval 3.362–3.446 two decimals, so the interval's ends differ: 3.40 / 5 · 3.36–3.45", () => {
    const r = mean(3.404, 3.3624, 3.4456);
    expect(decimalsFor(r, "score")).toBe(2);
    expect(formatResult(r, score)).toBe("3.40 / 5");
    expect(formatInterval(r, score)).toBe("3.36–3.45");
  });

  it("keeps one decimal when one already tells the ends apart: 78.4% · 74.1–82.2%", () => {
    const r = { value: 78.44, n: 300, interval: { lo: 74.1, hi: 82.2 }, sampling: { kind: "none" as const } };
    expect(formatResult(r, percent)).toBe("78.4%");
    expect(formatInterval(r, percent)).toBe("74.1–82.2%");
  });

  it("never gives more decimals than it takes for the ends to differ, and at most four", () => {
    expect(decimalsFor({ interval: { lo: 50.01, hi: 50.04 } }, "percent")).toBe(2);
    expect(decimalsFor({ interval: { lo: 50.0001, hi: 50.00012 } }, "percent")).toBe(4);
    expect(decimalsFor({ interval: { lo: 3, hi: 3 } }, "score")).toBe(1);
    expect(decimalsFor({}, "score")).toBe(1);
  });

  it("leaves durations, counts and money as they are", () => {
    expect(decimalsFor({ interval: { lo: 100.01, hi: 100.02 } }, "seconds")).toBe(1);
    expect(formatValue(100.016, "seconds", { currency: "USD", decimals: 3 })).toBe("1 min 40 s");
  });
});
