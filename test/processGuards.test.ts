/**
 * The last-resort handlers, in a real Node process: a rejection nobody
 * handles and an exception thrown from a timer are logged with a fault id,
 * and the process goes on to do its next piece of work and exits normally.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ran, type Run } from "./support/process.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

const SCRIPT = `
import { installProcessGuards } from "./src/processGuards.ts";
import { createLogger } from "./src/log.ts";
installProcessGuards(createLogger("info"));
Promise.reject(new Error("nobody handles this rejection"));
setTimeout(() => { throw new TypeError("thrown from a timer"); }, 10);
setTimeout(() => process.stdout.write("still serving\\n"), 100);
`;

function runScript(): Promise<Run> {
  return ran(spawn(process.execPath, ["--import", "tsx", "--input-type=module", "--eval", SCRIPT], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] }));
}

describe("process-wide fault handlers", { timeout: 30_000 }, () => {
  it("log an unhandled rejection and an uncaught exception with fault ids, and the process keeps running", async () => {
    const { code, stdout, stderr } = await runScript();
    expect(stdout).toBe("still serving\n");
    expect(code).toBe(0);
    const lines = stderr.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as Record<string, unknown>);
    const rejection = lines.find((l) => l["message"] === "unhandled promise rejection; still serving");
    const exception = lines.find((l) => l["message"] === "uncaught exception; still serving");
    expect(rejection?.["faultId"]).toMatch(/^[A-Z0-9]+$/);
    expect(JSON.stringify(rejection)).toContain("nobody handles this rejection");
    expect(exception?.["faultId"]).toMatch(/^[A-Z0-9]+$/);
    expect(JSON.stringify(exception)).toContain("thrown from a timer");
  });
});
