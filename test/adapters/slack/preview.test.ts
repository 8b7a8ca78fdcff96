/**
 * `npm run ask -- --format slack "…"` prints the Block Kit JSON the Slack app
 * sends for the same question — the very same blocks, so what looks right in
 * Block Kit Builder looks right in Slack.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "../../../adapters/console/ask.ts";
import { NOW } from "../../helpers.ts";
import { slashCommandBody, startBot, type Bot } from "./support.ts";

async function ask(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(argv, (s) => (out += `${s}\n`), (s) => (err += `${s}\n`));
  return { code, out, err };
}

describe("npm run ask -- --format slack", () => {
  let bot: Bot;
  let dataDir: string;
  beforeAll(async () => {
    bot = await startBot();
    // `ask` reads DATA_DIR (and writes the sample data there on first use): a directory of this test's own.
    dataDir = await mkdtemp(join(tmpdir(), "slack-preview-"));
    vi.stubEnv("DATA_DIR", dataDir);
    vi.stubEnv("LOG_LEVEL", "error");
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await bot.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("prints { text, blocks } exactly as the app answers /csat last-week", async () => {
    const preview = await ask("--now", NOW.toISOString(), "--format", "slack", "csat last-week");
    expect(preview.code).toBe(0);
    const printed = JSON.parse(preview.out) as { text: string; blocks: unknown[] };
    expect(Object.keys(printed)).toEqual(["text", "blocks"]);

    const responseUrl = bot.catcher.url();
    await bot.send("/slack/events", slashCommandBody({ command: "/csat", text: "last-week", response_url: responseUrl }));
    const [post] = await bot.catcher.waitFor(responseUrl);
    expect(printed.blocks).toEqual(post!.body["blocks"]);
    expect(printed.text).toEqual(post!.body["text"]);
  });

  it("prints the error's blocks for a typo and still exits 2", async () => {
    const preview = await ask("--now", NOW.toISOString(), "--format", "slack", "csta last-week");
    expect(preview.code).toBe(2);
    expect(JSON.stringify(JSON.parse(preview.out))).toContain("did you mean `csat`?");
  });

  it("refuses an unknown format with exit code 2", async () => {
    const r = await ask("--format", "xml", "csat last-week");
    expect(r.code).toBe(2);
    expect(r.err).toContain("`--format xml` is not a format: use text, slack or teams.");
  });
});
