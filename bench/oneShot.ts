/**
 * A one-shot question from the shell, as a support lead types it:
 * `npm run ask -- "csat last-week"` on the built-in sample data, wall time
 * from starting npm to the process ending. Warm: the compiled bot is built,
 * the sample written and read once before the timed runs. Beside it, the
 * same question through tsx (what `npm run ask` ran before the compiled
 * start), alternating which goes first, so the ratio is taken pair by pair.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface OneShotTimes {
  compiled: number[];
  tsx: number[];
}

function timed(command: string, args: string[], cwd: string, env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`${command} ${args.join(" ")} exited ${code}: ${stderr.slice(0, 500)}`))));
  });
}

/** `runs` pairs of (compiled `npm run ask`, tsx) for `question` over a fresh sample DATA_DIR. */
export async function oneShotAsk(root: string, question: string, runs: number): Promise<OneShotTimes> {
  const dataDir = await mkdtemp(join(tmpdir(), "cs-bench-ask-"));
  const env = { DATA_DIR: dataDir, LOG_LEVEL: "error", DATA_URL: "" };
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const compiled = () => timed(npm, ["run", "--silent", "ask", "--", question], root, env);
  const tsx = () => timed(process.execPath, ["--import", "tsx", join(root, "adapters", "console", "ask.ts"), question], root, env);
  try {
    // Warm-up: builds dist/ when stale, writes the sample, fills the load cache, and loads both from disk once.
    await compiled();
    await compiled();
    await tsx();
    const times: OneShotTimes = { compiled: [], tsx: [] };
    for (let i = 0; i < runs; i++) {
      if (i % 2 === 0) {
        times.compiled.push(await compiled());
        times.tsx.push(await tsx());
      } else {
        times.tsx.push(await tsx());
        times.compiled.push(await compiled());
      }
    }
    return times;
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}
