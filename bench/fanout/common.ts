/**
 * What the processes of `npm run bench:fanout` share: the subscription every client sends, how an
 * event's order id carries its sequence number, the clock they all read, the latency histogram,
 * and the messages the orchestrator exchanges with its children over IPC.
 */

export const SUBSCRIPTION =
  'subscription Events($channelCodes: [String!], $types: [OrderEventType!], $after: String) { ' +
  'orderEvents(channelCodes: $channelCodes, types: $types, after: $after) { ' +
  'cursor type occurredAt order { id externalId status total { amount currencyCode } channel { code } } } }';

/** graphql-ws's subprotocol, spoken by the gateway and by the bare baseline alike. */
export const SUBPROTOCOL = 'graphql-transport-ws';

/**
 * Every order the producer sends has the external id ID_BASE + seq (13 digits), so a subscriber
 * knows from the message alone which send it answers; seq numbers are unique over a whole run.
 */
export const ID_BASE = 9_000_000_000_000;

export const seqOf = (externalId: string): number => Number(externalId) - ID_BASE;

/**
 * Wall-clock milliseconds with sub-millisecond resolution, comparable between the processes of
 * one machine (each reads the same system clock at start, then a monotonic one).
 */
export const clock = (): number => performance.timeOrigin + performance.now();

// ---------------------------------------------------------------- latency histogram

/** Sparse histogram: 0.1 ms buckets below 1 s, 1 ms buckets above; keyed by the bucket's lower bound. */
export type Histogram = Map<number, number>;

export function bucketOf(ms: number): number {
  return Math.abs(ms) < 1000 ? Math.floor(ms * 10) / 10 : Math.floor(ms);
}

export function record(histogram: Histogram, ms: number): void {
  const bucket = bucketOf(ms);
  histogram.set(bucket, (histogram.get(bucket) ?? 0) + 1);
}

export function merge(into: Histogram, pairs: readonly [number, number][]): void {
  for (const [bucket, count] of pairs) into.set(bucket, (into.get(bucket) ?? 0) + count);
}

export interface LatencySummary {
  count: number;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  max: number | null;
  mean: number | null;
  /** Deliveries that arrived before their reference time (possible for the producer's answer, sent in parallel with the fan-out). */
  negative: number;
}

export function summarize(histogram: Histogram): LatencySummary {
  const buckets = [...histogram.entries()].sort((a, b) => a[0] - b[0]);
  const count = buckets.reduce((n, [, c]) => n + c, 0);
  if (!count) return { count: 0, p50: null, p90: null, p99: null, max: null, mean: null, negative: 0 };
  const at = (p: number) => {
    const rank = Math.max(1, Math.ceil((p / 100) * count));
    let seen = 0;
    for (const [bucket, c] of buckets) {
      seen += c;
      if (seen >= rank) return Math.round(bucket * 10) / 10;
    }
    return buckets[buckets.length - 1][0];
  };
  const sum = buckets.reduce((s, [bucket, c]) => s + bucket * c, 0);
  const negative = buckets.filter(([bucket]) => bucket < 0).reduce((n, [, c]) => n + c, 0);
  return { count, p50: at(50), p90: at(90), p99: at(99), max: at(100), mean: Math.round((sum / count) * 10) / 10, negative };
}

// ---------------------------------------------------------------- subscriber processes

export type SubscriberCommand =
  | { type: 'connect'; url: string; key: string; count: number; variables: Record<string, unknown>; concurrency: number }
  | { type: 'status' }
  /** From now on, count events with seq >= from as measured (earlier ones were warm-up). */
  | { type: 'measure'; from: number }
  /** Answer times of the producer by seq - from (null: not created), and the send window. */
  | { type: 'collect'; answers: (number | null)[]; windowStart: number; windowEnd: number }
  | { type: 'replay'; url: string; key: string; variables: Record<string, unknown>; events: number; timeoutMs: number }
  | { type: 'stop' };

export interface SubscriberStatus {
  type: 'status';
  open: number;
  /** Sockets that received at least one event since they subscribed. */
  withEvents: number;
  /** Measured events received, all sockets together. */
  measured: number;
  closed: number;
}

export interface Collected {
  type: 'collected';
  sockets: number;
  measured: number;
  inWindow: number;
  lastReceipt: number | null;
  perSocketMin: number;
  perSocketMax: number;
  /** Histogram pairs: latency from the producer's 200 answer; from the event's occurredAt. */
  fromAnswer: [number, number][];
  fromOccurredAt: [number, number][];
  /** Measured events whose seq the producer does not know as created. */
  unknown: number;
  /** Bytes of the measured next messages, as received. */
  bytes: number;
  closes: Record<string, number>;
  errors: number;
  errorSamples: string[];
}

export interface Replayed {
  type: 'replayed';
  received: number;
  seconds: number;
  firstEventSeconds: number | null;
  errors: number;
  errorSamples: string[];
  closedWith: number | null;
  /** The first and last cursors received, to check the replay covered the log in order. */
  firstCursor: string | null;
  lastCursor: string | null;
  outOfOrder: number;
}

export type SubscriberReply =
  | { type: 'connected'; open: number; failed: number; seconds: number; failureSamples: string[] }
  | SubscriberStatus
  | Collected
  | Replayed
  | { type: 'measuring' };

// ---------------------------------------------------------------- producer

export type ProducerTarget = 'gateway' | 'bare';

export interface ProducerInit {
  type: 'init';
  /** e.g. http://127.0.0.1:41234 */
  baseUrl: string;
  target: ProducerTarget;
  channelCode: string;
  secret: string;
  seed: number;
  templates: number;
}

export type ProducerCommand =
  | ProducerInit
  | { type: 'one'; seq: number }
  | { type: 'rate'; from: number; rate: number; seconds: number }
  | { type: 'flat'; from: number; concurrency: number; seconds: number }
  | { type: 'stop' };

export interface ProduceResult {
  type: 'produced';
  /** Sends attempted, and those answered 200 with result "created" (one event each). */
  sent: number;
  created: number;
  non200: number;
  errors: number;
  statusCodes: Record<string, number>;
  samples: string[];
  /** The send window, clock() ms: first send to the last answer. */
  startedAt: number;
  endedAt: number;
  seconds: number;
  eventsPerSecond: number;
  /** Answer time (clock() ms) by seq - from; null when not created. */
  answers: (number | null)[];
  requestP50Ms: number;
  requestP99Ms: number;
}

export type ProducerReply = { type: 'ready'; bodyBytes: number } | ProduceResult | { type: 'error'; message: string };

/** The event the bare baseline broadcasts, as the producer POSTs it. */
export interface BarePublish {
  externalId: string;
  status: string;
  amount: string;
  currencyCode: string;
  channelCode: string;
}
