/**
 * The console's two ways in refuse an over-long question like the chat
 * platforms do: `npm run ask` before it opens any data, the prompt through
 * the command path, and the prompt goes on answering afterwards.
 */
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { main as ask } from "../../adapters/console/ask.ts";
import { runConsole } from "../../adapters/console/repl.ts";
import { engineOver } from "../helpers.ts";

describe("the console and over-long input", () => {
  it("`npm run ask` exits 2 with the limit for a 6 KB question, before reading any configuration or data", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await ask([`csat ${"2026-".repeat(1200)}`], (s) => out.push(s), (s) => err.push(s));
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err.join("\n")).toContain("That message is 6,005 characters long; I read commands of at most 2,000 characters.");
  });

  it("the prompt answers a 3,000-character line with the limit, then answers the next question", async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = "";
    output.on("data", (d: Buffer) => (printed += d.toString()));
    const done = runConsole(engineOver({}), input, output);
    // As a person would: type once the greeting is there.
    await new Promise<void>((resolve) => output.on("data", () => printed.includes("quit") && resolve()));
    input.end(`${"x".repeat(3000)}\nhelp\nquit\n`);
    await done;
    expect(printed).toContain("That message is 3,000 characters long; I read commands of at most 2,000 characters.");
    expect(printed).not.toContain("xxxxxxxxxx");
    expect(printed).toContain("`define <metric>` explains a metric");
  });
});
