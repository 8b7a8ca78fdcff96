import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqliteStore } from "../../src/store/sqlite.ts";
import { storeContract, type StoreBacking } from "./store.contract.ts";
import type { RacerResult } from "./sqliteRacer.ts";

async function sqliteBacking(): Promise<StoreBacking & { file: string }> {
  const dir = await mkdtemp(join(tmpdir(), "store-sqlite-"));
  const file = join(dir, "bot.sqlite");
  return {
    file,
    open: () => openSqliteStore(file),
    migrationVersions: async () => {
      const db = new Database(file, { readonly: true });
      try {
        return db.prepare("SELECT version FROM schema_migrations").pluck().all() as number[];
      } finally {
        db.close();
      }
    },
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

describe("the SQLite store", () => {
  storeContract(sqliteBacking);

  describe("on one file shared by several processes", () => {
    let backing: Awaited<ReturnType<typeof sqliteBacking>>;
    beforeEach(async () => {
      backing = await sqliteBacking();
    });
    afterEach(async () => {
      await backing.dispose();
    });

    it("reads a change rule written before comparisons had their own column: its `vs last-year` becomes the rule's comparison", async () => {
      const store = await backing.open();
      const rule = {
        id: "a-old",
        destination: { platform: "console" as const, workspace: "local", channel: "console" },
        metric: "csat",
        condition: { kind: "change" as const, direction: "drops" as const, by: 5, unit: "pts" as const },
        period: "yesterday",
        filters: "",
        schedule: { cron: "0 9 * * *", timeZone: "UTC" },
        minN: 30,
        forChecks: 1,
        cooldownMs: 0,
        muted: false,
        createdBy: "U1",
        createdAt: new Date("2026-11-01T09:00:00Z"),
      };
      await store.saveAlertRule(rule);
      await store.saveAlertRule({ ...rule, id: "a-older" });
      await store.close();
      const db = new Database(backing.file);
      try {
        // As versions before 4 stored them: the comparison inside the condition, no column.
        db.prepare("UPDATE alert_rules SET comparison = NULL, condition = ? WHERE id = 'a-old'").run(JSON.stringify({ ...rule.condition, vs: "last-year" }));
        db.prepare("UPDATE alert_rules SET comparison = NULL, condition = ? WHERE id = 'a-older'").run(JSON.stringify({ ...rule.condition, vs: "previous" }));
      } finally {
        db.close();
      }
      const again = await backing.open();
      try {
        expect(await again.getAlertRule("a-old")).toEqual({ ...rule, comparison: "last-year" });
        // "vs previous" was what every change rule stored when nothing was typed: it now follows the period's rhythm.
        expect(await again.getAlertRule("a-older")).toEqual({ ...rule, id: "a-older" });
      } finally {
        await again.close();
      }
    });

    it("keeps the file in WAL mode", async () => {
      const store = await backing.open();
      await store.close();
      const db = new Database(backing.file, { readonly: true });
      try {
        expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
      } finally {
        db.close();
      }
    });

    it("lets three processes opening the same new file at once claim each of 50 runs and take each of 100 entries exactly once", async () => {
      const racers = await Promise.all(["process-0", "process-1", "process-2"].map((owner) => startRacer(backing.file, owner)));
      for (const racer of racers) racer.go();
      const results = await Promise.all(racers.map((racer) => racer.result));

      const claimed = results.flatMap((r) => r.claimed).sort((a, b) => a - b);
      expect(claimed).toEqual(Array.from({ length: 50 }, (_, i) => i));
      const taken = results.flatMap((r) => r.taken).sort();
      expect(taken).toEqual(Array.from({ length: 100 }, (_, i) => `ob-${String(i).padStart(3, "0")}`));
    });
  });
});

const RACER = fileURLToPath(new URL("./sqliteRacer.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** A child process (see sqliteRacer.ts) that opens the store, says "ready", and races once told to go. */
async function startRacer(file: string, owner: string): Promise<{ go(): void; result: Promise<RacerResult> }> {
  const child = spawn(process.execPath, ["--import", "tsx", RACER, file, owner], { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes("ready\n")) resolve();
    });
    void exited.then((code) => reject(new Error(`${owner} exited with ${code} before it was ready:\n${stderr}`)));
  });
  return {
    go: () => child.stdin.end("go\n"),
    result: exited.then((code) => {
      if (code !== 0) throw new Error(`${owner} exited with ${code}:\n${stderr}`);
      const last = stdout.trim().split("\n").at(-1) ?? "";
      return JSON.parse(last) as RacerResult;
    }),
  };
}
