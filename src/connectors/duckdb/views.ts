/**
 * Views that reading DATA_DIR defines but creates only when a question first
 * reads their dataset. Creating a view over a Parquet file is a statement
 * DuckDB binds by reading the file's schema: the sample's ten files make some
 * thirty such statements, while a one-shot `npm run ask -- "csat last-week"`
 * reads one dataset. When an earlier load of the same folder counted what
 * `sources` reports (loadCache.ts), nothing else needs the views, so each
 * dataset's are created with its first question (index.ts `load`).
 *
 * A dataset's views are created in the order they were defined (a dataset's
 * view reads its files' views); a view defined again before it was created is
 * created once, with its last definition. A failure stays: every later
 * `create` of that dataset rejects with it.
 *
 * @example
 * const views = new PendingViews(db);
 * views.define("surveys", "g1_ds_surveys", "SELECT … FROM read_parquet('surveys.parquet')");
 * await views.create("surveys"); // before the first statement that reads it
 */
import type { DatasetId } from "../../measures/datasets.ts";
import { quoteIdent } from "../sql/identifiers.ts";
import type { DuckDb } from "./database.ts";

export class PendingViews {
  private readonly pending = new Map<DatasetId, Map<string, string>>();
  private readonly made = new Map<DatasetId, Promise<void>>();

  constructor(private readonly db: Pick<DuckDb, "exec">) {}

  /** Defines view `name` of `dataset` as `sql`, replacing a definition of it not yet created. */
  define(dataset: DatasetId, name: string, sql: string): void {
    const mine = this.pending.get(dataset) ?? new Map<string, string>();
    this.pending.set(dataset, mine);
    mine.set(name, sql);
  }

  /** Creates the views of `dataset` not yet created (none: resolves at once, or rejects with an earlier failure). */
  create(dataset: DatasetId): Promise<void> {
    const before = this.made.get(dataset) ?? Promise.resolve();
    const mine = this.pending.get(dataset);
    if (mine === undefined || mine.size === 0) return before;
    this.pending.delete(dataset);
    const next = before.then(async () => {
      for (const [name, sql] of mine) await this.db.exec(`CREATE OR REPLACE VIEW ${quoteIdent(name)} AS ${sql}`);
    });
    this.made.set(dataset, next);
    return next;
  }
}
