/** What one delivery did to one order. */
export type OrderOutcome = 'created' | 'updated' | 'duplicate' | 'stale';

/** The webhook's answer, given only after the change is committed. */
export interface IngestAnswer {
  /** The most significant outcome (created > updated > duplicate > stale), or `accepted` when no order changed by itself. */
  result: OrderOutcome | 'accepted';
  orderIds: string[];
  outcomes: Array<{ externalId: string; result: OrderOutcome }>;
}

const RANK: Record<OrderOutcome, number> = { created: 4, updated: 3, duplicate: 2, stale: 1 };

export function answerOf(outcomes: IngestAnswer['outcomes'], orderIds: Iterable<number | string>): IngestAnswer {
  const top = outcomes.reduce<OrderOutcome | null>((best, o) => (best === null || RANK[o.result] > RANK[best] ? o.result : best), null);
  return { result: top ?? 'accepted', orderIds: [...new Set([...orderIds].map(String))], outcomes };
}

/** The answer to a repeated delivery: what the first one did, every order now a duplicate. */
export function asDuplicate(first: IngestAnswer): IngestAnswer {
  const outcomes = first.outcomes.map((o) => ({ externalId: o.externalId, result: 'duplicate' as const }));
  return { result: outcomes.length ? 'duplicate' : 'accepted', orderIds: first.orderIds, outcomes };
}
