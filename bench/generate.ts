/**
 * Deterministic benchmark data, generated inside DuckDB with SQL: `range()`
 * rows, pseudo-randomness from `hash(i, seed, salt)`, written with
 * `COPY … TO '….parquet'` in the normalized dataset shape (surveys, tickets),
 * so the DuckDB connector reads the files in place. Rows are ordered by their
 * time column, as an export of a helpdesk usually is.
 *
 * A marker `.bench.json` records the sizes, the seed and the files written;
 * files already there with the same marker are reused.
 */
import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { openDuckDb } from "../src/connectors/duckdb/database.ts";
import { sqlString } from "../src/connectors/sql/identifiers.ts";

export const SEED = 20261122;
/** The data reaches up to this instant (the benchmark's fixed "now"). */
export const DATA_END = new Date("2026-11-22T09:00:00Z");
const SPAN_SECONDS = 365 * 86_400;

export interface DataSet {
  dir: string;
  surveys: number;
  tickets: number;
  /** Time spent generating (when reused: as recorded when it was generated, if known). */
  ms: number | undefined;
  reused: boolean;
  bytes: number;
}

interface Marker {
  seed: number;
  surveys: number;
  tickets: number;
  end: string;
  files: Record<string, number>;
  /** How long generating took. */
  ms?: number;
}

export async function ensureData(root: string, surveys: number, tickets: number): Promise<DataSet> {
  const dir = join(root, `s${surveys}-t${tickets}-seed${SEED}`);
  await mkdir(dir, { recursive: true });
  const marker = await readMarker(dir);
  if (marker && marker.seed === SEED && marker.surveys === surveys && marker.tickets === tickets && marker.end === DATA_END.toISOString()) {
    return { dir, surveys, tickets, ms: marker.ms, reused: true, bytes: Object.values(marker.files).reduce((a, b) => a + b, 0) };
  }
  const started = performance.now();
  const db = await openDuckDb({ connections: 1 });
  const files: Record<string, number> = {};
  try {
    for (const [name, sql] of [
      ["surveys.parquet", surveysSql(surveys, tickets)],
      ["tickets.parquet", ticketsSql(tickets)],
    ] as const) {
      const tmp = join(dir, `.${name}.tmp`);
      await db.exec(`COPY (${sql}) TO ${sqlString(tmp)} (FORMAT parquet, COMPRESSION zstd)`);
      await rename(tmp, join(dir, name));
      files[name] = (await stat(join(dir, name))).size;
    }
  } finally {
    await db.close();
  }
  const ms = performance.now() - started;
  const next: Marker = { seed: SEED, surveys, tickets, end: DATA_END.toISOString(), files, ms };
  await writeFile(join(dir, ".bench.json"), JSON.stringify(next, null, 2));
  return { dir, surveys, tickets, ms, reused: false, bytes: Object.values(files).reduce((a, b) => a + b, 0) };
}

async function readMarker(dir: string): Promise<Marker | undefined> {
  try {
    const m = JSON.parse(await readFile(join(dir, ".bench.json"), "utf8")) as Marker;
    for (const [name, size] of Object.entries(m.files)) if ((await stat(join(dir, name))).size !== size) return undefined;
    return m;
  } catch {
    return undefined;
  }
}

/** A pseudo-random integer in [0, n) for row `i` and a salt. */
const rnd = (salt: number, n: number) => `CAST(hash(i, ${SEED}, ${salt}) % ${n} AS BIGINT)`;
const END = `TIMESTAMPTZ '${DATA_END.toISOString().replace("T", " ").replace("Z", "+00")}'`;
const CHANNELS = "['email', 'chat', 'phone', 'social', 'web']";

function surveysSql(n: number, tickets: number): string {
  // 70 % CSAT (1–5), 20 % NPS (0–10), 10 % CES (1–7); scores skewed positive.
  return `
    WITH r AS (SELECT range AS i, ${rnd(1, 10)} AS k, ${rnd(2, 1000)} AS u, ${rnd(4, 200)} AS agent FROM range(${n}))
    SELECT
      's' || i AS id,
      CASE WHEN k < 7 THEN 'csat' WHEN k < 9 THEN 'nps' ELSE 'ces' END AS kind,
      CAST(CASE
        WHEN k < 7 THEN CASE WHEN u < 500 THEN 5 WHEN u < 780 THEN 4 WHEN u < 880 THEN 3 WHEN u < 940 THEN 2 ELSE 1 END
        WHEN k < 9 THEN CASE WHEN u < 450 THEN 10 WHEN u < 600 THEN 9 WHEN u < 800 THEN 8 ELSE u % 8 END
        ELSE 1 + u % 7 END AS DOUBLE) AS score,
      CAST(CASE WHEN k < 7 THEN 1 WHEN k < 9 THEN 0 ELSE 1 END AS DOUBLE) AS scale_min,
      CAST(CASE WHEN k < 7 THEN 5 WHEN k < 9 THEN 10 ELSE 7 END AS DOUBLE) AS scale_max,
      ${END} - to_seconds(${rnd(3, SPAN_SECONDS)}) AS submitted_at,
      ${CHANNELS}[1 + ${rnd(5, 5)}] AS channel,
      'agent-' || agent AS agent,
      'team-' || (agent % 8) AS team,
      't' || ${rnd(6, tickets)} AS ticket_id,
      'c' || ${rnd(7, 100_000)} AS customer_id
    FROM r ORDER BY submitted_at`;
}

function ticketsSql(n: number): string {
  return `
    WITH r AS (SELECT range AS i, ${END} - to_seconds(${rnd(11, SPAN_SECONDS)}) AS created, ${rnd(12, 200)} AS agent, ${rnd(13, 100)} AS u FROM range(${n}))
    SELECT
      't' || i AS id,
      created AS created_at,
      CASE WHEN u < 97 THEN created + to_seconds(60 + ${rnd(14, 86_400)}) END AS first_response_at,
      CASE WHEN u < 90 THEN created + to_seconds(600 + ${rnd(15, 5 * 86_400)}) END AS resolved_at,
      CASE WHEN u % 10 = 0 THEN created + to_seconds(${rnd(16, 2 * 86_400)}) END AS escalated_at,
      ${CHANNELS}[1 + ${rnd(17, 5)}] AS channel,
      'agent-' || agent AS agent,
      'team-' || (agent % 8) AS team,
      ['low', 'normal', 'normal', 'high', 'urgent'][1 + ${rnd(18, 5)}] AS priority,
      ${rnd(19, 20)} = 0 AS is_complaint
    FROM r ORDER BY created_at`;
}
