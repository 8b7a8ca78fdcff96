/**
 * One row per thing: in a dataset whose rows each stand for one thing named
 * by `id` (a ticket, a call, a survey answer …), a later row with the same id
 * replaces the earlier one — an export that lists a ticket twice, or two
 * monthly files that overlap, count it once. The replaced rows are counted
 * in `sources` under DUPLICATE_ID, never silently dropped or double-counted.
 * "Later" is file order: rows further down a file, and files later in
 * mapping.json (then files named after a dataset, by name). Every engine that
 * reads rows applies this same rule (memory here, DuckDB in duckdb/index.ts).
 *
 * @example
 * keepLast("tickets", [{ id: "T1", … }, { id: "T2", … }, { id: "T1", … }])
 * // → { rows: [T2, the second T1], duplicates: 1 }
 */
import { DATASETS, type DatasetId, type Row } from "../measures/datasets.ts";

/** The reason `sources` shows for rows replaced by a later row with the same id. */
export const DUPLICATE_ID = "duplicate id (the last row kept)";

/** The field naming the thing a row stands for, when the dataset has one row per thing. */
export function uniqueKeyOf(dataset: DatasetId): string | undefined {
  return Object.hasOwn(DATASETS[dataset].fields, "id") ? "id" : undefined;
}

/** The rows with, for each id, only its last row (in their order); rows without an id are kept as they are. */
export function keepLast(dataset: DatasetId, rows: readonly Row[]): { rows: Row[]; duplicates: number } {
  const key = uniqueKeyOf(dataset);
  if (key === undefined) return { rows: rows.slice(), duplicates: 0 };
  const last = new Map<Row[string], number>();
  rows.forEach((r, i) => {
    const id = r[key];
    if (id !== null && id !== undefined) last.set(id, i);
  });
  const kept = rows.filter((r, i) => {
    const id = r[key];
    return id === null || id === undefined || last.get(id) === i;
  });
  return { rows: kept, duplicates: rows.length - kept.length };
}
