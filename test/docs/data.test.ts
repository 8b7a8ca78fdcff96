/**
 * docs/data.md is the reference people map their exports with: every field
 * of every dataset (with its type, whether it is required, whether it is a
 * dimension) and every mapping key the code accepts must be in it, so a
 * field or key added to the code without a line in the docs fails here.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DATASETS, DATASET_IDS } from "../../src/measures/datasets.ts";
import { DUPLICATE_ID } from "../../src/connectors/duplicates.ts";
import { DURATIONS, EPOCH_FORMATS, FILE_FORMATS, MAPPING_KEYS, SURVEY_KINDS } from "../../src/ingest/mapping.ts";
import { CATALOG } from "../../src/metrics/catalog/index.ts";
import { DEFAULT_METRIC_OPTIONS } from "../../src/metrics/types.ts";

const DOC = readFileSync(new URL("../../docs/data.md", import.meta.url), "utf8");

/** The text under the heading `heading` (a whole line), up to the next heading of the same or a higher level. */
function section(heading: string): string {
  const lines = DOC.split("\n");
  const start = lines.indexOf(heading);
  expect(start, `docs/data.md has no heading "${heading}"`).toBeGreaterThanOrEqual(0);
  const level = heading.indexOf(" ");
  const end = lines.findIndex((l, i) => i > start && /^#+ /.test(l) && l.indexOf(" ") <= level);
  return lines.slice(start + 1, end < 0 ? undefined : end).join("\n");
}

/** The cells of the table row whose first cell is `` `name` ``, or undefined. */
function row(text: string, name: string): string[] | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`| \`${name}\` |`));
  return line?.split(" | ").map((c) => c.replace(/^\| |\s*\|$/g, "").trim());
}

const TYPE_WORDS = { string: "text", number: "number", boolean: "yes/no", time: "time" } as const;

describe("docs/data.md", () => {
  it("lists every dataset's fields with their type, required or optional, and dimension, as datasets.ts says", () => {
    for (const id of DATASET_IDS) {
      const text = section(`### \`${id}\``);
      expect(text, `${id}: its time field`).toContain(`Time field: \`${DATASETS[id].timeField}\``);
      for (const [name, spec] of Object.entries(DATASETS[id].fields)) {
        const cells = row(text, name);
        expect(cells, `docs/data.md, ${id}: no row for the field "${name}"`).toBeDefined();
        expect(cells![1], `${id}.${name}: type`).toBe(TYPE_WORDS[spec.type]);
        expect(cells![2], `${id}.${name}`).toBe(`${spec.optional ? "optional" : "required"}${spec.dimension ? ", dimension" : ""}`);
        expect(cells![3]!.length, `${id}.${name}: what it is used for`).toBeGreaterThan(10);
      }
      // No row for a field the dataset does not have.
      const documented = [...text.matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1]);
      expect(documented).toEqual(Object.keys(DATASETS[id].fields));
    }
  });

  it("names, for each field, exactly the metrics whose measures use it", () => {
    // The fields a measure refers to: `field`, `eq`, `isNull`, `notNull`, `key`, `localDay` and distinct `keys`.
    const uses = new Map<string, Set<string>>();
    const walk = (x: unknown, dataset: string, metric: string): void => {
      if (Array.isArray(x)) return x.forEach((y) => walk(y, dataset, metric));
      if (x === null || typeof x !== "object") return;
      for (const [k, v] of Object.entries(x)) {
        const named = typeof v === "string" && ["field", "eq", "isNull", "notNull", "key", "localDay"].includes(k) ? [v] : k === "keys" && Array.isArray(v) ? v.filter((e) => typeof e === "string") : [];
        for (const f of named) uses.set(`${dataset}.${f}`, (uses.get(`${dataset}.${f}`) ?? new Set()).add(metric));
        walk(v, dataset, metric);
      }
    };
    for (const m of CATALOG) for (const spec of Object.values(m.measures(DEFAULT_METRIC_OPTIONS))) walk(spec, spec.dataset ?? m.dataset, m.id);
    const ids = new Set(CATALOG.map((m) => m.id));
    for (const id of DATASET_IDS) {
      const text = section(`### \`${id}\``);
      for (const name of Object.keys(DATASETS[id].fields)) {
        const named = [...row(text, name)![3]!.matchAll(/`([a-z_]+)`/g)].map((m) => m[1]!).filter((w) => ids.has(w));
        expect(new Set(named), `docs/data.md, ${id}.${name}: the metrics it is used for`).toEqual(uses.get(`${id}.${name}`) ?? new Set());
      }
    }
  });

  it("documents every mapping key the code accepts, each in its place with an example", () => {
    const places: Array<[keyof typeof MAPPING_KEYS, string]> = [
      ["mapping", "### Top level"],
      ["file", "### A file"],
      ["csv", "### A file"],
      ["dataset", "### A dataset"],
      ["field", "### A field"],
      ["condition", "### A condition (`when`)"],
      ["plus", "### A field"],
      ["table", "### Tables (Postgres)"],
    ];
    for (const [place, heading] of places) {
      const text = section(heading);
      for (const key of MAPPING_KEYS[place]) {
        const cells = row(text, key);
        expect(cells, `docs/data.md, "${heading}": no row for the ${place} key "${key}"`).toBeDefined();
        expect(cells!.at(-1), `${place}.${key}: an example`).toMatch(/`.+`/);
      }
    }
  });

  it("names every format, duration, epoch format and survey kind, and the duplicate-id reason", () => {
    for (const word of [...FILE_FORMATS, ...DURATIONS, ...EPOCH_FORMATS, ...SURVEY_KINDS, DUPLICATE_ID]) expect(DOC).toContain(`\`${word}\``);
  });
});
