import { UserError } from "../../errors.ts";

/**
 * A question with more than one reading (a word that is a value of two
 * dimensions): the message asks which was meant, and each reading is a
 * command to run — a button on Slack and Teams, a line to type in the console.
 */
export class AmbiguousQuestion extends UserError {
  constructor(
    message: string,
    /** Each reading, as its label ("team=billing") and the command that asks it. */
    readonly choices: Array<{ label: string; command: string }>,
  ) {
    super("ambiguous", message, `Choose one: ${choices.map((c) => `\`${c.command}\``).join(" or ")}.`);
  }
}
