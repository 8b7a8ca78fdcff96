/**
 * Credentials never in a configuration error or a log line; the encryption
 * key and the database URLs checked at start with the fix in the message;
 * a `.env` that is a folder said plainly.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { loadDotEnv } from "../src/dotenv.ts";
import { UserError } from "../src/errors.ts";
import { createLogger } from "../src/log.ts";
import { redactSecrets, redactUrl } from "../src/redact.ts";

function problem(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (e) {
    const u = e as UserError;
    return `${u.message}\n${u.hint ?? ""}`;
  }
  throw new Error(`expected ${JSON.stringify(Object.keys(env))} to be refused`);
}

describe("URLs with credentials", () => {
  it("show as scheme://***@host/… when they carry a user, a password or a secret query parameter", () => {
    expect(redactUrl("https://bot:hunter2@acme.ladesk.com/api/v3?x=1")).toBe("https://***@acme.ladesk.com/…");
    expect(redactUrl("https://acme.zendesk.com/api/v2?access_token=abc123")).toBe("https://***@acme.zendesk.com/…");
    expect(redactUrl("http://127.0.0.1:4000/api/?apikey=k")).toBe("http://***@127.0.0.1:4000/…");
    expect(redactUrl("postgres://bot:p@ss word@db.internal:5432/state")).toBe("postgres://***@db.internal:5432/…");
    expect(redactUrl("https://acme.ladesk.com/api/v3?_page=2")).toBe("https://acme.ladesk.com/api/v3?_page=2");
    expect(redactSecrets('connect to "postgres://u:pw@db:5432/x" failed; see https://status.example.com')).toBe('connect to "postgres://***@db:5432/…" failed; see https://status.example.com');
  });

  it("are redacted from the configuration errors of LIVEAGENT_URL, ZENDESK_URL and SLACK_API_URL", () => {
    const message = problem({
      LIVEAGENT_URL: "htps://admin:hunter2@acme.ladesk.com",
      LIVEAGENT_API_KEY: "k",
      ZENDESK_URL: "ftp://acme.zendesk.com/?token=zdsecret",
      ZENDESK_OAUTH_TOKEN: "t",
      SLACK_API_URL: "slack.example.com/api?token=xoxb-secret",
    });
    expect(message).toContain("LIVEAGENT_URL (got `htps://***@acme.ladesk.com/…`) must be your LiveAgent URL");
    expect(message).toContain("ZENDESK_URL (got `ftp://***@acme.zendesk.com/…`) must be an http(s) URL");
    expect(message).toContain("SLACK_API_URL (got `***`) must be an http(s) URL");
    for (const secret of ["hunter2", "zdsecret", "xoxb-secret"]) expect(message).not.toContain(secret);
  });

  it("are redacted from every log line", () => {
    const lines: string[] = [];
    const log = createLogger("info", (l) => lines.push(l));
    log.warn("sync failed", { error: new Error("request to https://lead%40acme.com:tok3n@acme.zendesk.com/api/v2/x failed"), url: "https://acme.ladesk.com/api?apikey=abc" });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("https://***@acme.zendesk.com/…");
    expect(lines[0]).toContain("https://***@acme.ladesk.com/…");
    expect(lines[0]).not.toContain("tok3n");
    expect(lines[0]).not.toContain("apikey=abc");
  });
});

describe("DATA_URL and DATABASE_URL", () => {
  it("must be URLs the driver can read, and the message never repeats them", () => {
    const message = problem({ DATA_URL: "postgres://bot:p@ss:w/rd@db:5432/x", DATABASE_URL: "postgres:///state" });
    expect(message).toContain("DATA_URL is not a URL that can be read: percent-encode special characters in the user name and password (@ as %40");
    expect(message).toContain("DATABASE_URL has no host: write it as postgres://host:5432/database, with user:password@ before the host when needed");
    expect(message).not.toContain("p@ss");
    expect(loadConfig({ DATA_URL: "postgres://bot:p%40ss@db:5432/x" }).dataUrl).toBe("postgres://bot:p%40ss@db:5432/x");
    expect(loadConfig({ DATABASE_URL: "postgresql:///state?host=/var/run/postgresql" }).databaseUrl).toBe("postgresql:///state?host=/var/run/postgresql");
  });
});

describe("BOT_ENCRYPTION_KEY", () => {
  it("takes 32 bytes as base64 or hex", () => {
    const bytes = Buffer.from(Array.from({ length: 32 }, (_, i) => i * 7));
    expect(loadConfig({ BOT_ENCRYPTION_KEY: bytes.toString("base64") }).encryptionKey).toEqual(bytes);
    expect(loadConfig({ BOT_ENCRYPTION_KEY: bytes.toString("hex") }).encryptionKey).toEqual(bytes);
    expect(loadConfig({}).encryptionKey).toBeUndefined();
  });

  it("refuses anything else with the fix, without repeating it", () => {
    const message = problem({ BOT_ENCRYPTION_KEY: "correct horse battery staple" });
    expect(message).toContain("BOT_ENCRYPTION_KEY is not a 32-byte key: use 32 random bytes as base64 or hex, e.g. the output of `openssl rand -base64 32`");
    expect(message).not.toContain("horse");
    expect(problem({ BOT_ENCRYPTION_KEY: Buffer.alloc(16).toString("base64") })).toContain("BOT_ENCRYPTION_KEY is not a 32-byte key");
  });
});

describe(".env", () => {
  it("is read when it is a file, and is a config error saying so when it is a folder", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dotenv-"));
    try {
      const file = join(dir, "settings.env");
      await writeFile(file, "CS_BOT_DOTENV_TEST=from-file\n");
      loadDotEnv(file);
      expect(process.env.CS_BOT_DOTENV_TEST).toBe("from-file");
      delete process.env.CS_BOT_DOTENV_TEST;
      loadDotEnv(join(dir, "missing.env"));

      const folder = join(dir, ".env");
      await mkdir(folder);
      const error = (() => {
        try {
          loadDotEnv(folder);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).message).toBe(`${folder} is a folder, not a file of settings.`);
      expect((error as UserError).hint).toContain("Remove or rename the folder");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
