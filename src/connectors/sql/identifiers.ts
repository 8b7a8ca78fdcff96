/**
 * Identifiers and the few literals that reach SQL text. Query values never
 * do (they are parameters, see compile.ts); identifiers come from the dataset
 * spec or a validated mapping and are always quoted.
 */

const PLAIN = /^[A-Za-z_][A-Za-z0-9_$]*$/;

/** Whether `name` may be used as an identifier (letters, digits, `_`, `$`; not starting with a digit). */
export function isPlainIdentifier(name: string): boolean {
  return PLAIN.test(name) && name.length <= 63;
}

/**
 * A quoted identifier; throws on anything but a plain identifier.
 * @example quoteIdent("created_at") // "\"created_at\""
 */
export function quoteIdent(name: string): string {
  if (!isPlainIdentifier(name)) throw new Error(`Not a valid SQL identifier: ${JSON.stringify(name)}`);
  return `"${name}"`;
}

/**
 * A quoted, possibly schema-qualified table name.
 * @example quoteQualified("helpdesk.tickets") // "\"helpdesk\".\"tickets\""
 */
export function quoteQualified(name: string): string {
  return name.split(".").map(quoteIdent).join(".");
}

/** Whether `name` is `table` or `schema.table` with plain identifiers. */
export function isQualifiedName(name: string): boolean {
  const parts = name.split(".");
  return parts.length >= 1 && parts.length <= 2 && parts.every(isPlainIdentifier);
}

/**
 * Any column name (a file's header may hold spaces, brackets, quotes) quoted
 * for DuckDB: double quotes doubled. Used only for columns that exist in a
 * file, as DuckDB reported them.
 */
export function quoteColumn(name: string): string {
  if (name.includes("\u0000")) throw new Error(`Column name contains NUL: ${JSON.stringify(name)}`);
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * A string literal for DDL that cannot take parameters (DuckDB views over
 * files: a path, a format from the mapping file). Single quotes are doubled;
 * NUL is refused.
 */
export function sqlString(value: string): string {
  if (value.includes("\u0000")) throw new Error("String literal contains NUL");
  return `'${value.replace(/'/g, "''")}'`;
}

/** A finite number literal for DDL. */
export function sqlNumber(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`Not a finite number: ${value}`);
  return String(value);
}
