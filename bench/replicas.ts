/**
 * The delivery check of the exactly-once issue, as a script: two `npm run serve` replicas on one
 * store, a fake Slack taking 10 s per post, 20 digests added by signed slash commands, replica A
 * killed with SIGKILL while it delivers and started again 5 s later. Prints what was delivered,
 * the duplicates and how long after the restart the last post went out.
 *
 *   npm run bench:replicas
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFakeSlackApi } from "../test/fakes/slack-api.ts";
import { startResponseUrlCatcher } from "../test/fakes/response-url.ts";
import { BOT_TOKEN, SIGNING_SECRET, signatureHeaders, slashCommandBody } from "../test/adapters/slack/support.ts";

const fake = await startFakeSlackApi();
const catcher = await startResponseUrlCatcher();
fake.latency["chat.postMessage"] = 10_000;
const dataDir = await mkdtemp(join(tmpdir(), "replicas-"));
const env = { PATH: process.env.PATH ?? "", LOG_LEVEL: "info", PORT: "0", SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.url, DATA_DIR: dataDir };
const t0 = Date.now();
const s = () => ((Date.now() - t0) / 1000).toFixed(1);
function serve(name: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts", "serve"], { env, stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  return new Promise((resolve) => {
    child.stderr!.on("data", (d: Buffer) => {
      err += d.toString();
      const m = /"message":"serving","port":(\d+)/.exec(err);
      if (m) resolve({ child, port: Number(m[1]) });
      for (const l of d.toString().split("\n")) if (/taking over|found an earlier|duplicate|abandoned/.test(l)) console.log(`[${s()} s] ${name}: ${l.slice(0, 200)}`);
    });
  });
}
const a = await serve("A");
const b = await serve("B");
console.log(`[${s()} s] both serving`);
const due = new Date(Date.now() + 60_000 - (Date.now() % 60_000) + (new Date().getUTCSeconds() > 40 ? 60_000 : 0));
const cron = `${due.getUTCMinutes()} ${due.getUTCHours()} * * *`;
for (let i = 0; i < 20; i++) {
  const responseUrl = catcher.url();
  const body = slashCommandBody({ command: "/metrics", text: `digest add cron "${cron}" tz UTC metrics csat`, response_url: responseUrl, user_id: "U0LEADADMN" }).replace("C0SUPPORT1", `C0REPL${String(i).padStart(4, "0")}`);
  const port = i % 2 ? a.port : b.port;
  const res = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", ...signatureHeaders(body) }, body });
  if (res.status !== 200) throw new Error(`ack ${res.status}`);
  const [post] = await catcher.waitFor(responseUrl, 1, 15_000);
  if (i === 0) console.log(String(post!.body["text"]).slice(0, 160));
}
console.log(`[${s()} s] 20 digests added, due ${due.toISOString()}`);
// Wait for deliveries to start, then kill A while it delivers.
const posted = () => [...fake.messages.values()].flat();
while (posted().length < 3) await new Promise((r) => setTimeout(r, 100));
console.log(`[${s()} s] ${posted().length} posts landed; SIGKILL A`);
a.child.kill("SIGKILL");
await new Promise((r) => setTimeout(r, 5_000));
const restartedAt = Date.now();
const a2 = await serve("A2");
console.log(`[${s()} s] A restarted`);
const answered = () => new Set(fake.calls.filter((c) => c.method === "chat.postMessage").map((c) => String(c.params["channel"])));
while (new Set(posted().map((m) => m.metadata?.event_payload["outbox_id"])).size < 20 && Date.now() - restartedAt < 180_000) await new Promise((r) => setTimeout(r, 200));
// Let everything settle, then count.
await new Promise((r) => setTimeout(r, 30_000));
const keys = posted().map((m) => String(m.metadata?.event_payload["outbox_id"]));
const distinct = new Set(keys);
const last = Math.max(...fake.calls.filter((c) => c.method === "chat.postMessage").map((c) => c.at));
console.log(`delivered ${distinct.size} of 20, messages ${keys.length}, duplicates ${keys.length - distinct.size}, channels ${answered().size}`);
console.log(`last post answered ${((last - restartedAt) / 1000).toFixed(1)} s after the restart; history look-ups ${fake.calls.filter((c) => c.method === "conversations.history").length}`);
for (const c of [a2.child, b.child]) c.kill("SIGTERM");
await fake.close();
await catcher.close();
process.exit(distinct.size === 20 && keys.length === 20 ? 0 : 1);
