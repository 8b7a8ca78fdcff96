/**
 * Child process of the memory benchmark: opens the DuckDB connector over
 * DATA_DIR (argv[2]), answers the commands N times (argv[3]) through the one
 * command path and the Slack renderer, and prints its peak RSS as JSON.
 */
import { answer } from "../src/commands/answer.ts";
import { renderSlack } from "../src/render/slack.ts";
import { MEMORY_COMMANDS, duckConnector, engineOver } from "./common.ts";


async function main(): Promise<void> {
  const [dir, rounds] = [process.argv[2], Number(process.argv[3] ?? "5")];
  if (!dir) throw new Error("usage: memory-child.ts DATA_DIR [rounds]");
  const baseline = process.resourceUsage().maxRSS;
  const connector = await duckConnector(dir);
  const engine = await engineOver(connector);
  let errors = 0;
  for (let r = 0; r < rounds; r++) {
    for (const text of MEMORY_COMMANDS) {
      const report = await answer(text, engine);
      if (report.kind === "error") errors += 1;
      renderSlack(report);
    }
  }
  const usage = process.resourceUsage();
  await connector.close?.();
  process.stdout.write(`${JSON.stringify({ baselineKb: baseline, maxRssKb: usage.maxRSS, commands: rounds * MEMORY_COMMANDS.length, errors })}\n`);
}

await main();
