/**
 * Rules for the Teams endpoint when authentication is off (TEAMS_AUTH=off,
 * for the Bot Framework Emulator and tests): the bot listens on 127.0.0.1,
 * takes requests only from this machine and only when they came straight
 * there — a request through a proxy or tunnel (ngrok, dev tunnels, a reverse
 * proxy) on this machine comes from loopback too, but carries forwarding
 * headers — and replies only to a serviceUrl on this machine, so an outside
 * request that got through anyway cannot have answers sent elsewhere.
 */
import type { IncomingHttpHeaders } from "node:http";

/** Headers proxies and tunnels add to say whom they forward for. */
export const FORWARDING_HEADERS = [
  "forwarded",
  "x-forwarded-for",
  "x-forwarded-host",
  "x-forwarded-proto",
  "x-real-ip",
  "x-client-ip",
  "true-client-ip",
  "cf-connecting-ip",
  "fastly-client-ip",
  "x-cluster-client-ip",
  "x-original-forwarded-for",
  "via",
] as const;

/** The first forwarding header a request carries, if any. */
export function forwardingHeader(headers: IncomingHttpHeaders): string | undefined {
  return FORWARDING_HEADERS.find((name) => headers[name] !== undefined);
}

/** The loopback interface, in IPv4, IPv6 and IPv4-mapped IPv6 spellings. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const plain = address.replace(/^::ffff:/i, "");
  return plain === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(plain);
}

/**
 * Whether a URL points at this machine: http(s) to localhost, 127.x.x.x or [::1].
 * @example isLoopbackUrl("http://127.0.0.1:3978/") // true
 * @example isLoopbackUrl("https://smba.trafficmanager.net/emea/") // false
 */
export function isLoopbackUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const { protocol, hostname } = new URL(url);
    if (protocol !== "http:" && protocol !== "https:") return false;
    const host = hostname.replace(/^\[|\]$/g, "");
    return host === "localhost" || isLoopback(host);
  } catch {
    return false;
  }
}
