/**
 * Which fields a team's data provides: a metric that needs a field the data
 * does not have (not mapped, no such column, or every value empty) answers
 * "not available from your data", never a figure. Engine-neutral: the
 * emptiness of a field is asked as a measure (`count where notNull`), so
 * memory, DuckDB and Postgres answer it alike.
 *
 * @example
 * const missing = await missingFields(connector, await connector.describe(), fieldsNeeded(backlog, options));
 * // [{ dataset: "tickets", field: "resolved_at", why: "…", fix: "…" }]
 */
import type { FieldRef } from "../metrics/fieldsNeeded.ts";
import type { Connector, DatasetInfo } from "./connector.ts";
import type { DatasetId } from "../measures/datasets.ts";
import type { Measure } from "../measures/measures.ts";

export interface MissingField extends FieldRef {
  /** "complaints.csv has no column resolved_at and it is not mapped", "every value is empty (1,897 rows)". */
  why: string;
  /** How to provide it. */
  fix: string;
}

/** All of time, for measures that use no bound. */
const ALL_TIME = { start: new Date("1970-01-01T00:00:00Z"), end: new Date("9999-12-31T00:00:00Z") };

/** The fields among `needs` the data does not provide; empty when a dataset has no rows (that is "no data", not a missing field). */
export async function missingFields(connector: Connector, infos: readonly DatasetInfo[], needs: readonly FieldRef[]): Promise<MissingField[]> {
  const byDataset = new Map<DatasetId, string[]>();
  for (const n of needs) byDataset.set(n.dataset, [...new Set([...(byDataset.get(n.dataset) ?? []), n.field])]);
  const found = await Promise.all(
    [...byDataset].map(async ([dataset, fields]): Promise<MissingField[]> => {
      const info = infos.find((i) => i.dataset === dataset);
      if (!info || info.rows === 0 || (info.problems?.length ?? 0) > 0) return [];
      const absent = new Map((info.absent ?? []).map((a) => [a.field, a.fix]));
      const out: MissingField[] = fields.flatMap((field) => {
        const fix = absent.get(field);
        return fix === undefined ? [] : [{ dataset, field, why: `${dataset} has no \`${field}\``, fix }];
      });
      const present = fields.filter((f) => !absent.has(f));
      if (present.length === 0) return out;
      const counts = await filledCounts(connector, info, present);
      present.forEach((field, i) => {
        // Only a count of 0 shows the field empty (a connector that gave no count proves nothing).
        if (counts[i] !== 0) return;
        out.push({
          dataset,
          field,
          why: `every \`${field}\` in ${dataset} is empty (${info.rows.toLocaleString("en-US")} rows)`,
          fix: `Check what \`${field}\` is mapped to in mapping.json: that column has no values the bot can read (\`sources\` shows rows skipped and why).`,
        });
      });
      return out;
    }),
  );
  return found.flat();
}

/**
 * Values present per field, over all rows: asked once per state of the data
 * (its source, rows and time coverage), not on every answer.
 */
const FILLED = new WeakMap<Connector, Map<string, number | undefined>>();

async function filledCounts(connector: Connector, info: DatasetInfo, fields: readonly string[]): Promise<Array<number | undefined>> {
  let cache = FILLED.get(connector);
  if (cache === undefined) FILLED.set(connector, (cache = new Map()));
  const state = `${info.dataset}|${info.source}|${info.rows}|${info.firstAt?.getTime()}|${info.latestAt?.getTime()}|${info.skipped.map((s) => `${s.reason}:${s.count}`).join(",")}`;
  const key = (field: string) => `${state}|${field}`;
  const missing = fields.filter((f) => !cache.has(key(f)));
  if (missing.length > 0) {
    const measures: Record<string, Measure> = Object.fromEntries(missing.map((f, i) => [`f${i}`, { agg: "count", where: { notNull: f } }]));
    const result = await connector.measure({ dataset: info.dataset, measures, range: ALL_TIME, filters: [], timeZone: "UTC" });
    if (cache.size > 1000) cache.clear();
    missing.forEach((f, i) => {
      const v = result.total[`f${i}`];
      cache.set(key(f), typeof v === "number" ? v : undefined);
    });
  }
  return fields.map((f) => cache.get(key(f)));
}
