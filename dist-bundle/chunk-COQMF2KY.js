import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  UserError
} from "./chunk-LJ4WEFEH.js";

// dist/src/commands/input.js
var MAX_COMMAND_CHARS = 2e3;
var CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
function inputProblem(text) {
  if (text.length > MAX_COMMAND_CHARS) {
    return new UserError("too_long", `That message is ${text.length.toLocaleString("en-US")} characters long; I read commands of at most ${MAX_COMMAND_CHARS.toLocaleString("en-US")} characters.`, "Ask one question at a time, e.g. `csat last-week by channel where channel=email`.");
  }
  const control = controlCharacterIn(text);
  if (control !== void 0)
    return controlCharacterError(control);
  return void 0;
}
function controlCharacterIn(value) {
  return CONTROL.exec(value)?.[0];
}
function controlCharacterError(char) {
  const code = `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
  return new UserError("bad_syntax", `Your message contains an invisible control character (${code}), which I can't read.`, "Type the command again rather than pasting it, e.g. `csat last-week where channel=email`.");
}

export {
  inputProblem,
  controlCharacterIn,
  controlCharacterError
};
