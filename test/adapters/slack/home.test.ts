/**
 * The App Home tab: opening it (an app_home_opened event, signed) publishes a
 * view through views.publish on the fake Web API, with examples and this
 * workspace's digests and alerts from the Store.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { homeView } from "../../../adapters/slack/home.ts";
import type { AlertRule, Digest } from "../../../src/store/store.ts";
import { NOW } from "../../helpers.ts";
import { fixture, startBot, type Bot } from "./support.ts";
import { ruleFixture } from "../../schedule/support.ts";

const ACME = "T0ACMESUP1";

const digest = (id: string, workspace: string, overrides: Partial<Digest> = {}): Digest => ({
  id,
  destination: { platform: "slack", workspace, channel: "C0SUPPORT1" },
  schedule: { cron: "0 9 * * 1", timeZone: "Europe/Vilnius" },
  metrics: ["csat", "nps"],
  period: "last-week",
  paused: false,
  createdBy: "U0LEADADMN",
  createdAt: new Date("2026-11-02T08:00:00Z"),
  ...overrides,
});

const alert: AlertRule = ruleFixture({
  id: "al-churn",
  destination: { platform: "slack", workspace: ACME, channel: "C0ALERTS01" },
  metric: "churn_rate",
  condition: { kind: "threshold", op: ">", value: 5 },
  period: "last-30-days",
  minN: 30,
  forChecks: 2,
  createdBy: "U0LEADADMN",
  createdAt: new Date("2026-11-02T08:00:00Z"),
});

function homeOpenedBy(user: string, tab = "home"): string {
  const body = fixture<{ event: Record<string, unknown> }>("app-home-opened");
  body.event = { ...body.event, user, tab };
  return JSON.stringify(body);
}

describe("the App Home tab", () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await startBot();
    await bot.store.saveDigest(digest("dg-weekly", ACME));
    await bot.store.saveDigest(digest("dg-paused", ACME, { paused: true, metrics: ["frt"] }));
    await bot.store.saveDigest(digest("dg-elsewhere", "T0OTHERWSP"));
    await bot.store.saveAlertRule(alert);
  });
  afterAll(async () => {
    await bot.close();
  });

  it("publishes examples and this workspace's digests and alerts to the person who opened it", async () => {
    const ack = await bot.send("/slack/events", homeOpenedBy("U0LEADADMN"), { json: true });
    expect(ack.status).toBe(200);
    const [published] = await bot.fake.waitFor("views.publish");
    expect(published!.params["user_id"]).toBe("U0LEADADMN");
    const view = published!.params["view"] as { type: string; blocks: unknown[] };
    expect(view.type).toBe("home");
    const text = JSON.stringify(view.blocks);
    expect(text).toContain("/csat last-week");
    expect(text).toContain("Digests (2)");
    expect(text).toContain("`dg-weekly` csat, nps for last-week in <#C0SUPPORT1>");
    expect(text).toContain("next 23 Nov 2026 09:00 Europe/Vilnius");
    expect(text).toContain("`dg-paused` frt");
    expect(text).toContain("*paused*");
    expect(text).not.toContain("dg-elsewhere");
    expect(text).toContain("Alerts (1)");
    expect(text).toContain("`al-churn` churn_rate &gt; 5 over last-30-days in <#C0ALERTS01>");
    // The fake's users.info says U0LEADADMN is a workspace admin.
    expect(text).toContain("You can manage these");
  });

  it("tells someone who is not an admin who manages digests and alerts", async () => {
    const before = bot.fake.delivered("views.publish").length;
    await bot.send("/slack/events", homeOpenedBy("U0LEADUSR1"), { json: true });
    const published = (await bot.fake.waitFor("views.publish", before + 1))[before]!;
    expect(published.params["user_id"]).toBe("U0LEADUSR1");
    expect(JSON.stringify(published.params["view"])).toContain("ask one of them");
  });
});

describe("homeView", () => {
  it("lists at most 20 digests and says how many more there are", () => {
    const many = Array.from({ length: 45 }, (_, i) => digest(`dg-${i}`, ACME));
    const view = homeView({ digests: many, alerts: [], canManage: false, now: NOW });
    const text = JSON.stringify(view.blocks);
    expect(text).toContain("`dg-19`");
    expect(text).not.toContain("`dg-20`");
    expect(text).toContain("…and 25 more");
    expect(text).toContain("No alerts yet.");
    expect(view.blocks.length).toBeLessThanOrEqual(100);
  });
});
