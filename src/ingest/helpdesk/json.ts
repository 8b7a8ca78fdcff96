/**
 * Lenient readers for a help desk's JSON answers, field by field: a value of
 * the wrong type reads as absent (undefined, [] or null), never as a crash,
 * so the adapter decides what a missing field means (skip the record, or null).
 *
 * @example
 * const t = obj(body); // Json | undefined
 * const created = time(t?.["created_at"]); // epoch ms or null
 * const agent = nameOf(t?.["responder_id"], agents); // "Ana Silva", "1001" (no name known) or null
 */

export type Json = Record<string, unknown>;

/** A JSON object, or undefined for anything else (arrays and null included). */
export const obj = (v: unknown): Json | undefined => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Json) : undefined);
/** An array, or [] for anything else. */
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
/** A finite number, or null. */
export const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
/** A non-empty string, or null. */
export const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);

/**
 * An id (an integer, or its text) as text, or null.
 *
 * @example
 * idOf(42) // "42"
 * idOf(" 42 ") // "42"
 */
export function idOf(v: unknown): string | null {
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return typeof v === "string" && v.trim() !== "" ? v.trim() : null;
}

/**
 * `[{ id, name }, …]` (agents, groups, teams) as id → name.
 *
 * @example
 * namesById([{ id: 7, name: "Billing" }]) // Map { "7" => "Billing" }
 */
export function namesById(list: unknown): Map<string, string> {
  const names = new Map<string, string>();
  for (const item of arr(list)) {
    const id = idOf(obj(item)?.["id"]);
    const name = str(obj(item)?.["name"]);
    if (id !== null && name !== null) names.set(id, name);
  }
  return names;
}

/**
 * An ISO 8601 time as epoch milliseconds, or null when absent or unreadable.
 *
 * @example
 * time("2025-03-03T09:00:00Z") // 1740992400000
 */
export function time(v: unknown): number | null {
  const s = str(v);
  if (s === null) return null;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : t;
}

/**
 * The name for an id, the id itself when no name is known, null without an id.
 *
 * @example
 * nameOf(7, new Map([["7", "Billing"]])) // "Billing"
 */
export function nameOf(id: unknown, names: ReadonlyMap<string, string>): string | null {
  const key = idOf(id);
  return key === null ? null : (names.get(key) ?? key);
}
