/**
 * The text answers a person reads, as file snapshots (read once by a person
 * when they change), over the deterministic sample data at a fixed instant.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../../src/commands/answer.ts";
import { sampleConnector } from "../../src/ingest/sample/index.ts";
import { renderText } from "../../src/render/text.ts";
import { ask, engineOver, NOW } from "../helpers.ts";

let engine: Engine;
beforeAll(() => {
  engine = engineOver({}, { connector: sampleConnector(NOW) });
});

const cases: Array<[string, string, string]> = [
  ["csat-last-week-by-channel", "csat last-week by channel", "metric"],
  ["frt-this-month-by-agent", "frt this-month by agent", "metric"],
  ["nps-2026-q3-vs-last-year", "nps 2026-Q3 vs last-year", "metric"],
  ["csat-last-30-days-email", "csat last-30-days where channel=email", "metric"],
  ["churn-last-month", "churn last-month", "metric"],
  ["ticket-volume-by-channel", "ticket_volume last-week by channel", "metric"],
  ["help", "help", "help"],
  ["define-ces", "define ces", "define"],
  ["typo-period", "csat lst-week", "error"],
  ["sources", "sources", "sources"],
];

describe("text answers", () => {
  it.each(cases)("renders %s as the snapshot a person read", async (name, question, kind) => {
    const report = await ask(engine, question);
    expect(report.kind).toBe(kind);
    if (report.kind === "error") expect(report.cause).toBe("user");
    const text = renderText(report);
    await expect(text).toMatchFileSnapshot(`__snapshots__/${name}.txt`);
  });
});
