/**
 * One process of the SQLite multi-process race (sqlite.test.ts):
 * `node --import tsx sqliteRacer.ts <file> <owner>`. Opens the store on
 * <file> (migrating it if nobody has yet), prints "ready", waits for a line on
 * stdin, then claims runs 0–49 and claims each due outbox entry, pausing a millisecond between steps so the processes interleave, and
 * prints what it won as one JSON line.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { openSqliteStore } from "../../src/store/sqlite.ts";

export interface RacerResult {
  claimed: number[];
  taken: string[];
}

const NOW = new Date("2026-11-23T09:00:00Z");
const ENTRIES = 100;

const [file, owner] = process.argv.slice(2);
if (!file || !owner) throw new Error("usage: sqliteRacer.ts <file> <owner>");

const store = await openSqliteStore(file);
// Every process enqueues the same 100 entries: ids already there are left as they are.
for (let i = 0; i < ENTRIES; i++) {
  await store.enqueue({
    id: `ob-${String(i).padStart(3, "0")}`,
    run: null,
    destination: { platform: "console", workspace: "local", channel: "console" },
    payload: { n: i },
    replaceOf: null,
    threadOf: null,
    nextAttemptAt: NOW,
  });
}
process.stdout.write("ready\n");
await new Promise((resolve) => process.stdin.once("data", resolve));

const result: RacerResult = { claimed: [], taken: [] };
for (let i = 0; i < 50; i++) {
  const key = { scheduleId: `digest-${i % 5}`, scheduledAt: new Date(NOW.getTime() + Math.floor(i / 5) * 86_400_000) };
  if (await store.claimRun(key, owner, 60_000, NOW)) result.claimed.push(i);
  await sleep(1); // lets the other processes in between, so that they really race
}
for (const due of await store.dueOutbox(NOW, ENTRIES)) {
  if (await store.claimOutbox(due.id, owner, NOW, 60_000)) result.taken.push(due.id);
  await sleep(1);
}
await store.close();
process.stdout.write(`${JSON.stringify(result)}\n`);
