/**
 * Coded errors. A `UserError` is an expected failure caused by what a person
 * typed or configured: it is shown to them with a hint and never logged as a
 * fault. Anything else that escapes is an internal fault: logged with context
 * and answered with a short apology and an id.
 */

export type UserErrorCode =
  | "unknown_metric"
  | "unknown_period"
  | "unknown_dimension"
  | "unknown_field"
  | "bad_syntax"
  | "bad_filter"
  | "ambiguous"
  | "bad_option"
  | "empty_command"
  | "future_period"
  | "too_long"
  | "config";

export class UserError extends Error {
  override readonly name = "UserError";
  constructor(
    readonly code: UserErrorCode,
    message: string,
    /** What would work instead, shown under the message. */
    readonly hint?: string,
  ) {
    super(message);
  }
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}

/** A data source could not be reached or read: distinct from "no data". */
export class SourceError extends Error {
  override readonly name = "SourceError";
  constructor(
    message: string,
    readonly source: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * A dataset cannot answer because a file (or table) that feeds it could not
 * be used — empty, unreadable, malformed, lacking a column. The other
 * datasets keep answering. `problems` say what is wrong, naming the file:
 * "tickets.csv could not be read: the file is empty (0 bytes)".
 */
export class DataProblemError extends SourceError {
  constructor(
    readonly problems: string[],
    source: string,
  ) {
    super(problems.join(" "), source);
  }
}

/**
 * A metric the team's data cannot support: a field it needs is not mapped,
 * not a column, or empty throughout. Answered as "not available from your
 * data: needs `resolved_at` in tickets" with how to provide it — never a figure.
 */
export class UnavailableError extends Error {
  override readonly name = "UnavailableError";
  constructor(
    readonly metric: { id: string; name: string },
    readonly missing: Array<{ dataset: string; field: string; why: string; fix: string }>,
  ) {
    super(unavailableMessage(metric.name, missing));
  }
}

/**
 * "Backlog is not available from your data: it needs `resolved_at` in tickets."
 * @example unavailableMessage("FRT", [{ dataset: "tickets", field: "first_response_at", … }])
 */
export function unavailableMessage(name: string, missing: ReadonlyArray<{ dataset: string; field: string }>): string {
  return `${name} is not available from your data: it needs ${neededFields(missing)}.`;
}

/** "`resolved_at` in tickets", "`answered_at` and `ended_at` in calls". */
export function neededFields(missing: ReadonlyArray<{ dataset: string; field: string }>): string {
  const byDataset = new Map<string, string[]>();
  for (const m of missing) byDataset.set(m.dataset, [...(byDataset.get(m.dataset) ?? []), `\`${m.field}\``]);
  const list = (xs: string[]) => (xs.length <= 1 ? xs.join("") : `${xs.slice(0, -1).join(", ")} and ${xs[xs.length - 1]}`);
  return list([...byDataset].map(([dataset, fields]) => `${list(fields)} in ${dataset}`));
}

/** A short random id that ties an apology shown to a person to the logged stack. */
export function faultId(): string {
  return Math.random().toString(36).slice(2, 8).toUpperCase();
}
