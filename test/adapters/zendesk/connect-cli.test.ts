/**
 * `npm run sync -- --connect zendesk`: prints the address a Zendesk admin
 * opens, says whether Zendesk is connected already, and says what to set
 * when Zendesk is not configured for OAuth.
 */
import { afterEach, describe, expect, it } from "vitest";
import { main as syncCli } from "../../../adapters/console/sync.ts";
import { openStore } from "../../../src/store/index.ts";
import { tempDir } from "../../connectors/support.ts";

const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanup.length > 0) await cleanup.pop()!();
});

const OAUTH = { ZENDESK_SUBDOMAIN: "acme", ZENDESK_CLIENT_ID: "metrics_bot", ZENDESK_CLIENT_SECRET: "zd-client-secret", ZENDESK_REDIRECT_URL: "https://bot.example.com/zendesk/oauth_redirect", LOG_LEVEL: "silent" };

async function run(env: Record<string, string>, argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await syncCli((s) => out.push(s), (s) => err.push(s), { env, argv });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("npm run sync -- --connect zendesk", () => {
  it("prints /zendesk/install on the bot's address, and whether a grant is stored", async () => {
    const dir = await tempDir("connect-cli-");
    cleanup.push(dir.dispose);
    const env = { ...OAUTH, DATA_DIR: dir.path };
    const first = await run(env, ["--connect", "zendesk"]);
    expect(first.code).toBe(0);
    expect(first.out).toContain("To connect Zendesk (acme.zendesk.com), a Zendesk admin opens:\n\n  https://bot.example.com/zendesk/install\n");
    expect(first.out).toContain("Zendesk is not connected yet.");
    expect(first.out).not.toContain("zd-client-secret");

    const store = await openStore({ dataDir: dir.path });
    await store.saveHelpdeskGrant("zendesk", { accessToken: "a", refreshToken: "r", expiresAt: null, refreshExpiresAt: null, scope: "read", connectedBy: "Ada Admin (admin)" }, new Date());
    await store.close();
    const again = await run(env, ["--connect", "zendesk"]);
    expect(again.out).toContain("Zendesk is connected already (by Ada Admin (admin)); connecting again replaces that grant.");
  });

  it("says what to set when Zendesk is not configured for OAuth, and what --connect takes", async () => {
    const dir = await tempDir("connect-cli-");
    cleanup.push(dir.dispose);
    const token = await run({ DATA_DIR: dir.path, ZENDESK_SUBDOMAIN: "acme", ZENDESK_EMAIL: "a@acme.com", ZENDESK_API_TOKEN: "tok", LOG_LEVEL: "silent" }, ["--connect", "zendesk"]);
    expect(token.code).toBe(2);
    expect(token.err).toContain("Zendesk is not set up for OAuth: set ZENDESK_SUBDOMAIN, ZENDESK_CLIENT_ID, ZENDESK_CLIENT_SECRET and ZENDESK_REDIRECT_URL");
    expect(token.err).toContain("30 Apr 2027");
    const other = await run({ ...OAUTH, DATA_DIR: dir.path }, ["--connect", "freshdesk"]);
    expect(other.code).toBe(2);
    expect(other.err).toBe('--connect takes the help desk to connect: `npm run sync -- --connect zendesk` (got "freshdesk").');
  });
});
