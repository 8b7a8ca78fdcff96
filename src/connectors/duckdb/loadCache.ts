/**
 * What reading DATA_DIR found, kept between starts: the rows skipped per
 * file and reason, duplicate ids, and each dataset's row count and time
 * span. Reading them scans every file (seconds on a large folder), so a
 * one-shot `npm run ask` or a restart would otherwise pay for it every time.
 *
 * An entry is the answer to one SQL statement over the folder's files, and
 * the cache holds only while nothing it was computed from has changed:
 * - the folder's signature (every data file's name, size and modification
 *   time, the mapping and the sample marker) is the one it was written
 *   with, and
 * - it is younger than `ttlMs`: the rules it was computed under ("more than
 *   a day after now is the future") took "now" from that load, and a running
 *   bot reads the folder again after the same time (index.ts).
 * Whoever uses the cache computes with its `loadedAt`, so the statements, and
 * hence their answers, are exactly those of the load that wrote it.
 *
 * Kept in the machine's temporary folder (one file per DATA_DIR), never in
 * DATA_DIR itself; written to a temporary name and renamed, so two processes
 * starting at once never read half a file. Losing it costs one slow start.
 *
 * @example
 * const cache = await openLoadCache(dataDir, signature, now, 12 * 3_600_000);
 * const rows = await cache.rows(sql, () => db.query(sql)); // from the disk when the folder is unchanged
 * await cache.save();
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Bumped when what load() computes changes shape, so an older bot's cache is not read. */
const VERSION = 1;

type Rows = Array<Record<string, unknown>>;

export interface LoadCache {
  /** The "now" the cached answers were computed under (this load's own when nothing was cached). */
  readonly loadedAt: Date;
  /** An earlier load of this very folder was found: what it counted is answered from here. */
  readonly warm: boolean;
  /** The rows of `sql`: cached, or computed by `run` and remembered. */
  rows(sql: string, run: () => Promise<Rows>): Promise<Rows>;
  /** Writes what this load computed, when it computed anything new. Never throws. */
  save(): Promise<void>;
}

interface CacheFile {
  version: number;
  dataDir: string;
  signature: string;
  loadedAt: number;
  results: Record<string, unknown>;
}

/** Where the cache of `dataDir` lives: the temporary folder, named by the folder's path. */
export function loadCacheFile(dataDir: string): string {
  return join(tmpdir(), "cs-metrics-bot", `load-${createHash("sha256").update(dataDir).digest("hex").slice(0, 24)}.json`);
}

export async function openLoadCache(dataDir: string, signature: string, now: Date, ttlMs: number): Promise<LoadCache> {
  const file = loadCacheFile(dataDir);
  let found: CacheFile | undefined;
  try {
    const parsed = JSON.parse(await readFile(file, "utf8")) as CacheFile;
    const fresh = Math.abs(now.getTime() - parsed.loadedAt) <= ttlMs;
    if (parsed.version === VERSION && parsed.dataDir === dataDir && parsed.signature === signature && fresh && typeof parsed.results === "object") found = parsed;
  } catch {
    // No cache yet, or an unreadable one: computed again.
  }
  const loadedAt = found?.loadedAt ?? now.getTime();
  const results: Record<string, unknown> = { ...(found?.results ?? {}) };
  let changed = false;
  const keyOf = (sql: string) => createHash("sha256").update(sql).digest("base64url");
  return {
    loadedAt: new Date(loadedAt),
    warm: found !== undefined,
    async rows(sql, run) {
      const key = keyOf(sql);
      if (Object.hasOwn(results, key)) return revive(results[key]) as Rows;
      const rows = await run();
      results[key] = JSON.parse(JSON.stringify(rows, (_k, v: unknown) => (typeof v === "bigint" ? { $bigint: v.toString() } : v)), tagDates(rows));
      changed = true;
      return rows;
    },
    async save() {
      if (!changed) return;
      const body: CacheFile = { version: VERSION, dataDir, signature, loadedAt, results };
      try {
        await mkdir(join(tmpdir(), "cs-metrics-bot"), { recursive: true });
        const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
        await writeFile(temporary, JSON.stringify(body));
        await rename(temporary, file);
        changed = false;
      } catch {
        // A read-only or full temporary folder: the next start reads the files again.
      }
    },
  };
}

/** JSON turns a Date into a string: mark them, so they come back as Dates. */
function tagDates(rows: Rows): (key: string, value: unknown) => unknown {
  const dates = new Set<string>();
  for (const row of rows) for (const [k, v] of Object.entries(row)) if (v instanceof Date) dates.add(k);
  return (key, value) => (dates.has(key) && typeof value === "string" ? { $date: value } : value);
}

function revive(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revive);
  if (value !== null && typeof value === "object") {
    const o = value as Record<string, unknown>;
    if (typeof o.$date === "string" && Object.keys(o).length === 1) return new Date(o.$date);
    if (typeof o.$bigint === "string" && Object.keys(o).length === 1) return BigInt(o.$bigint);
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, revive(v)]));
  }
  return value;
}
