/**
 * Requests meant to stall, crash or misuse the Teams endpoint, through the
 * real CloudAdapter on the real HTTP server: what is not an activity is
 * answered 400, over-long text gets the limit, and without authentication
 * (TEAMS_AUTH=off) nothing forwarded by a proxy is taken, no answer goes off
 * this machine, and the server listens on 127.0.0.1 only. Without an app id
 * and without TEAMS_AUTH=off, Teams is not served at all.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serve } from "../../../adapters/http/serve.ts";
import { createTeamsBot, TEAMS_NOT_CONFIGURED } from "../../../adapters/teams/app.ts";
import { isLoopbackUrl } from "../../../adapters/teams/localOnly.ts";
import { loadConfig } from "../../../src/config.ts";
import { isUserError } from "../../../src/errors.ts";
import { createLogger } from "../../../src/log.ts";
import { openStore } from "../../../src/store/index.ts";
import { engineOver } from "../../helpers.ts";
import { digestFixture } from "../../schedule/support.ts";
import { APP_ID, cardText, logged, startTeamsBot, TENANT, theCard, type TestBot } from "./support.ts";

describe("the Teams endpoint and hostile requests", () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTeamsBot();
  }, 30_000);
  afterAll(async () => {
    await bot.close();
  });

  it("answers a 6 KB message with the 2,000-character limit, without echoing it", async () => {
    const { card, text } = theCard(await bot.ask(bot.activity("personal-message", (a) => (a.text = `csat ${"2026-".repeat(1200)}`))));
    expect(text + cardText(card)).toContain("That message is 6,005 characters long; I read commands of at most 2,000 characters.");
    expect(cardText(card)).not.toContain("2026-2026-2026");
  });

  it("answers a card button whose command is 3,000 characters with the limit", async () => {
    const res = await bot.post(
      bot.activity("adaptive-card-action", (a) => {
        a.value = { action: { type: "Action.Execute", verb: "rerun", data: { command: `csat ${"x".repeat(2995)}` } }, trigger: "manual" };
      }),
    );
    expect(res.status).toBe(200);
    expect(cardText((res.json as { value: unknown }).value)).toContain("I read commands of at most 2,000 characters");
  });

  it("strips thousands of unclosed <at> tags in linear time and answers with the limit", async () => {
    const { card } = theCard(await bot.ask(bot.activity("personal-message", (a) => (a.text = "<at>".repeat(5000)))));
    expect(cardText(card)).toContain("I read commands of at most 2,000 characters");
  });

  it("answers 400 to bodies that are not activities it can read, and keeps serving", async () => {
    const bodies: unknown[] = [
      "null",
      "42",
      "[]",
      {},
      { type: "message" },
      bot.activity("personal-message", (a) => delete a["recipient"]),
      bot.activity("personal-message", (a) => delete a["from"]),
      bot.activity("personal-message", (a) => (a.conversation = { id: "a:chat\u0000x" })),
      bot.activity("personal-message", (a) => (a["entities"] = [{ type: "mention", text: "<at>Metrics</at>" }])),
      bot.activity("personal-message", (a) => (a.serviceUrl = "not a url")),
    ];
    for (const [i, body] of bodies.entries()) expect({ i, status: (await bot.post(body)).status }).toEqual({ i, status: 400 });
    expect(bot.fake.calls).toEqual([]);
    expect(await bot.store.getConversationReference("a:chat\u0000x")).toBeNull();
    // And it still answers.
    const { text } = theCard(await bot.ask(bot.activity("personal-message")));
    expect(text).toMatch(/^Customer satisfaction \(CSAT\) last-week: /);
  });

  it("without authentication, refuses a request that came through a proxy or tunnel", async () => {
    for (const header of ["X-Forwarded-For", "Forwarded", "X-Real-IP", "X-Forwarded-Host", "Via"]) {
      const res = await bot.post(bot.activity("personal-message"), { [header]: header === "Forwarded" ? "for=203.0.113.7" : "203.0.113.7" });
      expect({ header, status: res.status }).toEqual({ header, status: 403 });
    }
    expect(bot.fake.calls).toEqual([]);
    expect(logged(bot.logs, "teams request refused: authentication is off, and it came through a proxy or tunnel").length).toBe(5);
  });

  it("without authentication, refuses an activity naming a serviceUrl off this machine, and sends nothing there", async () => {
    const res = await bot.post(
      bot.activity("personal-message", (a) => {
        a.serviceUrl = "https://attacker.example/teams/";
        a.conversation = { ...a.conversation, id: "a:attackers-chat" };
      }),
    );
    expect(res.status).toBe(403);
    expect(await bot.store.getConversationReference("a:attackers-chat")).toBeNull();
    for (const url of ["http://127.0.0.1:3978/", "http://localhost:1234", "http://[::1]:80/x"]) expect(isLoopbackUrl(url), url).toBe(true);
    for (const url of ["https://smba.trafficmanager.net/emea/", "http://127.0.0.1.attacker.example/", "http://10.0.0.1/", "file:///etc/passwd", "javascript:alert(1)"]) expect(isLoopbackUrl(url), url).toBe(false);
  });

  it("without authentication, will not post a digest to a stored conversation whose serviceUrl is off this machine", async () => {
    await bot.store.saveConversationReference("19:elsewhere@thread.tacv2", { serviceUrl: "https://smba.trafficmanager.net/emea/", conversation: { id: "19:elsewhere@thread.tacv2", tenantId: TENANT, conversationType: "channel" } }, new Date());
    const digest = digestFixture({ destination: { platform: "teams", workspace: TENANT, channel: "19:elsewhere@thread.tacv2" } });
    await expect(bot.teams.poster.post(digest.destination, { kind: "error", cause: "user", message: "x" })).rejects.toThrow("authentication is off, and its serviceUrl is not on this machine");
    expect(bot.fake.calls).toEqual([]);
  });
});

describe("when Teams is served", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "teams-serve-"));
  }, 30_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function serving(env: Record<string, string>, host?: string) {
    const logs: string[] = [];
    const log = createLogger("info", (line) => logs.push(line));
    const store = await openStore({ dataDir: dir });
    const server = await serve(loadConfig({ PORT: "0", ...env }), { engine: engineOver({}), store, log, ...(host ? { host } : {}) });
    return {
      logs,
      base: `http://127.0.0.1:${server.port}`,
      server,
      close: async () => {
        await server.close();
        await store.close();
      },
    };
  }

  it("is not served without an app id and without TEAMS_AUTH=off, and the log says how to turn it on", async () => {
    const s = await serving({});
    try {
      expect(s.server.teams).toBeUndefined();
      expect(await (await fetch(`${s.base}/healthz`)).json()).toEqual({ status: "ok", slack: "off", teams: "off" });
      expect((await fetch(`${s.base}/api/messages`, { method: "POST", body: "{}" })).status).toBe(404);
      expect(logged(s.logs, TEAMS_NOT_CONFIGURED)).toHaveLength(1);
    } finally {
      await s.close();
    }
    let refused: unknown;
    try {
      createTeamsBot({ engine: engineOver({}), store: undefined as never, log: createLogger("silent") });
    } catch (e) {
      refused = e;
    }
    expect(isUserError(refused) && refused.message).toBe(TEAMS_NOT_CONFIGURED);
  });

  it("with TEAMS_AUTH=off listens on 127.0.0.1 only, even when asked for every interface", async () => {
    const s = await serving({ TEAMS_AUTH: "off" }, "0.0.0.0");
    try {
      expect(s.server.teams?.authenticated).toBe(false);
      expect(logged(s.logs, "serving")[0]).toMatchObject({ host: "127.0.0.1" });
      expect(await (await fetch(`${s.base}/healthz`)).json()).toEqual({ status: "ok", slack: "off", teams: "local only" });
    } finally {
      await s.close();
    }
  });

  it("TEAMS_AUTH takes on or off, and off cannot go with an app id", () => {
    expect(loadConfig({ TEAMS_AUTH: "OFF" }).teamsAuthOff).toBe(true);
    expect(loadConfig({}).teamsAuthOff).toBe(false);
    const message = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (e) {
        return isUserError(e) ? e.message : String(e);
      }
      return "";
    };
    expect(message({ TEAMS_AUTH: "maybe" })).toContain("TEAMS_AUTH (got `maybe`) must be on");
    expect(message({ TEAMS_AUTH: "off", MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: "p" })).toContain("TEAMS_AUTH (got `off`) turns Teams authentication off, but MICROSOFT_APP_* variables are set");
  });
});
