/**
 * The per-metric reference of docs/metrics.md, generated from the catalog:
 * for every metric its formula, unit, direction, dataset, the fields it needs
 * (derived from its measures, as the bot checks them) and an example. Only
 * the part between the markers is generated; the rest of the file (the
 * specification, its worked examples) is written by hand and kept as it is.
 *
 * @example
 * const next = withMetricReference(await readFile("docs/metrics.md", "utf8"));
 */
import { DATASETS, dimensionsOf } from "../src/measures/datasets.ts";
import { CATALOG, directionOf } from "../src/metrics/catalog/index.ts";
import { fieldsNeeded } from "../src/metrics/fieldsNeeded.ts";
import { DEFAULT_METRIC_OPTIONS, type MetricDefinition, type Unit } from "../src/metrics/types.ts";

export const BEGIN_MARKER = "<!-- BEGIN GENERATED: metric reference (npm run docs; do not edit by hand) -->";
export const END_MARKER = "<!-- END GENERATED: metric reference -->";

const UNITS: Record<Unit, string> = {
  percent: "percent, 0–100 (changes in points)",
  nps: "NPS, −100…100, no % sign (changes in points)",
  score: "mean score on the answers' scale (\"4.2 / 5\")",
  seconds: "duration (\"2 h 14 min\")",
  count: "count",
  number: "number",
  currency: "money, in CURRENCY (default USD)",
};

const DIRECTIONS = { higher: "higher is better", lower: "lower is better", neutral: "neutral (no better or worse)" } as const;

function metricSection(def: MetricDefinition): string {
  const o = DEFAULT_METRIC_OPTIONS;
  const direction = typeof def.direction === "function" ? `${DIRECTIONS[directionOf(def, o)]} by default (configurable)` : DIRECTIONS[def.direction];
  const needs = new Map<string, string[]>();
  for (const f of fieldsNeeded(def, o)) needs.set(f.dataset, [...(needs.get(f.dataset) ?? []), `\`${f.field}\``]);
  const fields = [...needs].map(([dataset, list]) => `${list.join(", ")} in \`${dataset}\``).join("; ");
  const dimension = dimensionsOf(def.dataset)[0];
  const example = `\`${def.id} last-month${dimension ? ` by ${dimension}` : ""}\``;
  const lines = [
    `### \`${def.id}\` — ${def.name}`,
    "",
    `- **Formula:** ${def.formula}.`,
    `- **Unit:** ${UNITS[def.unit]}.`,
    `- **Direction:** ${direction}.`,
    `- **Dataset:** \`${def.dataset}\` (${DATASETS[def.dataset].row}); \`by\` and \`where\` use its dimensions: ${dimensionsOf(def.dataset).map((d) => `\`${d}\``).join(", ") || "none"}.`,
    `- **Needs:** ${fields}.`,
    ...(def.scale ? [`- **Scale:** ${def.scale(o)}.`] : []),
    ...(def.aliases.length > 0 ? [`- **Also called:** ${def.aliases.map((a) => `\`${a}\``).join(", ")}.`] : []),
    `- **Example:** ${example}.`,
  ];
  return lines.join("\n");
}

/** The generated reference: one section per metric, in catalog order. */
export function metricReference(): string {
  return [
    "## Reference (generated from the catalog)",
    "",
    "What the bot implements, metric by metric, as the catalog in `src/metrics/catalog/` defines it (defaults of the configurable choices shown). The fields a metric needs are derived from the measures its formula reads: when your data lacks one of them (not mapped, no such column, or empty throughout) the metric answers \"not available from your data\" and says how to map it, never a figure; `sources` lists, per dataset, what it can and cannot answer.",
    "",
    ...CATALOG.flatMap((def) => [metricSection(def), ""]),
  ].join("\n").trimEnd();
}

/** `doc` with the text between the markers replaced by the reference (the markers appended at the end when absent). */
export function withMetricReference(doc: string): string {
  const generated = `${BEGIN_MARKER}\n\n${metricReference()}\n\n${END_MARKER}`;
  const begin = doc.indexOf(BEGIN_MARKER);
  const end = doc.indexOf(END_MARKER);
  if (begin < 0 || end < begin) return `${doc.trimEnd()}\n\n${generated}\n`;
  return `${doc.slice(0, begin)}${generated}${doc.slice(end + END_MARKER.length)}`;
}
