/** Test support for child processes: what a spawned process printed and how it ended. */
import type { ChildProcess } from "node:child_process";

/** A finished child process: its exit code (null when killed by a signal) and everything it printed. */
export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Collects `child`'s stdout and stderr until it closes (spawn it with stdout and stderr piped).
 * @example const { code, stdout } = await ran(spawn(process.execPath, ["-e", "console.log(1)"], { stdio: ["ignore", "pipe", "pipe"] }));
 */
export function ran(child: ChildProcess): Promise<Run> {
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
