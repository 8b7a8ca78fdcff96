import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock.ts";
import { UserError } from "../../src/errors.ts";
import { renderText } from "../../src/render/text.ts";
import { parseManageCommand } from "../../src/commands/parseManage.ts";
import { NOT_ADMIN_MESSAGE, runManageCommand, type ManageDeps } from "../../src/schedule/manage.ts";
import type { Store } from "../../src/store/store.ts";
import type { DigestReport } from "../../src/report.ts";
import { engineOver } from "../helpers.ts";
import { answers, digestFixture, HERE, sqliteStore } from "./support.ts";

/** Sunday 22 November 2026, 14:05 UTC. */
const NOW = new Date("2026-11-22T14:05:00Z");

let store: Store;
let dispose: () => Promise<void>;
beforeEach(async () => {
  ({ store, dispose } = await sqliteStore());
});
afterEach(async () => {
  await dispose();
});

function deps(requester: { id: string; isAdmin: boolean }, extra: Partial<ManageDeps> = {}): ManageDeps {
  return { store, clock: fixedClock(NOW), requester, admins: ["U_BOT_ADMIN"], destination: HERE, ...extra };
}

const admin = { id: "U_ADMIN", isAdmin: true };
const member = { id: "U_MEMBER", isAdmin: false };

async function say(text: string, who = admin, extra: Partial<ManageDeps> = {}) {
  const cmd = parseManageCommand(text, { timeZone: "Europe/Vilnius" });
  if (!cmd) throw new Error(`not a management command: ${text}`);
  const report = await runManageCommand(cmd, deps(who, extra));
  if (report.kind !== "manage") throw new Error(`"${text}" answered with a ${report.kind}, not a confirmation or a list`);
  return report;
}

async function refusal(text: string, who = member): Promise<UserError> {
  try {
    await say(text, who);
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error(`expected "${text}" to be refused`);
}

describe("permissions", () => {
  it("tells a member politely that only admins add or change digests and alerts, and changes nothing", async () => {
    for (const text of ["digest add daily 09:00", "alert add csat < 80%", "digest pause d-7k3", "alert mute a-4fq", "alert snooze a-4fq"]) {
      const e = await refusal(text);
      expect(e.message).toBe(NOT_ADMIN_MESSAGE);
      expect(e.hint).toContain("digest list");
    }
    expect(await store.listDigests()).toEqual([]);
    expect(await store.listAlertRules()).toEqual([]);
  });

  it("lets workspace admins and the ids in BOT_ADMINS add; lets anyone list", async () => {
    const byAdmin = await say("digest add daily 09:00", admin);
    const byBotAdmin = await say("digest add weekly mon 09:00", { id: "U_BOT_ADMIN", isAdmin: false });
    expect(byAdmin.action).toBe("added");
    expect(byBotAdmin.action).toBe("added");
    const list = await say("digest list", member);
    expect(list.items.map((i) => i.id).sort()).toEqual([byAdmin.items[0]!.id, byBotAdmin.items[0]!.id].sort());
  });

  it("lets anyone acknowledge an alert", async () => {
    const added = await say("alert add csat < 80%");
    const id = added.items[0]!.id;
    const ack = await say(`alert ack ${id}`, member);
    expect(ack.items[0]).toMatchObject({ acknowledgedBy: "U_MEMBER" });
  });
});

describe("managing digests", () => {
  it("adds a digest with a short id, its schedule in words and its next run in its zone", async () => {
    const report = await say("digest add weekdays 08:30 metrics csat,nps,frt", admin, { random: () => 0.5 });
    const item = report.items[0]!;
    expect(item.id).toMatch(/^d-[2-9a-z]{3}$/);
    expect(item).toMatchObject({
      kind: "digest",
      schedule: { cron: "30 8 * * 1-5", timeZone: "Europe/Vilnius", words: "every weekday at 08:30", next: new Date("2026-11-23T06:30:00Z") },
      metrics: [{ id: "csat" }, { id: "nps" }, { id: "frt" }],
      period: "yesterday",
      paused: false,
    });
    const saved = await store.getDigest(item.id);
    expect(saved).toMatchObject({ destination: HERE, createdBy: "U_ADMIN", createdAt: NOW, paused: false });
    expect(renderText(report)).toBe(
      [
        `Digest ${item.id} added: Customer satisfaction (CSAT), Net Promoter Score, First response time for yesterday vs same-weekday (by default), every weekday at 08:30 (Europe/Vilnius), posted here.`,
        "First one: 23 Nov 2026 08:30 (Europe/Vilnius).",
        `Pause it with \`digest pause ${item.id}\`, remove it with \`digest remove ${item.id}\`.`,
      ].join("\n"),
    );
  });

  it("gives a new id when the first one drawn is taken", async () => {
    let calls = 0;
    const random = () => (calls++ < 3 ? 0 : 0.99);
    const first = await say("digest add daily 09:00", admin, { random: () => 0 });
    const second = await say("digest add daily 10:00", admin, { random });
    expect(first.items[0]!.id).toBe("d-222");
    expect(second.items[0]!.id).not.toBe("d-222");
  });

  it("pauses, resumes and removes, and says which when the id is mistyped", async () => {
    const id = (await say("digest add daily 09:00", admin, { random: () => 0 })).items[0]!.id;
    expect((await say(`digest pause ${id}`)).items[0]).toMatchObject({ paused: true });
    expect((await store.getDigest(id))?.paused).toBe(true);
    expect((await say(`digest resume ${id}`)).items[0]).toMatchObject({ paused: false });
    const typo = await refusal("digest remove d-223", admin);
    expect(typo.message).toBe("There is no digest `d-223` here — did you mean `d-222`?");
    await say(`digest remove ${id}`);
    expect(await store.getDigest(id)).toBeNull();
  });

  it("calls onChange after every change, so the scheduler can reload", async () => {
    let changes = 0;
    const onChange = () => {
      changes++;
    };
    const id = (await say("digest add daily 09:00", admin, { onChange })).items[0]!.id;
    await say(`digest pause ${id}`, admin, { onChange });
    await say("digest list", admin, { onChange });
    expect(changes).toBe(2);
  });

  it("does not let another workspace change a digest", async () => {
    const id = (await say("digest add daily 09:00")).items[0]!.id;
    const elsewhere = parseManageCommand(`digest remove ${id}`, { timeZone: "UTC" })!;
    await expect(runManageCommand(elsewhere, deps(admin, { destination: { ...HERE, workspace: "T_OTHER" } }))).rejects.toThrow(`There is no digest \`${id}\` here`);
    expect(await store.getDigest(id)).not.toBeNull();
  });
});

describe("managing alerts", () => {
  it("adds a rule, lists it with its state, mutes, unmutes, snoozes and removes it", async () => {
    const added = await say("alert add churn_rate > 5% over last-30-days check daily 09:00", admin, { random: () => 0.1 });
    const id = added.items[0]!.id;
    expect(id).toMatch(/^a-/);
    expect(renderText(added)).toBe(
      [
        `Alert ${id} added: Churn rate above 5.0% over last-30-days.`,
        "Checked every day at 09:00 (Europe/Vilnius), first at 23 Nov 2026 09:00 (Europe/Vilnius); fires after 1 breaching check in a row, with at least 30 records; repeats at most every 1 d while it lasts.",
        `Mute it with \`alert mute ${id}\`, remove it with \`alert remove ${id}\`.`,
      ].join("\n"),
    );
    const listed = await say("alert list", member);
    expect(listed.items[0]).toMatchObject({ id, status: null, muted: false });
    // A rule that chose its comparison keeps it, and says so in the list.
    const yearly = (await say("alert add csat drops 5 pts over yesterday vs last-year")).items[0]!;
    expect((await store.getAlertRule(yearly.id))?.comparison).toBe("last-year");
    expect(renderText(await say("alert list"))).toContain(`${yearly.id}  Customer satisfaction (CSAT) drops by 5 pts vs the same dates last year over yesterday`);
    await say(`alert remove ${yearly.id}`);
    expect(renderText(listed)).toContain(`${id}  Churn rate above 5.0% over last-30-days · not checked yet`);

    expect((await say(`alert mute ${id}`)).items[0]).toMatchObject({ muted: true });
    expect((await store.getAlertRule(id))?.muted).toBe(true);
    expect((await say(`alert unmute ${id}`)).items[0]).toMatchObject({ muted: false });
    expect((await say(`alert snooze ${id} 2h`)).items[0]).toMatchObject({ snoozedUntil: new Date(NOW.getTime() + 2 * 3_600_000) });
    await say(`alert remove ${id}`);
    expect(await store.getAlertRule(id)).toBeNull();
    expect(renderText(await say("alert list"))).toContain("No alerts yet.");
  });
});

describe("digest preview and digest send", () => {
  /** CSAT on Saturday 21 November 2026 (yesterday at NOW, in Vilnius) and the Saturday before. */
  const data = { surveys: [...answers("2026-11-14T10:00:00Z", 90, 10), ...answers("2026-11-21T10:00:00Z", 80, 20)] };
  const engine = engineOver(data, { clock: fixedClock(NOW), timeZone: "Europe/Vilnius" });

  async function preview(text: string, who = member): Promise<DigestReport> {
    const cmd = parseManageCommand(text, { timeZone: "Europe/Vilnius" });
    if (!cmd) throw new Error(`not a management command: ${text}`);
    const report = await runManageCommand(cmd, deps(who, { engine }));
    if (report.kind !== "digest") throw new Error(`"${text}" answered with a ${report.kind}`);
    return report;
  }

  it("lets anyone preview the default digest when the channel has none, built now and saved nowhere", async () => {
    const report = await preview("digest preview");
    expect(report).toMatchObject({ digestId: "preview", period: "yesterday", comparison: "same-weekday", scheduledAt: NOW, timeZone: "Europe/Vilnius" });
    expect(report.items.map((i) => i.metricId)).toEqual(["csat", "nps", "frt", "ticket_volume"]);
    const csat = report.items[0]!;
    expect("report" in csat && csat.report.result?.value).toBe(80);
    expect("report" in csat && csat.report.comparison.dates).toBe("Sat 14 Nov 2026");
    expect(renderText(report).split("\n")[0]).toBe("Digest preview — yesterday: Sat 21 Nov 2026 (Europe/Vilnius) · vs Sat 14 Nov 2026");
    expect(await store.listDigests()).toEqual([]);
  });

  it("previews the channel's one digest, a digest by id, and what `digest add` with the same words would post", async () => {
    const id = (await say("digest add daily 09:00 csat vs last-year")).items[0]!.id;
    const ours = await preview("digest preview");
    expect(ours).toMatchObject({ digestId: id, comparison: "last-year" });
    expect(ours.items.map((i) => i.metricId)).toEqual(["csat"]);
    expect((await preview(`digest preview ${id}`)).digestId).toBe(id);
    const draft = await preview("digest preview daily 09:00 csat nps frt");
    expect(draft.digestId).toBe("preview");
    expect(draft.items.map((i) => i.metricId)).toEqual(["csat", "nps", "frt"]);
    expect(await store.listDigests()).toHaveLength(1);
    // A second digest in the channel: which one is meant is no longer clear, so the default is shown.
    await say("digest add weekly mon 09:00 nps");
    expect((await preview("digest preview")).digestId).toBe("preview");
  });

  it("refuses `digest send` to members, as the other management commands, and queues nothing", async () => {
    await store.saveDigest(digestFixture({ id: "d-7k3" }));
    const e = await refusal("digest send d-7k3");
    expect(e.message).toBe(NOT_ADMIN_MESSAGE);
    expect(await store.dueOutbox(new Date(NOW.getTime() + 3_600_000), 10)).toEqual([]);
  });

  it("queues the digest once in the outbox for its channel, confirms, and refuses a second send within the minute", async () => {
    await store.saveDigest(digestFixture({ id: "d-7k3", destination: { ...HERE, channel: "C-SUPPORT" }, metrics: ["csat"] }));
    let nudged = 0;
    const sent = await say("digest send d-7k3", admin, { engine, onOutbox: () => nudged++ });
    expect(sent).toMatchObject({ action: "sent", items: [{ id: "d-7k3" }] });
    expect(renderText(sent)).toContain("Digest d-7k3 is being posted now in C-SUPPORT");
    expect(nudged).toBe(1);
    const queued = await store.dueOutbox(NOW, 10);
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ destination: { channel: "C-SUPPORT" }, run: { scheduleId: "d-7k3/send" }, payload: { kind: "digest", report: { digestId: "d-7k3" } } });

    // A double click, then a click in the next minute: refused, nothing more queued.
    for (const later of [0, 40_000]) {
      const again = deps(admin, { engine, clock: fixedClock(new Date(NOW.getTime() + later)) });
      const cmd = parseManageCommand("digest send d-7k3", { timeZone: "UTC" })!;
      const refused = await runManageCommand(cmd, again).then(
        () => null,
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(UserError);
      expect((refused as UserError).message).toContain("was sent a moment ago");
    }
    expect(await store.dueOutbox(new Date(NOW.getTime() + 60_000), 10)).toHaveLength(1);

    // Two minutes on, it may be sent again.
    const later = deps(admin, { engine, clock: fixedClock(new Date(NOW.getTime() + 125_000)) });
    await runManageCommand(parseManageCommand("digest send d-7k3", { timeZone: "UTC" })!, later);
    expect(await store.dueOutbox(new Date(NOW.getTime() + 125_000), 10)).toHaveLength(2);
  });
});
