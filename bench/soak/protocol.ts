/** The messages between `npm run bench:soak` and its GraphQL load process (bench/soak/query-sender.ts). */
import type { QueryKind } from './queries';

/** What became of one request; the index into `done.outcomes`. */
export const Outcome = { Ok: 0, Status: 1, GraphQL: 2, Body: 3, Network: 4, Timeout: 5 } as const;
export type Outcome = (typeof Outcome)[keyof typeof Outcome];
export const OUTCOME_NAMES = ['ok', 'non2xx', 'graphqlErrors', 'badBody', 'networkErrors', 'timeouts'] as const;

export interface QuerySenderInit {
  type: 'init';
  /** e.g. http://127.0.0.1:41234 */
  baseUrl: string;
  key: string;
  bodies: Record<QueryKind, string>;
  /** Kinds (indexes into QUERY_KINDS) in the order they are sent, repeated. */
  sequence: readonly number[];
  /** Sockets of the open loop; requests beyond wait for one (their wait counts as latency). */
  maxSockets: number;
  timeoutMs: number;
}

export type QuerySenderCommand =
  | QuerySenderInit
  | { type: 'max'; connections: number; seconds: number }
  | { type: 'rate'; rate: number; seconds: number }
  | { type: 'stop' };

/** Requests finished in the last second: [kind, due (clock() ms), latency ms, outcome] quadruples, flat. */
export interface QueryRecordBatch {
  type: 'records';
  records: number[];
}

export interface QueryRunDone {
  type: 'done';
  sent: number;
  /** Requests per outcome, indexed by Outcome. */
  outcomes: number[];
  /** The first few failures, for the log. */
  samples: string[];
  startedAt: number;
  endedAt: number;
}

export type QuerySenderReply = { type: 'ready' } | QueryRunDone | { type: 'error'; message: string };
