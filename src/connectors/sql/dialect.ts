/**
 * The differences between the SQL engines, in one place. Everything else in
 * `sql/` writes standard SQL (FILTER clauses, GROUPING SETS, NULLIF,
 * IS NOT DISTINCT FROM) that both DuckDB and PostgreSQL accept.
 *
 * @example
 * POSTGRES.placeholder(3) // "$3"
 * DUCKDB.placeholder(3)   // "?"
 */
import type { FieldType } from "../../measures/datasets.ts";
import { sqlString } from "./identifiers.ts";

export interface Dialect {
  readonly name: "duckdb" | "postgres";
  /** The placeholder of the n-th parameter (1-based) in statement text. */
  placeholder(n: number): string;
  /** `sql` cast to the SQL type of a field type (numbers are double precision). */
  cast(sql: string, type: FieldType): string;
  /**
   * The continuous quantiles of a double `value` at fractions `qs` (SQL
   * expressions), over the rows where `filter` is true (null: every row), as
   * one list (one sort for all of them); NULL over no row.
   */
  quantiles(value: string, qs: readonly string[], filter: string | null): string;
  /** The calendar date of the instant `time` in the IANA zone `zone` (an SQL text expression). */
  localDay(time: string, zone: string): string;
  /** (to − from) in seconds, as a double, for two instants. */
  secondsBetween(from: string, to: string): string;
  /** A string operand of an ordering comparison, compared by code point (a binary collation). */
  binary(sql: string): string;
  /**
   * A value written into the statement itself instead of as a parameter,
   * where the engine plans literals faster (null: keep it a parameter).
   * Finite numbers and instants the compiler wrote as ISO strings; text only
   * when `constant` (the bot's own: a metric definition's or a configured
   * value, quoted by `sqlString`), a person's text never.
   */
  inline(value: unknown, type: FieldType, constant?: boolean): string | null;
  /** Boolean literals (constants chosen by the compiler, never user values). */
  readonly true: string;
  readonly false: string;
}

/** An instant as Date.prototype.toISOString writes it. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const SQL_TYPES: Record<"duckdb" | "postgres", Record<FieldType, string>> = {
  duckdb: { string: "VARCHAR", number: "DOUBLE", boolean: "BOOLEAN", time: "TIMESTAMPTZ" },
  postgres: { string: "TEXT", number: "DOUBLE PRECISION", boolean: "BOOLEAN", time: "TIMESTAMPTZ" },
};

export const DUCKDB: Dialect = {
  name: "duckdb",
  placeholder: () => "?",
  cast: (sql, type) => `CAST(${sql} AS ${SQL_TYPES.duckdb[type]})`,
  quantiles: (value, qs, filter) => `quantile_cont(${value}, [${qs.join(", ")}])${filter === null ? "" : ` FILTER (WHERE ${filter})`}`,
  localDay: (time, zone) => `CAST(timezone(${zone}, ${time}) AS DATE)`,
  // Whole microseconds since the epoch, exact as BIGINT; one rounding when divided.
  secondsBetween: (from, to) => `(CAST(epoch_us(${to}) - epoch_us(${from}) AS DOUBLE) / 1000000)`,
  binary: (sql) => sql,
  // DuckDB binds and plans a prepared statement's parameters on every run: period bounds, fractions and the
  // definitions' own text as literals spare that (a statement with no parameter is not prepared at all).
  inline: (value, type, constant = false) => {
    if (type === "number" && typeof value === "number" && Number.isFinite(value)) return Object.is(value, -0) ? "-0.0" : String(value);
    if (type === "time" && typeof value === "string" && ISO_INSTANT.test(value)) return `'${value}'`;
    if (constant && type === "string" && typeof value === "string" && !value.includes("\u0000")) return sqlString(value);
    return null;
  },
  true: "TRUE",
  false: "FALSE",
};

export const POSTGRES: Dialect = {
  name: "postgres",
  placeholder: (n) => `$${n}`,
  cast: (sql, type) => `CAST(${sql} AS ${SQL_TYPES.postgres[type]})`,
  quantiles: (value, qs, filter) => `percentile_cont(ARRAY[${qs.join(", ")}]) WITHIN GROUP (ORDER BY ${value})${filter === null ? "" : ` FILTER (WHERE ${filter})`}`,
  localDay: (time, zone) => `CAST(timezone(${zone}, ${time}) AS DATE)`,
  // EXTRACT(EPOCH …) is an exact numeric (PostgreSQL 14+); one rounding when cast.
  secondsBetween: (from, to) => `CAST(EXTRACT(EPOCH FROM ${to}) - EXTRACT(EPOCH FROM ${from}) AS DOUBLE PRECISION)`,
  binary: (sql) => `(${sql} COLLATE "C")`,
  inline: () => null,
  true: "TRUE",
  false: "FALSE",
};
