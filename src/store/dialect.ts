/**
 * Everything that differs between SQLite and Postgres, in one place: the
 * column types the migrations use, how values are written as parameters and
 * read back, and how a foreign-key violation is recognised. All other SQL is shared
 * (`sqlStore.ts`), written with `$1`-style placeholders.
 */

export interface Dialect {
  readonly name: "sqlite" | "postgres";
  /** Column types for `CREATE TABLE`. */
  readonly types: {
    text: string;
    /** An instant: timestamptz / integer epoch milliseconds. */
    instant: string;
    /** A JSON document: jsonb / TEXT. */
    json: string;
    bool: string;
    int: string;
    bigint: string;
    double: string;
    /** An auto-numbered primary key giving insertion order. */
    serialKey: string;
  };
  /** Appended to every `CREATE TABLE (…)`. */
  readonly tableOptions: string;
  /** A parameter as the driver wants it. */
  param(value: unknown): unknown;
  readInstant(value: unknown): Date;
  readJson(value: unknown): unknown;
  readBool(value: unknown): boolean;
  /** An integer column, including 64-bit ones (which `pg` returns as strings). */
  readNumber(value: unknown): number;
  isForeignKeyViolation(error: unknown): boolean;
}

const errorCode = (error: unknown): unknown => (typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined);

export const sqliteDialect: Dialect = {
  name: "sqlite",
  types: {
    text: "TEXT",
    instant: "INTEGER",
    json: "TEXT",
    bool: "INTEGER",
    int: "INTEGER",
    bigint: "INTEGER",
    double: "REAL",
    serialKey: "INTEGER PRIMARY KEY",
  },
  tableOptions: " STRICT",
  param: (value) => (value instanceof Date ? value.getTime() : typeof value === "boolean" ? Number(value) : value),
  readInstant: (value) => new Date(Number(value)),
  readJson: (value) => JSON.parse(String(value)),
  readBool: (value) => Number(value) !== 0,
  readNumber: (value) => Number(value),
  isForeignKeyViolation: (error) => errorCode(error) === "SQLITE_CONSTRAINT_FOREIGNKEY",
};

export const postgresDialect: Dialect = {
  name: "postgres",
  types: {
    text: "text",
    instant: "timestamptz",
    json: "jsonb",
    bool: "boolean",
    int: "integer",
    bigint: "bigint",
    double: "double precision",
    serialKey: "bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
  },
  tableOptions: "",
  param: (value) => value,
  readInstant: (value) => (value instanceof Date ? value : new Date(String(value))),
  // `pg` parses json and jsonb itself.
  readJson: (value) => value,
  readBool: (value) => value === true,
  readNumber: (value) => Number(value),
  isForeignKeyViolation: (error) => errorCode(error) === "23503",
};
