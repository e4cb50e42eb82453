/**
 * One read query with `?1`, `?2`… text parameters, whatever runs it: a D1 binding in the Worker,
 * wrangler's D1 in the command-line tools. Reports (patrol checks, statistics, ledgers) are
 * written against this, so the same code serves the console and the CLI.
 */
export type Query = <T>(sql: string, params: string[]) => Promise<T[]>;

/** A Query on a D1 binding. */
export function d1Query(db: D1Database): Query {
  return async <T>(sql: string, params: string[]) =>
    (
      await db
        .prepare(sql)
        .bind(...params)
        .all<T>()
    ).results;
}
