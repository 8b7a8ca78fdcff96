/**
 * Zendesk over OAuth while syncing, against the fake Zendesk's token
 * endpoint (test/fakes/zendesk.ts, from Zendesk's "OAuth Tokens for Grant
 * Types"): an access token about to expire is refreshed first and the new
 * grant kept (the old refresh token then stops working, as Zendesk's
 * refresh-token announcement says); two requests at once refresh once; a
 * revoked grant stops the sync with a message, in the sync log and in
 * `sources`, that an admin must connect Zendesk again.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { answer, type Engine } from "../../../src/commands/answer.ts";
import { fixedClock } from "../../../src/clock.ts";
import { openDuckDbConnector } from "../../../src/connectors/duckdb/index.ts";
import { SyncEngine } from "../../../src/ingest/helpdesk/engine.ts";
import { configuredSources } from "../../../src/ingest/helpdesk/index.ts";
import { asGrant, exchangeCode, REFRESH_MARGIN_MS, zendeskTokens, type ZendeskGrant, type ZendeskOAuthApp } from "../../../src/ingest/helpdesk/zendesk/oauth.ts";
import { SyncHttpError } from "../../../src/ingest/helpdesk/types.ts";
import { loadConfig } from "../../../src/config.ts";
import type { Logger } from "../../../src/log.ts";
import { silentLogger } from "../../../src/log.ts";
import { DEFAULT_METRIC_OPTIONS } from "../../../src/metrics/types.ts";
import { renderText } from "../../../src/render/text.ts";
import { openStore } from "../../../src/store/index.ts";
import type { Store } from "../../../src/store/store.ts";
import { startFakeZendesk, type FakeZendesk } from "../../fakes/zendesk.ts";
import { tempDir } from "../../connectors/support.ts";

const CLIENT = { clientId: "metrics_bot", clientSecret: "zd-client-secret-for-tests" };
const REDIRECT = "https://bot.example.com/zendesk/oauth_redirect";
const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanup.length > 0) await cleanup.pop()!();
});

async function setup(): Promise<{ zd: FakeZendesk; store: Store; app: ZendeskOAuthApp & { redirectUrl: string } }> {
  const zd = await startFakeZendesk({ oauth: CLIENT, ticketsPageSize: 50 });
  const dir = await mkdtemp(join(tmpdir(), "zendesk-refresh-"));
  const store = await openStore({ dataDir: dir, encryptionKey: randomBytes(32) });
  cleanup.push(() => zd.close(), () => rm(dir, { recursive: true, force: true }), () => store.close());
  return { zd, store, app: { baseUrl: zd.url, ...CLIENT, redirectUrl: REDIRECT } };
}

/** An admin's grant, as /zendesk/oauth_redirect would have stored it; `expiresInMs` moves its expiry. */
async function connect(zd: FakeZendesk, store: Store, app: ZendeskOAuthApp & { redirectUrl: string }, expiresInMs?: number): Promise<ZendeskGrant> {
  const approve = await fetch(`${zd.url}/oauth/authorizations/new?response_type=code&client_id=${CLIENT.clientId}&redirect_uri=${encodeURIComponent(REDIRECT)}&scope=read&state=s`, { redirect: "manual" });
  const code = new URL(approve.headers.get("location")!).searchParams.get("code")!;
  const grant = await exchangeCode(app, code, Date.now());
  const stored = { ...grant, connectedBy: "Ada Admin (admin)", ...(expiresInMs !== undefined ? { expiresAt: Date.now() + expiresInMs } : {}) };
  await store.saveHelpdeskGrant("zendesk", stored, new Date());
  return stored;
}

describe("Zendesk OAuth tokens", () => {
  it("refresh an access token due to expire within 5 minutes, keep the new grant, and the old refresh token no longer works", async () => {
    const { zd, store, app } = await setup();
    const old = await connect(zd, store, app, REFRESH_MARGIN_MS - 60_000);
    const tokens = zendeskTokens({ app, grants: store, connectHint: "open /zendesk/install" });
    const [a, b] = await Promise.all([tokens.headers(), tokens.headers()]);
    expect(a).toEqual(b);
    const refreshes = zd.oauth.tokenRequests.filter((r) => r["grant_type"] === "refresh_token");
    expect(refreshes).toEqual([{ grant_type: "refresh_token", refresh_token: old.refreshToken, client_id: "metrics_bot", client_secret: CLIENT.clientSecret, scope: "read" }]);
    const kept = asGrant(await store.getHelpdeskGrant("zendesk"))!;
    expect(a).toEqual({ authorization: `Bearer ${kept.accessToken}` });
    expect(kept.accessToken).not.toBe(old.accessToken);
    expect(kept.connectedBy).toBe("Ada Admin (admin)");
    expect(kept.expiresAt! - Date.now()).toBeGreaterThan(3500_000);
    expect(zd.oauth.refresh.has(old.refreshToken!)).toBe(false);
    // Fresh enough now: no more refreshing.
    await tokens.headers();
    expect(zd.oauth.tokenRequests.filter((r) => r["grant_type"] === "refresh_token")).toHaveLength(1);
    const me = await fetch(`${zd.url}/api/v2/users/me.json`, { headers: a });
    expect(me.status).toBe(200);
  });

  it("without a stored grant, say that an admin must connect Zendesk, at once (no retries)", async () => {
    const { store, app } = await setup();
    const tokens = zendeskTokens({ app, grants: store, connectHint: "a Zendesk admin opens https://bot.example.com/zendesk/install" });
    const error = await tokens.headers().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncHttpError);
    expect((error as Error).message).toBe("Zendesk is not connected yet: an admin must connect it — a Zendesk admin opens https://bot.example.com/zendesk/install");
  });
});

describe("syncing Zendesk over OAuth", () => {
  async function engineFor(zd: FakeZendesk, store: Store, log: Logger = silentLogger) {
    const config = loadConfig({ ZENDESK_URL: zd.url, ZENDESK_CLIENT_ID: CLIENT.clientId, ZENDESK_CLIENT_SECRET: CLIENT.clientSecret, ZENDESK_REDIRECT_URL: REDIRECT });
    const dir = await tempDir("zendesk-oauth-sync-");
    const now = fixedClock(new Date("2025-04-01T00:00:00Z"));
    const connector = await openDuckDbConnector({ dataDir: dir.path, clock: now, helpdesk: true, sourceLabels: { zendesk: "Zendesk (test)" }, refreshMs: 0 });
    cleanup.push(dir.dispose, () => connector.close?.() ?? Promise.resolve());
    const [zendesk] = configuredSources(config.sync!, { grants: store });
    const sync = new SyncEngine({ store: connector.helpdesk!, sources: [{ ...zendesk!, http: { ...zendesk!.http, backoffMs: 20 } }], clock: now, since: new Date("2024-01-01T00:00:00Z"), log });
    const engine: Engine = { connector, options: DEFAULT_METRIC_OPTIONS, clock: now, timeZone: "UTC", weekStartsOn: 1, defaultPeriod: "last-7-days", log: silentLogger, sync };
    return { sync, engine };
  }

  it("syncs with the admin's grant, refreshing it on the way", async () => {
    const { zd, store, app } = await setup();
    await connect(zd, store, app, 60_000);
    const { sync } = await engineFor(zd, store);
    const [summary] = await sync.runOnce();
    expect(summary!.error).toBeNull();
    expect(summary!.upserted).toBeGreaterThan(0);
    expect(zd.oauth.tokenRequests.filter((r) => r["grant_type"] === "refresh_token")).toHaveLength(1);
    expect(zd.requests.filter((r) => r.path.startsWith("/api/v2/") && r.status === 401)).toEqual([]);
  });

  it("a revoked grant: the sync log and `sources` say an admin must connect Zendesk again, and where", async () => {
    const { zd, store, app } = await setup();
    await connect(zd, store, app);
    const warnings: Array<[string, unknown]> = [];
    const log = { ...silentLogger, warn: (m: string, f?: unknown) => warnings.push([m, f]) } as Logger;
    const { sync, engine } = await engineFor(zd, store, log);
    zd.oauth.revoke();
    const [summary] = await sync.runOnce();
    expect(summary!.error).toMatch(/answered 401 .*if the grant was revoked, an admin must connect Zendesk again — a Zendesk admin opens https:\/\/bot\.example\.com\/zendesk\/install/);
    expect(warnings.map(([m]) => m)).toContain("sync of a stream stopped; the next run resumes from its last stored page");
    expect(JSON.stringify(warnings)).toContain("an admin must connect Zendesk again");
    const text = renderText(await answer("sources", engine));
    expect(text).toContain("an admin must connect Zendesk again — a Zendesk admin opens https://bot.example.com/zendesk/install");

    // The access token has run out too: the refresh is refused, and the message says the same.
    const grant = asGrant(await store.getHelpdeskGrant("zendesk"))!;
    await store.saveHelpdeskGrant("zendesk", { ...grant, expiresAt: Date.now() - 1000 }, new Date());
    const [again] = await sync.runOnce();
    expect(again!.error).toMatch(/Zendesk no longer accepts the bot's OAuth grant \(Zendesk's \/oauth\/tokens answered 400 \(invalid_grant\)\): an admin must connect Zendesk again/);
    expect(again!.error).not.toContain(grant.refreshToken!);
    // Said once for each of the two streams, not repeated by the 401 explanation.
    expect(again!.error!.match(/an admin must connect Zendesk again/g)).toHaveLength(2);
  });
});
