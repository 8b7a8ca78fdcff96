import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.ts";
import { describeSchedule, nextRunAt } from "../../src/schedule/cron.ts";
import { parseManageCommand, type ManageCommand } from "../../src/commands/parseManage.ts";

const ctx = { timeZone: "Europe/Vilnius" };
const parse = (text: string): ManageCommand | null => parseManageCommand(text, ctx);

function failure(text: string): UserError {
  try {
    parseManageCommand(text, ctx);
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error(`expected "${text}" to be refused`);
}

describe("digest commands", () => {
  it.each([
    ["digest add daily 09:00", "0 9 * * *", ["csat", "nps", "frt", "ticket_volume"], "yesterday"],
    ["digest add weekdays 08:30 metrics csat,nps,frt", "30 8 * * 1-5", ["csat", "nps", "frt"], "yesterday"],
    ["digest add weekly mon 09:00 period last-week", "0 9 * * 1", ["csat", "nps", "frt", "ticket_volume"], "last-week"],
    ["digest add monthly 1 09:00", "0 9 1 * *", ["csat", "nps", "frt", "ticket_volume"], "last-month"],
    ['digest add cron "0 9 * * 1-5"', "0 9 * * 1-5", ["csat", "nps", "frt", "ticket_volume"], "yesterday"],
    ["digest add cron 15 7 * * 1-5", "15 7 * * 1-5", ["csat", "nps", "frt", "ticket_volume"], "yesterday"],
    ["digest add weekly mon,thu at 5:30pm metrics satisfaction, first-response-time", "30 17 * * 1,4", ["csat", "frt"], "last-week"],
    ["digest add monthly last 17:00", "0 17 L * *", ["csat", "nps", "frt", "ticket_volume"], "last-month"],
    ["/digest add every day at 7am period last 7 days", "0 7 * * *", ["csat", "nps", "frt", "ticket_volume"], "last-7-days"],
  ])("reads `%s` as cron %s in the team's zone", (text, cron, metrics, period) => {
    expect(parse(text)).toEqual({ kind: "digest_add", schedule: { cron, timeZone: "Europe/Vilnius" }, metrics, period });
  });

  it.each([
    ["digest add daily 09:00 csat nps frt", "0 9 * * *", ["csat", "nps", "frt"], "yesterday"],
    ["digest add daily csat, nps", "0 9 * * *", ["csat", "nps"], "yesterday"],
    ["digest add weekdays at 8am satisfaction first-response-time period last-7-days", "0 8 * * 1-5", ["csat", "frt"], "last-7-days"],
    ["digest add weekly csat nps", "0 9 * * 1", ["csat", "nps"], "last-week"],
    ["digest add weekly fri 17:00 csat", "0 17 * * 5", ["csat"], "last-week"],
    ["digest add monthly csat,churn", "0 9 1 * *", ["csat", "churn_rate"], "last-month"],
  ])("reads `%s` without the word metrics: cron %s, its metrics in order", (text, cron, metrics, period) => {
    expect(parse(text)).toEqual({ kind: "digest_add", schedule: { cron, timeZone: "Europe/Vilnius" }, metrics, period });
  });

  it("keeps what a digest compares with when `vs` says, and leaves it to the period's rhythm when not", () => {
    expect(parse("digest add daily 09:00 csat nps vs last-year")).toMatchObject({ metrics: ["csat", "nps"], comparison: "last-year" });
    expect(parse("digest add daily 09:00 vs same weekday")).toMatchObject({ comparison: "same-weekday" });
    expect(parse("digest add weekly mon 09:00 metrics csat vs previous period last-week")).toMatchObject({ comparison: "previous", period: "last-week" });
    expect(parse("digest add daily 09:00 csat")).not.toHaveProperty("comparison");
  });

  it("reads `digest preview` of the channel's digest, of one by id, or of the words `digest add` would take", () => {
    expect(parse("digest preview")).toEqual({ kind: "digest_preview" });
    expect(parse("digest preview D-7K3")).toEqual({ kind: "digest_preview", id: "d-7k3" });
    expect(parse("digest preview daily 09:00 csat nps frt")).toEqual({
      kind: "digest_preview",
      draft: { schedule: { cron: "0 9 * * *", timeZone: "Europe/Vilnius" }, metrics: ["csat", "nps", "frt"], period: "yesterday" },
    });
    expect(parse("digest send d-7k3")).toEqual({ kind: "digest_send", id: "d-7k3" });
  });

  it("runs in the zone given with tz, in its canonical spelling", () => {
    expect(parse("digest add daily 09:00 tz america/new_york")).toMatchObject({ schedule: { cron: "0 9 * * *", timeZone: "America/New_York" } });
  });

  it("lists, pauses, resumes and removes by id, in any letter case", () => {
    expect(parse("digest list")).toEqual({ kind: "digest_list" });
    expect(parse("digests")).toEqual({ kind: "digest_list" });
    expect(parse("digest pause D-7K3")).toEqual({ kind: "digest_pause", id: "d-7k3" });
    expect(parse("digest resume d-7k3")).toEqual({ kind: "digest_resume", id: "d-7k3" });
    expect(parse("digest remove d-7k3")).toEqual({ kind: "digest_remove", id: "d-7k3" });
    expect(parse("digest delete d-7k3")).toEqual({ kind: "digest_remove", id: "d-7k3" });
  });

  it("describes each schedule in words and finds its next run at 09:00 in Vilnius", () => {
    const cmd = parse("digest add weekdays 08:30");
    if (cmd?.kind !== "digest_add") throw new Error("not a digest");
    expect(describeSchedule(cmd.schedule)).toBe("every weekday at 08:30");
    expect(describeSchedule({ cron: "0 9 * * 1", timeZone: "UTC" })).toBe("every Monday at 09:00");
    expect(describeSchedule({ cron: "0 9 1 * *", timeZone: "UTC" })).toBe("on the 1st of every month at 09:00");
    expect(describeSchedule({ cron: "0 9 * * 1-5,6", timeZone: "UTC" })).toBe("cron 0 9 * * 1-5,6");
    // Friday 27 March 2026 10:00 UTC → Monday 30 March 08:30 EEST (05:30 UTC, after the change to summer time).
    expect(nextRunAt(cmd.schedule, new Date("2026-03-27T10:00:00Z"))).toEqual(new Date("2026-03-30T05:30:00Z"));
  });
});

describe("alert commands", () => {
  it("reads `alert add churn_rate > 5% over last-30-days check daily 09:00`", () => {
    expect(parse("alert add churn_rate > 5% over last-30-days check daily 09:00")).toEqual({
      kind: "alert_add",
      metric: "churn_rate",
      condition: { kind: "threshold", op: ">", value: 5 },
      period: "last-30-days",
      filters: "",
      schedule: { cron: "0 9 * * *", timeZone: "Europe/Vilnius" },
      minN: 30,
      forChecks: 1,
      cooldownMs: 86_400_000,
    });
  });

  it("reads `alert add csat < 80% over last-7-days min-n 30 for 2 cooldown 24h`", () => {
    expect(parse("alert add csat < 80% over last-7-days min-n 30 for 2 cooldown 24h")).toMatchObject({
      metric: "csat",
      condition: { kind: "threshold", op: "<", value: 80 },
      period: "last-7-days",
      minN: 30,
      forChecks: 2,
      cooldownMs: 24 * 3_600_000,
    });
  });

  it("reads relative rules: drops and rises in points, percent or the metric's unit, vs previous or last year", () => {
    expect(parse("alert add csat drops 5 pts vs previous")).toMatchObject({
      condition: { kind: "change", direction: "drops", by: 5, unit: "pts" },
      comparison: "previous",
      period: "last-7-days",
    });
    expect(parse("alert add ticket_volume rises 20% vs last-year where channel=email")).toMatchObject({
      condition: { kind: "change", direction: "rises", by: 20, unit: "%" },
      comparison: "last-year",
      filters: "channel=email",
      minN: 1,
    });
    // Without `vs`, the rule follows its period's rhythm (stored as no choice).
    expect(parse("alert add frt rises by 10 min")).toEqual(expect.not.objectContaining({ comparison: expect.anything() }));
    expect(parse("alert add frt rises by 10 min")).toMatchObject({ condition: { kind: "change", direction: "rises", by: 600, unit: "abs" } });
    expect(parse("alert add csat drops 5 pts over yesterday vs same weekday")).toMatchObject({ period: "yesterday", comparison: "same-weekday" });
    // A threshold rule may choose too: its message and evidence compare with it.
    expect(parse("alert add csat < 80% over yesterday vs last-year")).toMatchObject({ condition: { kind: "threshold" }, comparison: "last-year" });
    expect(parse("alert add nps falls 8")).toMatchObject({ condition: { kind: "change", direction: "drops", by: 8, unit: "pts" } });
  });

  it("reads operators without spaces, words for them, durations for times, and filters with quoted values", () => {
    expect(parse("alert add csat<80%")).toMatchObject({ condition: { kind: "threshold", op: "<", value: 80 } });
    expect(parse("alert add csat >= 90")).toMatchObject({ condition: { kind: "threshold", op: ">=", value: 90 } });
    expect(parse("alert add frt above 2h check weekdays 08:00 tz UTC")).toMatchObject({
      condition: { kind: "threshold", op: ">", value: 7200 },
      schedule: { cron: "0 8 * * 1-5", timeZone: "UTC" },
      minN: 30,
    });
    expect(parse('alert add csat below 75% where channel=email agent="Mary Jane"')).toMatchObject({ filters: 'channel=email agent="Mary Jane"' });
    expect(parse("alert add csat < 80% check hourly for 3 checks cooldown none")).toMatchObject({
      schedule: { cron: "0 * * * *" },
      forChecks: 3,
      cooldownMs: 0,
    });
  });

  it("lists, removes, mutes, unmutes, acknowledges and snoozes by id", () => {
    expect(parse("alert list")).toEqual({ kind: "alert_list" });
    expect(parse("alert remove a-4fq")).toEqual({ kind: "alert_remove", id: "a-4fq" });
    expect(parse("alert mute a-4fq")).toEqual({ kind: "alert_mute", id: "a-4fq" });
    expect(parse("alert unmute a-4fq")).toEqual({ kind: "alert_unmute", id: "a-4fq" });
    expect(parse("alert ack a-4fq")).toEqual({ kind: "alert_ack", id: "a-4fq" });
    expect(parse("alert snooze a-4fq")).toEqual({ kind: "alert_snooze", id: "a-4fq", forMs: 86_400_000 });
    expect(parse("alert snooze a-4fq 2 h")).toEqual({ kind: "alert_snooze", id: "a-4fq", forMs: 7_200_000 });
  });
});

describe("other text", () => {
  it("is not a management command", () => {
    expect(parse("csat last-week")).toBeNull();
    expect(parse("help")).toBeNull();
    expect(parse("")).toBeNull();
  });
});

describe("mistakes", () => {
  it.each([
    ["digest add dialy 09:00", "`dialy` is not a schedule — did you mean `daily`?"],
    ["digest add daily 25:00", "`25:00` is not a time of day."],
    ["digest add weekly mno 09:00", "`mno` is not a day of the week — did you mean `mon`?"],
    ["digest add monthly 31 09:00", "Not every month has a day 31, so that digest would skip months."],
    ["digest add daily 09:00 metrics cast,nps", "`cast` is not a metric — did you mean `csat`?"],
    ["digest add daily 09:00 period lst-week", "`lst-week` is not a period — did you mean `last-week`?"],
    ["digest add daily 09:00 period 2026-10", "`2026-10` is fixed dates, but a digest runs again and again."],
    ["digest add daily 09:00 tz Europe/Vilnus", "`Europe/Vilnus` is not a time zone — did you mean `Europe/Vilnius`?"],
    ["digest add daily 09:00 metrix csat", "`metrix` is not a metric or a keyword — did you mean `metrics`?"],
    ["digest add daily 09:00 csat nsp", "`nsp` is not a metric or a keyword — did you mean `nps`?"],
    ["digest add daily 09:00 csat yesterday", "`yesterday` is not a metric or a keyword — did you mean `period yesterday`?"],
    ["digest add daily 09:00 csat vs lastyear", "`vs lastyear` is not a comparison — did you mean `vs last-year`?"],
    ["digest preview dialy 09:00 csat", "`dialy` is not a schedule — did you mean `daily`?"],
    ["digest send", "`digest send` needs the digest's id."],
    ["digest sned d-7k3", "`digest sned` is not something I can do — did you mean `digest send`?"],
    ['digest add cron "0 9 * *"', "`0 9 * *` is not a cron expression: it has 4 fields; a cron expression has five (minute hour day-of-month month day-of-week)."],
    ["digest pasue d-7k3", "`digest pasue` is not something I can do — did you mean `digest pause`?"],
    ["digest pause", "`digest pause` needs the digest's id."],
    ["digest pause a-4fq", "`a-4fq` is an alert, not a digest."],
    ["digets add daily 09:00", "`digets` is not a command — did you mean `digest add`?"],
    ["alert add cast < 80%", "`cast` is not a metric — did you mean `csat`?"],
    ["alert add csat is low", "`is` is not a condition."],
    ["alert add csat drosp 5 pts", "`drosp` is not a condition — did you mean `drops`?"],
    ["alert add frt > 2", "frt is a time: give the threshold a unit."],
    ["alert add csat < 180%", "csat is a percentage, so a threshold of 180% can never be crossed."],
    ["alert add ticket_volume drops 5 pts", "ticket_volume is a count, so it does not move in points."],
    ["alert add csat < 80% over last-7-days cooldwn 24h", "`cooldwn` is not understood here — did you mean `cooldown`?"],
    ["digest add daily 09:00 period last-week metrcs csat", "`metrcs` is not understood here — did you mean `metrics`?"],
    ["alert add csat < 80% for 2 days", "`for` counts consecutive checks, not time."],
    ["alert add csat < 80% cooldown soon", "`soon` is not a duration for `cooldown`."],
    ["alert add csat drops 5 pts vs lastyear", "`vs lastyear` is not a comparison — did you mean `vs last-year`?"],
    ["alert add csat < 80% where chanel=email", "`chanel` is not a dimension of csat — did you mean `channel`?"],
    ["alert add csat < 80% min-n lots", "`min-n` needs a whole number (got `lots`)."],
    ["alert mute d-7k3", "`d-7k3` is a digest, not an alert."],
  ])("`%s` → %s", (text, message) => {
    const error = failure(text);
    expect(error.message).toBe(message);
    expect(error.hint).toBeTruthy();
  });

  it("points a paused-style command on the wrong kind of id at the right one", () => {
    expect(failure("digest pause a-4fq").hint).toBe("Use `alert mute a-4fq`.");
    expect(failure("alert unmute d-7k3").hint).toBe("Use `digest resume d-7k3`.");
  });
});

describe("digests and alerts in plain words", () => {
  it.each([
    ["digest add daily 09:00 csat and nps", ["csat", "nps"], "yesterday"],
    ["digest add weekly mon 09:00 csat, nps and first response time over the past week", ["csat", "nps", "frt"], "last-week"],
    ["digest add daily 09:00 customer satisfaction & ticket volume for the last 7 days", ["csat", "ticket_volume"], "last-7-days"],
    ["digest add daily 09:00 period month to date", ["csat", "nps", "frt", "ticket_volume"], "mtd"],
    ["digest add weekdays 08:30 nps period past 30 days", ["nps"], "last-30-days"],
  ])("reads `%s` as metrics %j over %s", (text, metrics, period) => {
    expect(parse(text)).toMatchObject({ kind: "digest_add", metrics, period });
  });

  it("reads a plain comparison after `vs`: the same time last year, the same day last week", () => {
    expect(parse("digest add daily 09:00 csat nps for the last 7 days vs the same time last year")).toMatchObject({ period: "last-7-days", comparison: "last-year" });
    expect(parse("alert add csat drops 5 pts over yesterday vs same day last week")).toMatchObject({ period: "yesterday", comparison: "same-weekday" });
  });

  it("reads an alert's period in plain words, and its question through the same parser", () => {
    expect(parse("alert add csat below 80% over the past 30 days where channel=email")).toMatchObject({ metric: "csat", period: "last-30-days", filters: "channel=email" });
  });

  it("still refuses plain words that name fixed dates, since a digest recurs", () => {
    expect(failure("digest add daily 09:00 period 2026-10").message).toBe("`2026-10` is fixed dates, but a digest runs again and again.");
    expect(failure("digest add daily 09:00 csat and bogus").message).toContain("`bogus` is not a metric");
  });
});

describe("words that name JavaScript's object internals", () => {
  it.each([
    "digest add weekly __proto__ 09:00 csat",
    "digest add constructor 09:00 csat",
    "digest __proto__",
    "alert add csat __proto__ 80",
  ])("refuses `%s` as an unknown word, never saving a schedule made of it", (text) => {
    expect(failure(text)).toBeInstanceOf(UserError);
  });
});
