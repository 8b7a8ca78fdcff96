/**
 * `npm run bench` / `npm run bench:quick` (a tenth of the size): generates the
 * data, runs every scenario and writes bench/RESULTS.md. Real HTTP on loopback
 * only; Postgres at BENCH_PG_URL (default postgresql://postgres@127.0.0.1:5432/test)
 * in a schema of its own, dropped afterwards.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, connect, type Server } from "node:net";
import os from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { serve } from "../adapters/http/serve.ts";
import { answer } from "../src/commands/answer.ts";
import type { Connector } from "../src/connectors/connector.ts";
import { openDuckDb } from "../src/connectors/duckdb/database.ts";
import { createPostgresConnector } from "../src/connectors/postgres/index.ts";
import { sqlString } from "../src/connectors/sql/identifiers.ts";
import { silentLogger } from "../src/log.ts";
import { renderSlack } from "../src/render/slack.ts";
import { Scheduler } from "../src/schedule/scheduler.ts";
import { openStore } from "../src/store/index.ts";
import type { Digest } from "../src/store/store.ts";
import { BOT_TOKEN, NOW, SIGNING_SECRET, benchConfig, duckConnector, engineOver, percentile, sleep, stat, type Stat } from "./common.ts";
import { startBenchSlack, type BenchSlack } from "./fakes/slack.ts";
import { ensureData, SEED, type DataSet } from "./generate.ts";
import { oneShotAsk } from "./oneShot.ts";
import { createHmac } from "node:crypto";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const quick = process.argv.includes("--quick");
const scale = quick ? 0.1 : 1;
const RUNS = Number(process.env["BENCH_RUNS"] ?? 5);
const ACK_REQUESTS = Number(process.env["BENCH_ACK_REQUESTS"] ?? 100);
const DIGESTS = 1000;
/** Each fan-out run builds 1,000 digests, which takes minutes: fewer runs by default. */
const FANOUT_RUNS = Number(process.env["BENCH_FANOUT_RUNS"] ?? Math.min(RUNS, 3));
const PG_URL = process.env["BENCH_PG_URL"] ?? "postgresql://postgres@127.0.0.1:5432/test";
const DATA_ROOT = resolve(HERE, ".data");

const SIZES = {
  small: { surveys: Math.round(1_000_000 * scale), tickets: Math.round(200_000 * scale) },
  large: { surveys: Math.round(10_000_000 * scale), tickets: Math.round(2_000_000 * scale) },
};

interface Row {
  scenario: string;
  data: string;
  figure: string;
  median: string;
  min: string;
  max: string;
  notes: string;
}
const rows: Row[] = [];
const log = (msg: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

const rowsLabel = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000} M` : `${n / 1000} k`);
const ms = (v: number) => (v >= 100 ? `${Math.round(v)} ms` : `${v.toFixed(1)} ms`);
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
const kb = (bytes: number) => (bytes >= 10_240 ? `${(bytes / 1024).toFixed(1)} KiB` : `${Math.round(bytes)} B`);
const ratio = (v: number) => `${v.toFixed(2)}×`;
function add(scenario: string, data: string, figure: string, s: Stat, fmt: (v: number) => string, notes = ""): void {
  rows.push({ scenario, data, figure, median: fmt(s.median), min: fmt(s.min), max: fmt(s.max), notes });
  log(`${scenario} [${data}] ${figure}: median ${fmt(s.median)} (min ${fmt(s.min)}, max ${fmt(s.max)}) ${notes}`);
}

// ---- 1. data ----------------------------------------------------------------------

async function data(): Promise<{ small: DataSet; large: DataSet }> {
  const small = await ensureData(DATA_ROOT, SIZES.small.surveys, SIZES.small.tickets);
  const made = (d: DataSet) => (d.reused ? `reused${d.ms === undefined ? "" : ` (generated in ${ms(d.ms)})`}` : ms(d.ms ?? NaN));
  log(`data ${small.dir}: ${made(small)}`);
  const large = await ensureData(DATA_ROOT, SIZES.large.surveys, SIZES.large.tickets);
  log(`data ${large.dir}: ${made(large)}`);
  for (const d of [small, large]) {
    rows.push({
      scenario: "1. Data (Parquet, zstd)",
      data: `${rowsLabel(d.surveys)} surveys + ${rowsLabel(d.tickets)} tickets`,
      figure: "generation time / size",
      median: made(d),
      min: "",
      max: "",
      notes: `${(d.bytes / 1024 / 1024).toFixed(1)} MiB on disk, seed ${SEED}`,
    });
  }
  return { small, large };
}

// ---- 2. ack latency ---------------------------------------------------------------

function signed(body: string): Record<string, string> {
  const timestamp = Math.floor(Date.now() / 1000);
  const hmac = createHmac("sha256", SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest("hex");
  return { "Content-Type": "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp": String(timestamp), "X-Slack-Signature": `v0=${hmac}` };
}

function slashBody(text: string, responseUrl: string): string {
  return new URLSearchParams({
    token: "gIkuvaNzQIHg97ATvDxqgjtO",
    team_id: "T0ACMESUP1",
    team_domain: "acme-support",
    channel_id: "C0SUPPORT1",
    channel_name: "support-leads",
    user_id: "U0LEADUSR1",
    user_name: "sam",
    command: "/csat",
    text,
    api_app_id: "A0METRICS1",
    is_enterprise_install: "false",
    response_url: responseUrl,
    trigger_id: `${Date.now()}.1234567890.0123456789abcdef`,
  }).toString();
}

async function ackLatency(d: DataSet): Promise<void> {
  const slack = await startBenchSlack();
  const dir = await mkdtemp(join(os.tmpdir(), "bench-ack-"));
  const store = await openStore({ dataDir: dir });
  const connector = await duckConnector(d.dir);
  const config = benchConfig({ SLACK_API_URL: slack.apiUrl, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, DATA_DIR: d.dir });
  const engine = { ...(await engineOver(connector, config)), store };
  const serving = await serve(config, { engine, store, log: silentLogger, host: "127.0.0.1" });
  const url = `http://127.0.0.1:${serving.port}/slack/events`;
  const one = async (): Promise<{ ack: number; answer: number }> => {
    const responseUrl = slack.responseUrl();
    const body = slashBody("last-week", responseUrl);
    const started = performance.now();
    const startedWall = Date.now();
    const res = await fetch(url, { method: "POST", headers: signed(body), body });
    await res.text();
    const ack = performance.now() - started;
    if (res.status !== 200) throw new Error(`slash command answered ${res.status}`);
    const at = await slack.waitForResponse(responseUrl);
    return { ack, answer: at - startedWall };
  };
  try {
    for (let i = 0; i < 5; i++) await one(); // warm-up
    const p50: number[] = [];
    const p99: number[] = [];
    const answers: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const acks: number[] = [];
      for (let i = 0; i < ACK_REQUESTS; i++) {
        const t = await one();
        acks.push(t.ack);
        answers.push(t.answer);
      }
      p50.push(percentile(acks, 50));
      p99.push(percentile(acks, 99));
    }
    const label = `${rowsLabel(d.surveys)} survey rows`;
    const how = `${RUNS} runs × ${ACK_REQUESTS} sequential signed requests`;
    add("2. Ack latency `/csat last-week`", label, "p50 time to HTTP 200", stat(p50), ms, how);
    add("2. Ack latency `/csat last-week`", label, "p99 time to HTTP 200", stat(p99), ms, how);
    add("2. Ack latency `/csat last-week`", label, "time to the answer at response_url", stat(answers), ms, `all ${answers.length} requests`);
  } finally {
    await serving.close();
    await store.close();
    await connector.close?.();
    await slack.close();
    await rm(dir, { recursive: true, force: true });
  }
}

// ---- 3. engine overhead -----------------------------------------------------------

const COMMAND = "csat last-week by channel";

function bareSql(file: string): string {
  // The same aggregation as the command: CSAT answers of last week (Mon 9 – Sun 15 Nov 2026, UTC)
  // by channel, positive = top quarter of the scale (4–5 on 1–5).
  return `SELECT channel, count(*) FILTER (WHERE score >= scale_min + 0.75 * (scale_max - scale_min)) AS positive, count(*) AS answers
    FROM read_parquet(${sqlString(file)})
    WHERE kind = 'csat' AND submitted_at >= TIMESTAMPTZ '2026-11-09 00:00:00+00' AND submitted_at < TIMESTAMPTZ '2026-11-16 00:00:00+00'
    GROUP BY channel ORDER BY channel`;
}

async function engineOverhead(d: DataSet): Promise<void> {
  const connector = await duckConnector(d.dir);
  // Every period computed on every answer: no data version, so nothing cached (the one-pass figure).
  const uncached: Connector = Object.create(connector);
  uncached.dataVersion = undefined;
  const engine = await engineOver(uncached);
  // The same question repeated with the closed periods from cache (last week has ended: all of them).
  const cachedEngine = await engineOver(connector);
  // Every row read on every answer: no day rollup, no cache (the engine without pre-aggregation).
  const rowsConnector = await duckConnector(d.dir, { rollups: false });
  const rowsOnly: Connector = Object.create(rowsConnector);
  rowsOnly.dataVersion = undefined;
  const rowsEngine = await engineOver(rowsOnly);
  const db = await openDuckDb({ connections: 1 });
  const sql = bareSql(join(d.dir, "surveys.parquet"));
  // Count the connector calls one answer makes (a question over several periods is one statement per dataset when its measures are windowed).
  let queries = 0;
  const measure = connector.measure.bind(connector);
  connector.measure = (q) => {
    queries += 1;
    return measure(q);
  };
  const measurePeriods = connector.measurePeriods!.bind(connector);
  connector.measurePeriods = (q) => {
    queries += 1;
    return measurePeriods(q);
  };
  const endToEnd = async (e = engine) => {
    const t = performance.now();
    const report = await answer(COMMAND, e);
    if (report.kind !== "metric") throw new Error(`${COMMAND}: ${JSON.stringify(report).slice(0, 300)}`);
    JSON.stringify(renderSlack(report).blocks);
    return performance.now() - t;
  };
  const bare = async () => {
    const t = performance.now();
    const result = await db.query(sql);
    if (result.length === 0) throw new Error("bare SQL returned no rows");
    return performance.now() - t;
  };
  /** `pairs` alternating pairs of `run` and the bare query: times and ratios. */
  const against = async (run: () => Promise<number>, pairs: number) => {
    const times: number[] = [];
    const sqls: number[] = [];
    const ratios: number[] = [];
    for (let i = 0; i < pairs; i++) {
      // Alternate the order within a pair so neither always runs on the warmer cache.
      let a: number;
      let b: number;
      if (i % 2 === 0) {
        a = await run();
        b = await bare();
      } else {
        b = await bare();
        a = await run();
      }
      times.push(a);
      sqls.push(b);
      ratios.push(a / b);
    }
    return { times, sqls, ratios };
  };
  try {
    // The first question after the data is read: it reads the rows, and the day rollup is built after it.
    await bare();
    queries = 0;
    const first = await endToEnd();
    const perAnswer = queries;
    const built = performance.now();
    await connector.settled();
    const buildMs = performance.now() - built;
    const pairs = Math.max(RUNS, 10);
    const rolled = await against(() => endToEnd(), pairs);
    await endToEnd(rowsEngine);
    const rows = await against(() => endToEnd(rowsEngine), pairs);
    await endToEnd(cachedEngine);
    const cached = await against(() => endToEnd(cachedEngine), pairs);
    const label = `${rowsLabel(d.surveys)} survey rows`;
    const note = `parse → connector → core → Block Kit JSON; ${perAnswer} connector calls per answer`;
    add("3. Engine overhead", label, "`csat last-week by channel` end to end", stat(rolled.times), ms, `${note}; every period computed (result cache off), from the day rollup`);
    add("3. Engine overhead", label, "bare DuckDB SQL, same aggregation", stat(rolled.sqls), ms, "one GROUP BY over read_parquet, separate DuckDB instance");
    add("3. Engine overhead", label, "ratio end-to-end / bare (pair by pair)", stat(rolled.ratios), ratio, `${pairs} pairs in one run`);
    add("3. Engine overhead", label, "the same, reading every row (rollups off)", stat(rows.times), ms, `${note}; one statement per dataset over the rows of all 8 weeks`);
    add("3. Engine overhead", label, "ratio reading every row / bare (pair by pair)", stat(rows.ratios), ratio, `${pairs} pairs in one run`);
    add("3. Engine overhead", label, "the same question repeated, closed periods from cache", stat(cached.times), ms, "all of last week's periods have ended: no statement");
    add("3. Engine overhead", label, "ratio repeated / bare (pair by pair)", stat(cached.ratios), ratio, `${pairs} pairs in one run`);
    add("3. Engine overhead", label, "first question after the data is read", stat([first]), ms, "reads the rows; its day rollup is built after it, in the background");
    add("3. Engine overhead", label, "building that day rollup", stat([buildMs]), ms, "once per reading of the data and columns asked (here kind, score, scale, channel)");
  } finally {
    await db.close();
    await connector.close?.();
    await rowsConnector.close?.();
  }
}

// ---- 4. memory --------------------------------------------------------------------

async function memory(d: DataSet): Promise<void> {
  const peaks: number[] = [];
  const baselines: number[] = [];
  const rounds = 5;
  let commands = 0;
  for (let r = 0; r < RUNS; r++) {
    const out = await new Promise<string>((resolvePromise, reject) => {
      const child = spawn(process.execPath, ["--import", "tsx", join(HERE, "memory-child.ts"), d.dir, String(rounds)], { stdio: ["ignore", "pipe", "inherit"] });
      let text = "";
      child.stdout.on("data", (c: Buffer) => (text += c.toString()));
      child.on("error", reject);
      child.on("exit", (code) => (code === 0 ? resolvePromise(text) : reject(new Error(`memory child exited ${code}`))));
    });
    const result = JSON.parse(out.trim().split("\n").pop()!) as { baselineKb: number; maxRssKb: number; commands: number; errors: number };
    if (result.errors > 0) throw new Error(`memory child: ${result.errors} commands answered with an error`);
    peaks.push(result.maxRssKb);
    baselines.push(result.baselineKb);
    commands = result.commands;
  }
  const label = `${rowsLabel(d.surveys)} surveys + ${rowsLabel(d.tickets)} tickets`;
  add("4. Memory", label, "peak RSS of the bot process", stat(peaks), mb, `child process answering ${commands} commands (6 kinds × ${rounds}); ${RUNS} processes`);
  add("4. Memory", label, "RSS before opening the data", stat(baselines), mb, "Node + tsx + modules, for reference");
}

// ---- 5. digest fan-out ------------------------------------------------------------

/**
 * `shared`: every digest asks csat, nps and frt for yesterday, as channels that
 * took the same digest do (the scheduler asks each question once per tick).
 * `distinct`: digest i asks for the last i + 1 days, so no two ask the same
 * question: the cost of building 1,000 different digests.
 */
type FanOutKind = "shared" | "distinct";

async function fanOutOnce(d: DataSet, slack: BenchSlack, kind: FanOutKind): Promise<{ ms: number; tickMs: number; duplicates: number; losses: number; rateLimited: number; dead: number }> {
  slack.reset();
  const dir = await mkdtemp(join(os.tmpdir(), "bench-digest-"));
  const store = await openStore({ dataDir: dir });
  const connector = await duckConnector(d.dir);
  const config = benchConfig({ SLACK_API_URL: slack.apiUrl, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, DATA_DIR: d.dir });
  // The scheduler's clock runs from 09:00:00, when every digest is due.
  const wallStart = Date.now();
  const clock = { now: () => new Date(NOW.getTime() + (Date.now() - wallStart)) };
  const engine = { ...(await engineOver(connector, config, silentLogger, clock)), store };
  const serving = await serve(config, { engine, store, log: silentLogger, host: "127.0.0.1" });
  try {
    const channels: string[] = [];
    for (let i = 0; i < DIGESTS; i++) {
      const channel = `C${String(i).padStart(8, "0")}`;
      channels.push(channel);
      const digest: Digest = {
        id: `dbench${i}`,
        destination: { platform: "slack", workspace: "T0ACMESUP1", channel },
        schedule: { cron: "0 9 * * *", timeZone: "UTC" },
        metrics: ["csat", "nps", "frt"],
        period: kind === "shared" ? "yesterday" : `last-${i + 1}-days`,
        paused: false,
        createdBy: "U0LEADUSR1",
        createdAt: new Date(NOW.getTime() - 86_400_000),
      };
      await store.saveDigest(digest);
    }
    const scheduler = new Scheduler({ store, engine, posters: { slack: serving.slack!.poster }, clock, log: silentLogger, owner: `bench:${process.pid}` });
    const started = Date.now();
    const tick = await scheduler.tick(clock.now());
    const tickMs = Date.now() - started;
    if (tick.ran.length !== DIGESTS) throw new Error(`tick ran ${tick.ran.length} of ${DIGESTS} digests (failed ${tick.failed.length})`);
    let dead = 0;
    const deadline = Date.now() + 15 * 60_000;
    const total = () => [...slack.delivered.values()].reduce((a, b) => a + b, 0);
    while (total() < DIGESTS && Date.now() < deadline) {
      const r = await scheduler.dispatchOutbox(clock.now());
      dead += r.dead.length;
      if (r.delivered.length === 0) await sleep(50);
    }
    // Anything still due (e.g. a retry) would show up as a duplicate: give it a moment.
    await sleep(1500);
    const late = await scheduler.dispatchOutbox(clock.now());
    dead += late.dead.length;
    const duplicates = [...slack.delivered.values()].reduce((a, n) => a + Math.max(0, n - 1), 0);
    const losses = channels.filter((c) => !slack.delivered.has(c)).length;
    return { ms: slack.lastDeliveredAt - started, tickMs, duplicates, losses, rateLimited: slack.rateLimited, dead };
  } finally {
    await serving.close();
    await store.close();
    await connector.close?.();
    await rm(dir, { recursive: true, force: true });
  }
}

async function fanOut(d: DataSet, kind: FanOutKind): Promise<void> {
  const slack = await startBenchSlack({ perChannelPerSecond: 1 });
  const times: number[] = [];
  const ticks: number[] = [];
  let duplicates = 0;
  let losses = 0;
  let limited = 0;
  let dead = 0;
  try {
    for (let r = 0; r < FANOUT_RUNS; r++) {
      const x = await fanOutOnce(d, slack, kind);
      log(`fan-out (${kind}) run ${r + 1}: ${x.ms} ms (tick ${x.tickMs} ms), duplicates ${x.duplicates}, losses ${x.losses}, 429s ${x.rateLimited}`);
      times.push(x.ms);
      ticks.push(x.tickMs);
      duplicates += x.duplicates;
      losses += x.losses;
      limited += x.rateLimited;
      dead += x.dead;
    }
  } finally {
    await slack.close();
  }
  const label = `${DIGESTS} digests × csat, nps, frt over ${rowsLabel(d.surveys)} surveys, ${kind === "shared" ? "all for yesterday" : "each over a different last-N-days"}`;
  add("5. Digest fan-out", label, "time until the last is delivered", stat(times), ms, `${FANOUT_RUNS} runs; real Scheduler + SlackPoster + Bolt client → fake Web API, 1 msg/s/channel, 429 + Retry-After beyond`);
  add(
    "5. Digest fan-out",
    label,
    "of which: tick (building the 1,000 digests)",
    stat(ticks),
    ms,
    `${FANOUT_RUNS} runs; 8 digests built at a time; ${kind === "shared" ? "each question asked once per tick and shared" : "every question different: nothing shared"}`,
  );
  rows.push({ scenario: "5. Digest fan-out", data: label, figure: "duplicates / losses (all runs)", median: `${duplicates} / ${losses}`, min: "", max: "", notes: `${FANOUT_RUNS} runs; ${limited} × 429 answered, ${dead} outbox entries dead` });
  if (duplicates > 0 || losses > 0) log(`FAIL: digest fan-out had ${duplicates} duplicates and ${losses} losses`);
}

// ---- 6. Postgres ------------------------------------------------------------------

/** A loopback TCP proxy in front of Postgres counting the bytes the bot receives. */
async function countingProxy(target: URL): Promise<{ port: number; received: () => number; close: () => Promise<void> }> {
  let received = 0;
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    upstream.on("data", (c: Buffer) => (received += c.length));
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("error", end);
    upstream.on("error", end);
    client.on("close", end);
    upstream.on("close", end);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    received: () => received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

function psql(args: string[]): void {
  const r = spawnSync("psql", [PG_URL, "-v", "ON_ERROR_STOP=1", "-q", ...args], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`psql ${args.join(" ")}: ${r.stderr || r.error?.message}`);
}

async function postgres(sets: DataSet[]): Promise<void> {
  const schema = `bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  const proxy = await countingProxy(new URL(PG_URL));
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
    for (const d of sets) {
      const table = `${schema}.surveys_${d.surveys}`;
      const csv = join(DATA_ROOT, `.pg-${process.pid}-${d.surveys}.csv`);
      const loadStarted = performance.now();
      const db = await openDuckDb({ connections: 1 });
      try {
        await db.exec(`COPY (SELECT * FROM read_parquet(${sqlString(join(d.dir, "surveys.parquet"))})) TO ${sqlString(csv)} (FORMAT csv, HEADER true)`);
      } finally {
        await db.close();
      }
      await admin.query(`CREATE TABLE ${table} (id text, kind text, score double precision, scale_min double precision, scale_max double precision,
        submitted_at timestamptz, channel text, agent text, team text, ticket_id text, customer_id text)`);
      try {
        psql(["-c", `\\copy ${table} FROM ${sqlString(csv)} WITH (FORMAT csv, HEADER true)`]);
      } finally {
        await rm(csv, { force: true });
      }
      await admin.query(`CREATE INDEX ON ${table} (submitted_at)`);
      await admin.query(`ANALYZE ${table}`);
      log(`postgres: loaded ${rowsLabel(d.surveys)} rows into ${table} in ${ms(performance.now() - loadStarted)}`);

      const url = new URL(PG_URL);
      url.host = `127.0.0.1:${proxy.port}`;
      const connector: Connector = createPostgresConnector({ url: url.toString(), statementTimeoutMs: 120_000, tables: { surveys: table }, log: silentLogger });
      const engine = await engineOver(connector);
      try {
        const once = async () => {
          const before = proxy.received();
          const t = performance.now();
          const report = await answer(COMMAND, engine);
          if (report.kind !== "metric") throw new Error(`postgres ${COMMAND}: ${JSON.stringify(report).slice(0, 300)}`);
          JSON.stringify(renderSlack(report).blocks);
          return { ms: performance.now() - t, bytes: proxy.received() - before };
        };
        await once(); // warm-up: connections, table discovery
        const times: number[] = [];
        const bytes: number[] = [];
        for (let r = 0; r < RUNS; r++) {
          const x = await once();
          times.push(x.ms);
          bytes.push(x.bytes);
        }
        const label = `${rowsLabel(d.surveys)} survey rows`;
        add("6. Postgres `csat last-week by channel`", label, "time end to end", stat(times), ms, "index on submitted_at; pool warmed up");
        add("6. Postgres `csat last-week by channel`", label, "bytes received by the bot", stat(bytes), kb, "counted on the socket (loopback proxy)");
      } finally {
        await connector.close?.();
      }
    }
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch((e: unknown) => log(`could not drop schema ${schema}: ${String(e)}`));
    await admin.end();
    await proxy.close();
  }
}

// ---- results ----------------------------------------------------------------------

function machine(): string {
  const cpus = os.cpus();
  return [
    `- CPU: ${cpus[0]?.model ?? "unknown"}, ${cpus.length} cores (${os.availableParallelism()} available)`,
    `- Memory: ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    `- OS: ${os.type()} ${os.release()} (${os.arch()})`,
    `- Node: ${process.version}`,
    `- Date: ${new Date().toISOString()}`,
  ].join("\n");
}

async function writeResults(totalMs: number, failures: string[]): Promise<void> {
  const esc = (s: string) => s.replace(/\|/g, "\\|");
  const table = [
    "| Scenario | Data | Figure | Median | Min | Max | Notes |",
    "|---|---|---|---:|---:|---:|---|",
    ...rows.map((r) => `| ${[r.scenario, r.data, r.figure, r.median, r.min, r.max, r.notes].map(esc).join(" | ")} |`),
  ].join("\n");
  const text = `# Benchmark results

Produced by \`npm run ${quick ? "bench:quick" : "bench"}\`${quick ? " (a tenth of the full size)" : ""} in ${(totalMs / 1000).toFixed(0)} s. Each figure is the median of ${RUNS} runs (the digest fan-out: ${FANOUT_RUNS}) (min and max beside it) unless the notes say otherwise; ratios are taken pair by pair within one run.

## Machine

${machine()}

## Results

${table}
${failures.length > 0 ? `\n## Failures\n\n${failures.map((f) => `- ${f}`).join("\n")}\n` : ""}
## How it is measured

- **Data**: \`bench/generate.ts\` generates the rows inside DuckDB (\`range()\` + \`hash(i, seed, salt)\`), ordered by time, spread over the 365 days before ${NOW.toISOString()} (the benchmark's fixed "now"), and writes \`surveys.parquet\` / \`tickets.parquet\` in the normalized shape into \`bench/.data/\`; files with the same sizes and seed are reused.
- **Ack latency**: the real Bolt app on the real HTTP server (\`serve\`) on loopback, Slack-signed \`/csat last-week\` slash commands sent one after another; the time to the HTTP 200, and to the answer posted to response_url (a loopback catcher). p50/p99 (nearest rank) are taken per run of ${ACK_REQUESTS} requests, after 5 warm-up requests.
- **Engine overhead**: \`answer()\` + \`renderSlack()\` of \`${COMMAND}\` against one hand-written DuckDB \`GROUP BY\` over the same Parquet file, alternating which goes first. The command asks for every period its report needs (this week by channel, the previous week, and the earlier weeks of the trend) in one statement per dataset (rows bucketed by period). The headline ratio is with the result cache off and the dataset's day rollup built (src/connectors/duckdb/rollup.ts: one row per local day and combination of the columns asked, built in the background after the first question that could use it); beside it the same with rollups off (every row of the 8 weeks read), the question repeated (its ended periods from the result cache), the first question after the data is read, and how long its rollup took to build.
- **Memory**: \`bench/memory-child.ts\` in a fresh Node process over the largest data, reporting \`process.resourceUsage().maxRSS\`.
- **Digest fan-out**: ${DIGESTS} digests (csat, nps, frt; all for yesterday, or each over a different last-N-days so that nothing is shared) due at 09:00 UTC to ${DIGESTS} channels in a SQLite store; the real \`Scheduler\` (\`tick\` then \`dispatchOutbox\` in a loop, default outbox policy) posting through the app's \`SlackPoster\` to \`bench/fakes/slack.ts\`, which allows one message per second per channel and answers 429 with \`Retry-After\` beyond it. Duplicates and losses are counted per channel by the fake.
- **Postgres**: the survey rows copied into a table of a scratch schema (dropped afterwards) with an index on \`submitted_at\`; \`${COMMAND}\` through the Postgres connector; bytes counted on a loopback TCP proxy between the bot and Postgres.
- **One-shot ask**: \`npm run ask -- "csat last-week"\` over a fresh DATA_DIR of sample data, wall time of the whole process tree (npm, scripts/launch.mjs, the compiled bot bundled in dist/bundle/) from spawn to exit, after two warm-up runs (which build dist/ and its bundle when stale, write the sample and keep what reading it counted); beside it the same question through \`node --import tsx adapters/console/ask.ts\`, runs alternated.
`;
  // A quick run never replaces the committed full-size table.
  const out = process.env["BENCH_OUT"] ?? join(HERE, quick ? "RESULTS-quick.md" : "RESULTS.md");
  await writeFile(out, text);
  log(`wrote ${out}`);
}

// ---- 7. one-shot `npm run ask` ---------------------------------------------------------

async function oneShot(): Promise<void> {
  const question = "csat last-week";
  const t = await oneShotAsk(resolve(HERE, ".."), question, RUNS * 2);
  const data = "sample data (fictional team, ~19 months)";
  add("7. One-shot `npm run ask`", data, `\`npm run ask -- "${question}"\` wall (compiled, warm)`, stat(t.compiled), ms, `${t.compiled.length} runs: npm → scripts/launch.mjs → dist/bundle/ask.js, from start to exit`);
  add("7. One-shot `npm run ask`", data, "the same question under tsx (compiling on every start)", stat(t.tsx), ms, "node --import tsx adapters/console/ask.ts, runs alternated with the above");
  add("7. One-shot `npm run ask`", data, "ratio compiled / tsx (pair by pair)", stat(t.compiled.map((c, i) => c / t.tsx[i]!)), ratio, `${t.compiled.length} pairs in one run`);
}

async function main(): Promise<void> {
  const started = performance.now();
  const failures: string[] = [];
  const { small, large } = await data();
  // BENCH_ONLY="engine overhead,digest fan-out (distinct questions)": only these steps (a quick look; RESULTS.md wants them all).
  const only = process.env["BENCH_ONLY"]?.split(",");
  const step = async (name: string, work: () => Promise<void>) => {
    if (only && !only.includes(name)) return;
    log(`— ${name}`);
    try {
      await work();
    } catch (e) {
      failures.push(`${name}: ${e instanceof Error ? e.message : String(e)}`);
      log(`FAILED ${name}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  };
  await step("ack latency (small)", () => ackLatency(small));
  await step("ack latency (large)", () => ackLatency(large));
  await step("engine overhead", () => engineOverhead(large));
  await step("memory", () => memory(large));
  await step("digest fan-out (shared questions)", () => fanOut(small, "shared"));
  await step("digest fan-out (distinct questions)", () => fanOut(small, "distinct"));
  await step("postgres", () => postgres([small, large]));
  await step("one-shot ask", () => oneShot());
  await writeResults(performance.now() - started, failures);
  if (failures.length > 0) process.exitCode = 1;
}

await main();
