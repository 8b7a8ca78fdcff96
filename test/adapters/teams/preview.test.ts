/**
 * `npm run ask -- --format teams "…"` prints the Adaptive Card the Teams bot
 * attaches for the same question — the very same card, valid 1.5 — so what
 * looks right in the Adaptive Cards Designer looks right in Teams.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "../../../adapters/console/ask.ts";
import { NOW } from "../../helpers.ts";
import { problems } from "../../support/adaptiveCards.ts";
import { startTeamsBot, theCard, type TestBot } from "./support.ts";

async function ask(...argv: string[]): Promise<{ code: number; out: string }> {
  let out = "";
  const code = await main(argv, (s) => (out += `${s}\n`), () => undefined);
  return { code, out };
}

describe("npm run ask -- --format teams", () => {
  let bot: TestBot;
  let dataDir: string;
  beforeAll(async () => {
    bot = await startTeamsBot();
    dataDir = await mkdtemp(join(tmpdir(), "teams-preview-"));
    vi.stubEnv("DATA_DIR", dataDir);
    vi.stubEnv("LOG_LEVEL", "error");
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await bot.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("prints the activity the bot sends for `csat last-week`, with its valid 1.5 card", async () => {
    const preview = await ask("--now", NOW.toISOString(), "--format", "teams", "csat last-week");
    expect(preview.code).toBe(0);
    // The activity the bot sends, its card in the attachments.
    const printed = JSON.parse(preview.out) as { type: string; attachments: Array<{ content: Record<string, unknown> }> };
    expect(printed.type).toBe("message");
    const printedCard = printed.attachments[0]!.content;
    expect(problems(printedCard as never)).toEqual([]);
    const { card } = theCard(await bot.ask(bot.activity("personal-message", (a) => (a.text = "csat last-week"))));
    expect(printedCard).toEqual(card);
  });

  it("prints the card of a typo and still exits 2", async () => {
    const preview = await ask("--now", NOW.toISOString(), "--format", "teams", "csta last-week");
    expect(preview.code).toBe(2);
    expect(preview.out).toContain("did you mean **csat**?");
  });
});
