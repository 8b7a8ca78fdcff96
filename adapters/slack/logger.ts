/**
 * Bolt, its Web API client and its OAuth installer log through the bot's own
 * JSON-line logger, tagged `component: "slack"`. Their debug output (request
 * bodies) is dropped; nothing here adds tokens to a line.
 */
import { LogLevel, type Logger as BoltLogger } from "@slack/bolt";
import type { Logger } from "../../src/log.ts";

export function boltLogger(log: Logger): BoltLogger {
  let level = LogLevel.INFO;
  let name = "slack";
  const line = (parts: unknown[]) => parts.map(describe).join(" ");
  const firstError = (parts: unknown[]) => parts.find((p): p is Error => p instanceof Error);
  return {
    debug() {},
    info: (...parts: unknown[]) => log.info(line(parts), { component: name }),
    warn: (...parts: unknown[]) => log.warn(line(parts), { component: name }),
    error: (...parts: unknown[]) => {
      const error = firstError(parts);
      log.error(line(parts), { component: name, ...(error ? { error } : {}) });
    },
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: (n) => {
      name = n;
    },
  };
}

function describe(part: unknown): string {
  if (typeof part === "string") return part;
  if (part instanceof Error) return part.message;
  try {
    return JSON.stringify(part);
  } catch {
    return String(part);
  }
}
