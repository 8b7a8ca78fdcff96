/**
 * Settings from a `.env` file in the current directory (see .env.example),
 * as `npm start`, `npm run ask` and `npm run sync` read it; variables already
 * in the environment win. No file is fine; a folder or an unreadable file
 * named `.env` is a config UserError saying so, not a stack trace.
 *
 * @example
 * loadDotEnv(); // process.env.BOT_TIMEZONE from ./.env, unless already set
 */
import { statSync } from "node:fs";
import { resolve } from "node:path";
import { UserError } from "./errors.ts";

export function loadDotEnv(path = ".env"): void {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
    throw new UserError("config", `${path} could not be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`, `Make ${resolve(path)} readable by the bot, or remove it and set the variables in the environment.`);
  }
  if (!isFile) {
    throw new UserError(
      "config",
      `${path} is a folder, not a file of settings.`,
      `Remove or rename the folder ${resolve(path)}, and put the settings in a file named ${path} (copy .env.example), or set them in the environment.`,
    );
  }
  try {
    process.loadEnvFile(path);
  } catch (e) {
    throw new UserError("config", `${path} could not be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`, `Make ${resolve(path)} readable by the bot, or remove it and set the variables in the environment.`);
  }
}
