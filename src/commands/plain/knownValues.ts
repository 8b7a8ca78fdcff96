/**
 * The distinct values of a dataset's dimensions, asked of the connector with
 * the ordinary `measure` (a count grouped by each dimension), kept for a
 * minute so a conversation does not re-read them at every question. What
 * `csat for email` needs to know that `email` is a channel.
 */
import type { Connector } from "../../connectors/connector.ts";
import { DATASETS, dimensionsOf, type DatasetId } from "../../measures/datasets.ts";
import type { KnownValues } from "./values.ts";

/** How long values are kept, ms. */
export const KNOWN_VALUES_TTL_MS = 60_000;
/** Values per dimension kept for reading questions (the most common first would need counts; these are enough for names). */
const MAX_VALUES = 5_000;
/** Longest value read as a word someone would type. */
const MAX_VALUE_CHARS = 80;

const cache = new WeakMap<Connector, Map<DatasetId, { at: number; values: Promise<KnownValues> }>>();

/**
 * The values of each dimension of `dataset`, from the cache when fresh. Never
 * throws: a dataset that cannot be read has no known values (the question then
 * gets the dataset's own message when it runs).
 * @example await knownValues(connector, "surveys", Date.now()) // { channel: ["chat", "email"], agent: ["Aino", …], team: [...] }
 */
export function knownValues(connector: Connector, dataset: DatasetId, nowMs: number): Promise<KnownValues> {
  let byDataset = cache.get(connector);
  if (!byDataset) {
    byDataset = new Map();
    cache.set(connector, byDataset);
  }
  const kept = byDataset.get(dataset);
  if (kept && nowMs - kept.at >= 0 && nowMs - kept.at < KNOWN_VALUES_TTL_MS) return kept.values;
  const values = read(connector, dataset);
  byDataset.set(dataset, { at: nowMs, values });
  return values;
}

async function read(connector: Connector, dataset: DatasetId): Promise<KnownValues> {
  const out: Record<string, string[]> = {};
  const timeField = DATASETS[dataset].timeField;
  await Promise.all(
    dimensionsOf(dataset).map(async (dimension) => {
      try {
        const result = await connector.measure({
          dataset,
          // Every row with a time: the whole dataset, whatever the range.
          measures: { rows: { agg: "count", where: { notNull: timeField } } },
          range: { start: new Date(0), end: new Date(0) },
          filters: [],
          groupBy: dimension,
          timeZone: "UTC",
        });
        out[dimension] = (result.groups ?? [])
          .map((g) => g.key)
          .filter((k): k is string => typeof k === "string" && k.trim() !== "" && k.length <= MAX_VALUE_CHARS)
          .slice(0, MAX_VALUES);
      } catch {
        // Unreadable data: no values for this dimension; the question's own run reports the problem.
      }
    }),
  );
  return out;
}
