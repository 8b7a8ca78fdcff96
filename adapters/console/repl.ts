/**
 * The interactive console: a local chat with the bot over the embedded
 * default, no accounts needed. Reads questions line by line and answers each
 * through the same command path Slack and Teams use.
 */
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { answer, type Engine } from "../../src/commands/answer.ts";
import { renderText } from "../../src/render/text.ts";

export const GREETING = [
  "Customer-service metrics, on the sample data of a fictional support team.",
  "Try:  csat last-week   ·   frt this-month by agent   ·   nps last-quarter vs last-year",
  "      churn last-month   ·   csat last-30-days where channel=email   ·   define ces",
  "Type `help` for every metric and period, `quit` (or Ctrl-D) to leave.",
].join("\n");

const QUIT = new Set(["quit", "exit", "q", ":q", "bye"]);

export async function runConsole(engine: Engine, input: Readable, output: Writable): Promise<void> {
  const rl = createInterface({ input, output, prompt: "metrics> ", terminal: (output as { isTTY?: boolean }).isTTY ?? false });
  const say = (s: string) => output.write(`${s}\n`);
  say(await greetingFor(engine));
  rl.prompt();
  for await (const line of rl) {
    const text = line.trim();
    if (QUIT.has(text.toLowerCase())) break;
    if (text !== "") say(`${renderText(await answer(text, engine))}\n`);
    rl.prompt();
  }
  rl.close();
  say("Bye.");
}

/** The greeting, saying whose data the answers come from. */
async function greetingFor(engine: Engine): Promise<string> {
  let sample = true;
  try {
    const infos = await engine.connector.describe();
    sample = infos.length === 0 || infos.some((i) => i.source.includes("sample data"));
  } catch {
    // The source is unavailable: the first question will say so.
  }
  if (sample) return GREETING;
  const [, ...rest] = GREETING.split("\n");
  return [`Customer-service metrics, on your data (\`sources\` shows where it comes from).`, ...rest].join("\n");
}
