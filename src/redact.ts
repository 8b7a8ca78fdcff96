/**
 * Credentials out of text meant for people and logs. A URL with a user or
 * password (`https://user:pass@host/…`, `postgres://bot:pw@db/x`) or a secret
 * query parameter (`?token=…`, `api_key=…`, `sig=…`) is shown as
 * `https://***@host/…`: scheme and host only, so nothing after the host —
 * where some services put a secret in the path — is shown either.
 *
 * @example
 * redactSecrets("cannot reach https://bot:hunter2@acme.ladesk.com/api?x=1") // "cannot reach https://***@acme.ladesk.com/…"
 * redactSecrets("https://acme.zendesk.com/api/v2?access_token=abc")         // "https://***@acme.zendesk.com/…"
 */

/** Query parameters whose value is a credential. */
const SECRET_PARAM = /^(.*[_-])?(token|access[_-]?token|refresh[_-]?token|api[_-]?key|apikey|key|secret|client[_-]?secret|password|passwd|pwd|pass|auth|authorization|sig|signature|code|credentials?|session)$/i;

/** A URL-like run of text: a scheme, then anything up to whitespace, a quote or a closing bracket. */
const URL_IN_TEXT = /\b([a-z][a-z0-9+.-]*):\/\/[^\s"'<>`)\]]+/gi;

/** `scheme://***@host/…` when the URL carries a credential; the URL as it is otherwise. */
export function redactUrl(url: string): string {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1];
  if (scheme === undefined) return url;
  const hidden = (host: string) => `${scheme}://***@${host}/…`;
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined) {
    // Not a URL the parser takes (e.g. an unencoded @ or space in a password): with an @ anywhere, show the host after the last one.
    const at = url.lastIndexOf("@");
    if (at >= 0) return hidden(/^[^/?#\s]*/.exec(url.slice(at + 1))?.[0] ?? "");
    return hasSecretParam(url) ? hidden(/^[^/?#@\s]*/.exec(url.slice(scheme.length + 3))?.[0] ?? "") : url;
  }
  if (parsed.username !== "" || parsed.password !== "" || hasSecretParam(url)) return hidden(parsed.host);
  return url;
}

/** Whether a query string in `url` names a credential (`token=`, `api_key=`, `password=` …). */
export function hasSecretParam(url: string): boolean {
  const query = url.indexOf("?");
  if (query < 0) return false;
  return url
    .slice(query + 1)
    .split(/[&;#]/)
    .some((pair) => SECRET_PARAM.test(decodeSafely(pair.split("=")[0] ?? "")));
}

function decodeSafely(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Every URL with a credential in `text` redacted (see redactUrl). */
export function redactSecrets(text: string): string {
  return text.replace(URL_IN_TEXT, (url) => redactUrl(url));
}

/**
 * A setting's value as an error message may show it: a URL without its
 * credentials; a value that looks like it holds one but is no URL (no
 * scheme: `user:pw@host`, `host/api?token=…`) not at all.
 */
export function redactValue(value: string): string {
  const redacted = redactSecrets(value);
  if (redacted !== value) return redacted;
  return value.includes("@") || hasSecretParam(value) ? "***" : value;
}
