/**
 * The sample data on disk. On first start with an empty (or missing) DATA_DIR
 * the fictional team's data (generateSampleData, ending now) is written there
 * as Parquet, one file per dataset, and a marker `.sample.json` records the
 * end instant and the files written.
 *
 * Stale sample data is refreshed at start: when the marker's files are
 * untouched (same sizes) and the sample ends more than a day before now, or
 * after now (an earlier `--now`), it is written again ending now. A DATA_DIR
 * holding any other data file, or sample files someone changed, is never
 * touched. So answers are reproducible for a given `--now` on a fresh
 * DATA_DIR, and "last week" keeps meaning something on a bot that was first
 * started long ago.
 *
 * Files are written under temporary names and renamed; a lock file keeps two
 * processes starting on the same empty folder from writing at once.
 *
 * @example
 * await ensureSampleData("./data", new Date()); // → { wrote: true, end } the first time
 */
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "../../log.ts";
import { DATASET_IDS } from "../../measures/datasets.ts";
import { sqlString } from "../sql/identifiers.ts";
import { openDuckDb } from "./database.ts";
import { stageRows, typedSelect } from "./rows.ts";

export const SAMPLE_MARKER = ".sample.json";
const LOCK = ".sample.lock";
/** Sample data older than this (end before now − 1 day) is written again at start. */
export const SAMPLE_MAX_AGE_MS = 24 * 3_600_000;

export interface SampleMarker {
  /** The instant the sample data reaches up to. */
  end: string;
  /** File name → size in bytes, as written. */
  files: Record<string, number>;
}

/** Extensions of data files the bot reads. */
export const DATA_EXTENSIONS = [".csv", ".tsv", ".parquet", ".json", ".jsonl", ".ndjson"];

/**
 * A file the bot reads when it is named after a dataset (or mapped). A
 * `.txt` counts only when named after a dataset (`tickets.txt`), so notes
 * left in DATA_DIR are not taken for data.
 */
export function isDataFile(name: string): boolean {
  const lower = name.toLowerCase();
  if (name.startsWith(".") || lower === "mapping.json") return false;
  if (lower.endsWith(".txt")) return (DATASET_IDS as readonly string[]).includes(name.slice(0, -4));
  return DATA_EXTENSIONS.some((e) => lower.endsWith(e));
}

/** The marker, when DATA_DIR holds sample data that nobody has changed since it was written. */
export async function readSampleMarker(dataDir: string): Promise<SampleMarker | undefined> {
  let marker: SampleMarker;
  try {
    marker = JSON.parse(await readFile(join(dataDir, SAMPLE_MARKER), "utf8")) as SampleMarker;
  } catch {
    return undefined;
  }
  if (typeof marker?.end !== "string" || typeof marker.files !== "object" || marker.files === null) return undefined;
  for (const [name, size] of Object.entries(marker.files)) {
    try {
      if ((await stat(join(dataDir, name))).size !== size) return undefined;
    } catch {
      return undefined;
    }
  }
  return marker;
}

/**
 * Writes the sample data into `dataDir` when it holds no data (or only stale,
 * untouched sample data). Returns what it did.
 */
export async function ensureSampleData(
  dataDir: string,
  now: Date,
  log?: Logger,
): Promise<{ wrote: boolean; end: Date | null; ms: number }> {
  const started = performance.now();
  await mkdir(dataDir, { recursive: true });
  for (let attempt = 0; ; attempt++) {
    const decision = await decide(dataDir, now);
    if (decision.kind === "keep") return { wrote: false, end: decision.end, ms: performance.now() - started };
    const lock = await takeLock(dataDir);
    if (lock === null) {
      if (attempt > 600) throw new Error(`Another process has been writing the sample data into ${dataDir} for a minute (remove ${join(dataDir, LOCK)} if it crashed)`);
      await new Promise((r) => setTimeout(r, 100));
      continue;
    }
    try {
      // Re-check under the lock: another process may just have written it.
      const again = await decide(dataDir, now);
      if (again.kind === "keep") return { wrote: false, end: again.end, ms: performance.now() - started };
      await writeSample(dataDir, now);
      const ms = performance.now() - started;
      log?.info("sample data written", { dataDir, end: now.toISOString(), ms: Math.round(ms), refreshed: again.kind === "refresh" });
      return { wrote: true, end: now, ms };
    } finally {
      await lock();
    }
  }
}

/**
 * Whether `ensureSampleData(dataDir, now)` would write: DATA_DIR is missing or
 * holds no data, or only untouched sample data ending at another instant.
 * Reads only.
 */
export async function wouldWriteSample(dataDir: string, now: Date): Promise<boolean> {
  try {
    return (await decide(dataDir, now)).kind !== "keep";
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return true;
    throw e;
  }
}

async function decide(dataDir: string, now: Date): Promise<{ kind: "keep"; end: Date | null } | { kind: "write" | "refresh" }> {
  const names = (await readdir(dataDir)).filter((n) => isDataFile(n) || n === "mapping.json");
  const marker = await readSampleMarker(dataDir);
  if (names.length === 0) return { kind: "write" };
  if (marker === undefined) return { kind: "keep", end: null };
  const end = new Date(marker.end);
  const onlySample = names.every((n) => Object.hasOwn(marker.files, n));
  const stale = !(end.getTime() <= now.getTime()) || now.getTime() - end.getTime() > SAMPLE_MAX_AGE_MS;
  return onlySample && stale ? { kind: "refresh" } : { kind: "keep", end };
}

/** Takes the lock file; returns its release, or null when another process holds it (a lock older than 2 minutes is broken). */
async function takeLock(dataDir: string): Promise<(() => Promise<void>) | null> {
  const path = join(dataDir, LOCK);
  try {
    const handle = await open(path, "wx");
    await handle.writeFile(String(process.pid));
    await handle.close();
    return () => rm(path, { force: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    try {
      if (Date.now() - (await stat(path)).mtimeMs > 120_000) await rm(path, { force: true });
    } catch {
      // gone already
    }
    return null;
  }
}

async function writeSample(dataDir: string, now: Date): Promise<void> {
  // Loaded only when the sample is written: most starts find it on disk.
  const { generateSampleData } = await import("../../ingest/sample/generate.ts");
  const data = generateSampleData({ end: now });
  const db = await openDuckDb({ connections: 1 });
  const files: Record<string, number> = {};
  const suffix = `.tmp-${process.pid}`;
  try {
    await rm(join(dataDir, SAMPLE_MARKER), { force: true });
    for (const id of DATASET_IDS) {
      const name = `${id}.parquet`;
      const tmp = join(dataDir, `.${name}${suffix}`);
      await stageRows(db, `stage_${id}`, id, data[id]);
      await db.exec(`COPY (${typedSelect(id, `stage_${id}`)}) TO ${sqlString(tmp)} (FORMAT parquet, COMPRESSION zstd)`);
      await db.exec(`DROP TABLE stage_${id}`);
      await rename(tmp, join(dataDir, name));
      files[name] = (await stat(join(dataDir, name))).size;
    }
  } finally {
    await db.close();
  }
  const marker: SampleMarker = { end: now.toISOString(), files };
  const tmp = join(dataDir, `${SAMPLE_MARKER}${suffix}`);
  await writeFile(tmp, `${JSON.stringify(marker, null, 2)}\n`);
  await rename(tmp, join(dataDir, SAMPLE_MARKER));
}
