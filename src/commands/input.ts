/**
 * What any text must be before the command path reads it: at most
 * MAX_COMMAND_CHARS characters, and no control characters (NUL and the like
 * cannot be typed, break Postgres when they reach a query or a stored rule,
 * and only ever come from a paste or a forged request). Checked first, before
 * any parsing, so what the limit refuses costs nothing.
 */
import { UserError } from "../errors.ts";

/** The longest command read, in characters: a question with several filters is well under 300. */
export const MAX_COMMAND_CHARS = 2000;

/** C0 controls other than tab, line feed and carriage return (which are whitespace), and DEL. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/**
 * The UserError a text deserves before parsing, if any.
 * @example inputProblem("csat last-week") // undefined
 * @example inputProblem("x".repeat(4005))?.message // "That message is 4,005 characters long; I read commands of at most 2,000 characters."
 */
export function inputProblem(text: string): UserError | undefined {
  if (text.length > MAX_COMMAND_CHARS) {
    return new UserError(
      "too_long",
      `That message is ${text.length.toLocaleString("en-US")} characters long; I read commands of at most ${MAX_COMMAND_CHARS.toLocaleString("en-US")} characters.`,
      "Ask one question at a time, e.g. `csat last-week by channel where channel=email`.",
    );
  }
  const control = controlCharacterIn(text);
  if (control !== undefined) return controlCharacterError(control);
  return undefined;
}

/** The first control character in a value (see `inputProblem`), if any. */
export function controlCharacterIn(value: string): string | undefined {
  return CONTROL.exec(value)?.[0];
}

export function controlCharacterError(char: string): UserError {
  const code = `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
  return new UserError(
    "bad_syntax",
    `Your message contains an invisible control character (${code}), which I can't read.`,
    "Type the command again rather than pasting it, e.g. `csat last-week where channel=email`.",
  );
}
