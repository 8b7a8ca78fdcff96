/**
 * Process-wide last resorts: a promise rejection nobody handled, or an
 * exception thrown where nothing catches it (a library's callback, a timer),
 * is logged with a fault id and the process keeps serving — one bad request
 * must not take the bot down for everyone. Every known path already answers
 * its own faults (answer(), the HTTP router, Bolt's and botbuilder's error
 * handlers); these catch what slips past them, and the id in the log line is
 * what to search for.
 *
 * @example
 * const remove = installProcessGuards(log);
 * // … on shutdown
 * remove();
 */
import { faultId } from "./errors.ts";
import type { Logger } from "./log.ts";

export function installProcessGuards(log: Logger, proc: NodeJS.Process = process): () => void {
  const onRejection = (reason: unknown) => {
    log.error("unhandled promise rejection; still serving", { faultId: faultId(), error: reason });
  };
  const onException = (error: Error, origin: string) => {
    log.error("uncaught exception; still serving", { faultId: faultId(), origin, error });
  };
  proc.on("unhandledRejection", onRejection);
  proc.on("uncaughtException", onException);
  return () => {
    proc.off("unhandledRejection", onRejection);
    proc.off("uncaughtException", onException);
  };
}
