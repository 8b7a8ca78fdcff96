import { describe, expect, it } from "vitest";
import type { MetricInfo, ComparisonView } from "../../src/report.ts";
import { againstText, describeChange, formatChange, formatDuration, formatValue, sparkline } from "../../src/render/format.ts";
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
