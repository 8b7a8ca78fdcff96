/**
 * A small structured logger: one JSON line per event on stderr. Callers pass
 * context fields; nothing secret is ever passed in (tokens stay in config),
 * and as a second guard every line is passed through redactSecrets, so a URL
 * with a password or a token in its query (in an error message, say) is
 * written as `https://***@host/…`.
 */
import { redactSecrets } from "./redact.ts";

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

export function createLogger(level: LogLevel = "info", write: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Logger {
  const emit = (at: Exclude<LogLevel, "silent" | "debug">) => (message: string, fields: Record<string, unknown> = {}) => {
    if (ORDER[at] < ORDER[level]) return;
    const plain = Object.fromEntries(
      Object.entries(fields).map(([k, v]) => [k, v instanceof Error ? { name: v.name, message: v.message, stack: v.stack } : v]),
    );
    write(redactSecrets(JSON.stringify({ time: new Date().toISOString(), level: at, message, ...plain })));
  };
  return { info: emit("info"), warn: emit("warn"), error: emit("error") };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
