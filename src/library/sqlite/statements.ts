import type { Database, Statement } from "better-sqlite3";

/**
 * A connection's statements, each compiled the first time it is asked for and kept: the hot ones run for every
 * question, and preparing one costs about as much as running it.
 */
export class Statements {
  private readonly compiled = new Map<string, Statement>();

  constructor(private readonly db: Database) {}

  get(sql: string): Statement {
    let statement = this.compiled.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.compiled.set(sql, statement);
    }
    return statement;
  }
}
