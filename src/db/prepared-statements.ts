import { createHash } from 'node:crypto';

/** Distinct statement texts kept prepared per reader or writer. */
export const MAX_STATEMENTS = 500;

/** A statement as node-postgres runs it: named (prepared once per connection) or unnamed. */
export interface PreparedText {
  name?: string;
  text: string;
}

/**
 * The PostgreSQL names of a reader's or writer's statements: each `?` text becomes `$n`
 * numbered, under a name made from its hash. Past MAX_STATEMENTS distinct texts a statement runs
 * unnamed: a prepared statement stays on its connection (and in the driver's list of them) for
 * the connection's life.
 */
export class PreparedStatements {
  private readonly texts = new Map<string, PreparedText>();

  constructor(private readonly prefix: string) {}

  of(sql: string): PreparedText {
    let entry = this.texts.get(sql);
    if (!entry) {
      let n = 0;
      const text = sql.replace(/\?/g, () => `$${++n}`);
      if (this.texts.size >= MAX_STATEMENTS) return { text };
      entry = { name: `${this.prefix}${createHash('sha1').update(text).digest('hex').slice(0, 16)}`, text };
      this.texts.set(sql, entry);
    }
    return entry;
  }
}
