/**
 * Slack settings in the environment: which mode they describe, and a fix for
 * each missing or wrong one — without ever repeating a secret's value.
 */
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.ts";

const TOKEN = "xoxb-0000000001-0000000001-fakeTestBotToken";
const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

function problem(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(Object.keys(env))} to be refused`);
}

describe("Slack settings", () => {
  it("leave Slack off when none is set, and serve on port 3000 by default", () => {
    const config = loadConfig({});
    expect(config.slack).toBeUndefined();
    expect(config.port).toBe(3000);
  });

  it("describe one workspace with a bot token and a signing secret", () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, PORT: "8080" })).toMatchObject({
      port: 8080,
      slack: { mode: "single", botToken: TOKEN, signingSecret: SECRET },
    });
  });

  it("need no signing secret in Socket Mode", () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: TOKEN, SLACK_APP_TOKEN: "xapp-1-A0METRICS1-1-fake" });
    expect(config.slack).toEqual({ mode: "single", botToken: TOKEN, appToken: "xapp-1-A0METRICS1-1-fake" });
  });

  it("describe multi-workspace installs with a client id, client secret and state secret", () => {
    const config = loadConfig({ SLACK_CLIENT_ID: "1111.2222", SLACK_CLIENT_SECRET: "cs", SLACK_STATE_SECRET: "ss", SLACK_SIGNING_SECRET: SECRET });
    expect(config.slack).toEqual({ mode: "oauth", clientId: "1111.2222", clientSecret: "cs", stateSecret: "ss", signingSecret: SECRET });
  });

  it("say where to find a missing signing secret", () => {
    expect(problem({ SLACK_BOT_TOKEN: TOKEN })).toContain("SLACK_SIGNING_SECRET is missing: copy it from Basic Information → App Credentials");
  });

  it("say what a bot token looks like, without repeating the wrong one", () => {
    const message = problem({ SLACK_BOT_TOKEN: "xoxp-user-token-secret", SLACK_SIGNING_SECRET: SECRET });
    expect(message).toContain("SLACK_BOT_TOKEN is not a bot token: copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions");
    expect(message).not.toContain("xoxp-user-token-secret");
  });

  it("list every OAuth setting still missing", () => {
    const message = problem({ SLACK_CLIENT_ID: "1111.2222" });
    expect(message).toContain("SLACK_CLIENT_SECRET is missing: copy it from Basic Information → App Credentials");
    expect(message).toContain("SLACK_STATE_SECRET is missing");
    expect(message).toContain("SLACK_SIGNING_SECRET is missing");
  });

  it("refuse a bot token together with OAuth settings", () => {
    const message = problem({ SLACK_BOT_TOKEN: TOKEN, SLACK_CLIENT_ID: "1", SLACK_CLIENT_SECRET: "2", SLACK_STATE_SECRET: "3", SLACK_SIGNING_SECRET: SECRET });
    expect(message).toContain("SLACK_BOT_TOKEN is set together with SLACK_CLIENT_ID");
    expect(message).not.toContain(TOKEN);
  });

  it("ask for a bot token when only a signing secret is set", () => {
    expect(problem({ SLACK_SIGNING_SECRET: SECRET })).toContain("SLACK_BOT_TOKEN is missing");
  });

  it("end SLACK_API_URL with a slash, as the Web API client needs", () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: "http://127.0.0.1:9999/api" });
    expect(config.slack?.apiUrl).toBe("http://127.0.0.1:9999/api/");
  });

  it("refuse a port that is not a number", () => {
    expect(problem({ PORT: "eighty" })).toContain("PORT (got `eighty`) must be a port number such as 3000");
  });
});
