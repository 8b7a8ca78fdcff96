/** docs/metrics.md: its per-metric reference is generated from the catalog (`npm run docs`) and must not go stale. */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { BEGIN_MARKER, END_MARKER, metricReference, withMetricReference } from "../../scripts/metricsDoc.ts";
import { CATALOG } from "../../src/metrics/catalog/index.ts";

const FILE = fileURLToPath(new URL("../../docs/metrics.md", import.meta.url));

describe("docs/metrics.md", () => {
  it("holds the reference generated from the catalog as it is now (run `npm run docs` after changing a metric)", async () => {
    const doc = await readFile(FILE, "utf8");
    expect(doc, "docs/metrics.md is stale: run `npm run docs`").toBe(withMetricReference(doc));
  });

  it("keeps the hand-written specification, worked examples included, outside the generated part", async () => {
    const doc = await readFile(FILE, "utf8");
    const handWritten = doc.slice(0, doc.indexOf(BEGIN_MARKER)) + doc.slice(doc.indexOf(END_MARKER) + END_MARKER.length);
    expect(handWritten).toContain("## Datasets (the normalized model every connector maps into)");
    expect(handWritten).toContain("30 positive of 50 → 60 %");
    expect(handWritten).toContain("S 200, E 200, N 20 → 90 %");
  });

  it("gives every metric its formula, unit, direction, dataset, the fields it needs and an example", () => {
    const reference = metricReference();
    for (const def of CATALOG) {
      const section = reference.slice(reference.indexOf(`### \`${def.id}\``)).split("\n### ")[0]!;
      for (const label of ["Formula", "Unit", "Direction", "Dataset", "Needs", "Example"]) expect(section, `${def.id}: ${label}`).toContain(`**${label}:**`);
    }
    expect(reference).toContain("- **Needs:** `created_at`, `resolved_at` in `tickets`.");
  });

  it("replaces only the part between the markers, and is stale when the catalog changed", () => {
    const doc = `# Hand-written\n\n${BEGIN_MARKER}\nold reference\n${END_MARKER}\n\nMore hand-written text.\n`;
    const next = withMetricReference(doc);
    expect(next).not.toBe(doc);
    expect(next.startsWith("# Hand-written\n\n")).toBe(true);
    expect(next.endsWith(`${END_MARKER}\n\nMore hand-written text.\n`)).toBe(true);
    expect(withMetricReference(next)).toBe(next);
  });
});
