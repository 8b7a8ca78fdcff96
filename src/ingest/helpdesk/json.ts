/**
 * Reading a help desk's JSON leniently, field by field: a value of the wrong
 * type reads as absent (undefined or null), never as a wrong value. Shared by
 * the adapters so each one only says which fields it wants.
 *
 * @example
 * const c = obj(body);                       // a JSON object, or undefined
 * const id = idOf(c?.["admin_assignee_id"]); // 991267715 → "991267715"; null when absent
 * nameOf(id, namesById(admins));             // "Ciaran7 Lee", or the id when the name is unknown
 */

export type Json = Record<string, unknown>;

/** A JSON object (not an array), or undefined. */
export const obj = (v: unknown): Json | undefined => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Json) : undefined);
/** A JSON array, or [] for anything else. */
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
/** A finite number, or null. */
export const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
/** A non-empty string, or null. */
export const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);

/** An id given as a number or a string, as text; null when absent or blank. */
export function idOf(v: unknown): string | null {
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return typeof v === "string" && v.trim() !== "" ? v.trim() : null;
}

/** `[{ id, name }, …]` (agents, groups, teams) as id → name. */
export function namesById(list: unknown): Map<string, string> {
  const names = new Map<string, string>();
  for (const item of arr(list)) {
    const id = idOf(obj(item)?.["id"]);
    const name = str(obj(item)?.["name"]);
    if (id !== null && name !== null) names.set(id, name);
  }
  return names;
}

/** The name for an id, the id itself when no name is known, null without an id. */
export function nameOf(id: unknown, names: ReadonlyMap<string, string>): string | null {
  const key = idOf(id);
  return key === null ? null : (names.get(key) ?? key);
}
