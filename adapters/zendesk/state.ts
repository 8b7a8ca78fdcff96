/**
 * The OAuth `state` of a Zendesk install: a random nonce, when it expires,
 * and an HMAC over both (keyed by the client secret, so any replica can
 * check it), plus the nonce in a cookie of the browser that started the
 * install. The redirect is accepted only with a state this bot signed, not
 * expired, coming back to the same browser: a link forged or replayed from
 * elsewhere is refused.
 *
 * @example
 * const { state, nonce } = newState(secret, Date.now());
 * checkState(secret, state, nonce, Date.now()); // null (fine) or why not
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** How long an admin has between opening /zendesk/install and coming back. */
export const STATE_TTL_MS = 10 * 60_000;
export const STATE_COOKIE = "zendesk_oauth_state";

const mac = (secret: string, nonce: string, expires: number) =>
  createHmac("sha256", secret).update(`zendesk-oauth-state\u0000${nonce}\u0000${expires}`).digest("base64url");

export function newState(secret: string, now: number): { state: string; nonce: string } {
  const nonce = randomBytes(16).toString("base64url");
  const expires = now + STATE_TTL_MS;
  return { state: `${nonce}.${expires}.${mac(secret, nonce, expires)}`, nonce };
}

/** Null when the state is good; otherwise what is wrong with it, for the admin. */
export function checkState(secret: string, state: string | null, cookieNonce: string | undefined, now: number): string | null {
  const [nonce, expiresText, signature, ...rest] = (state ?? "").split(".");
  const expires = Number(expiresText);
  if (!nonce || !signature || rest.length > 0 || !Number.isInteger(expires)) return "the link has no state from this bot";
  const expected = Buffer.from(mac(secret, nonce, expires));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return "the state was not made by this bot";
  if (expires < now) return "the install link expired (it lasts 10 minutes)";
  if (cookieNonce !== nonce) return "the install was started in another browser (or its cookie was blocked)";
  return null;
}

/** The value of one cookie of a request. */
export function cookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return v.join("=");
  }
  return undefined;
}
