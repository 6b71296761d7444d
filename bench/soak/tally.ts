/** The GraphQL requests of a phase as they come from the load process: a Series per query kind, and failures by kind and outcome. */
import { OUTCOME_NAMES, Outcome } from './protocol';
import { QUERY_KINDS, type QueryKind } from './queries';
import { Series } from './stats';

export class QueryTally {
  readonly byKind = Object.fromEntries(QUERY_KINDS.map((k) => [k, new Series()])) as Record<QueryKind, Series>;
  /** Every kind together. */
  readonly all = new Series();
  readonly failures = Object.fromEntries(QUERY_KINDS.map((k) => [k, Object.fromEntries(OUTCOME_NAMES.slice(1).map((o) => [o, 0]))])) as Record<
    QueryKind,
    Record<string, number>
  >;

  /** Adds [kind, due, latency ms, outcome] quadruples. */
  add(records: number[]): void {
    for (let i = 0; i + 3 < records.length; i += 4) {
      const kind = QUERY_KINDS[records[i]];
      const ok = records[i + 3] === Outcome.Ok;
      this.byKind[kind].add(records[i + 1], records[i + 2], ok);
      this.all.add(records[i + 1], records[i + 2], ok);
      if (!ok) this.failures[kind][OUTCOME_NAMES[records[i + 3]]]++;
    }
  }

  get failed(): number {
    return this.all.failed;
  }
}
