import type { Logger } from 'pino';

import type { SqlReader } from '../db/sql-reader';
import type { EventBus } from './event-bus';

export type OrderEventType = 'CREATED' | 'UPDATED' | 'CANCELLED' | 'REFUNDED';

/** One entry of the event log: an order change, at its position in the log. */
export interface LoggedEvent {
  /** Its position: events become visible in this order, and a cursor is this number. */
  readonly id: number;
  readonly type: OrderEventType;
  readonly orderId: number;
  readonly channelId: number;
  readonly occurredAt: Date;
}

/**
 * The lock that makes positions in the event log follow commit order on PostgreSQL: every
 * transaction that appends events takes it as it appends and holds it until it commits, so a
 * transaction's events are numbered only after every earlier appender has committed. A reader
 * that sees position n therefore already sees every position below n: `id > cursor` never skips
 * an event that commits late. (SQLite has one writer at a time: its order is commit order.)
 *
 * Written as the condition of the append's own statement (`where ${EVENT_LOG_LOCKED}`): an
 * uncorrelated subquery, which PostgreSQL evaluates once, before the statement produces its first
 * row and so before any position is drawn.
 */
export const EVENT_LOG_LOCKED = '(select count(*) from (select pg_advisory_xact_lock(7493024115308215613)) as locked) = 1';

const EVENT_COLUMNS = 'id, type, order_id, channel_id, occurred_at';
/** Events read per statement, by the tail and by a replay. */
export const EVENT_PAGE = 500;

/** An event from its row (`occurred_at` as each dialect returns it). */
export function eventOf(row: Record<string, unknown>): LoggedEvent {
  const at = row.occurred_at;
  return {
    id: Number(row.id),
    type: row.type as OrderEventType,
    orderId: Number(row.order_id),
    channelId: Number(row.channel_id),
    occurredAt: at instanceof Date ? at : new Date(Number(at)),
  };
}

export interface EventLogOptions {
  /** How often the log is read even without a hint (events written by another process without Redis). Default 1 s. */
  pollMs?: number;
}

type Listener = (events: readonly LoggedEvent[]) => void;

/**
 * This process's view of the durable event log: it follows the log's tail (on a hint from a
 * commit here or in another process over the bus, and on a timer) and hands each new run of
 * events, in log order, to its listeners; replays read the log itself. One tail per process,
 * whatever the number of subscribers.
 */
export class EventLog {
  /** The position of the last event handed to listeners. */
  private tail = 0;
  private readonly listeners = new Set<Listener>();
  private reading: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private stopped = false;

  constructor(
    private readonly reader: SqlReader,
    private readonly bus: EventBus,
    private readonly log: Logger,
    private readonly options: EventLogOptions = {},
  ) {}

  /** Starts following the tail from the newest event now in the log. */
  async start(): Promise<void> {
    this.tail = await this.newest();
    this.unsubscribe = this.bus.subscribe('events', () => this.poke());
    this.timer = setInterval(() => this.poke(), this.options.pollMs ?? 1_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe?.();
    await this.reading;
  }

  /** The position of the newest event handed to listeners: a stream past it is live. */
  get position(): number {
    return this.tail;
  }

  /** Tells every process (this one included) that events were committed. */
  committed(): void {
    this.bus.publish('events', String(Date.now()));
  }

  /** Listens to the tail; returns the unsubscribe. */
  listen(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The newest position in the log (0 when it is empty). */
  async newest(): Promise<number> {
    const [row] = await this.reader.all('select max(id) as newest from order_event');
    return row?.newest === null || row?.newest === undefined ? 0 : Number(row.newest);
  }

  /**
   * Up to `limit` events after `after`, in log order: a seek on the primary key, never a read of
   * the whole log (see ReadOptions.seek).
   */
  async page(after: number, limit = EVENT_PAGE): Promise<LoggedEvent[]> {
    const rows = await this.reader.all(`select ${EVENT_COLUMNS} from order_event where id > ? order by id limit ${Math.trunc(limit)}`, [after], {
      seek: true,
    });
    return rows.map(eventOf);
  }

  /** Reads the tail now (coalesced: a read in progress is followed by one more). */
  poke(): void {
    if (this.stopped) return;
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = this.readTail()
      .catch((error: unknown) => this.log.warn({ err: error }, 'could not read the event log; retrying on the next hint or tick'))
      .finally(() => {
        this.reading = null;
        if (this.again) {
          this.again = false;
          this.poke();
        }
      });
  }

  private async readTail(): Promise<void> {
    for (;;) {
      const events = await this.page(this.tail);
      if (!events.length) return;
      this.tail = events[events.length - 1].id;
      for (const listener of [...this.listeners]) {
        try {
          listener(events);
        } catch (error) {
          this.log.error({ err: error }, 'an event log listener failed');
        }
      }
      if (events.length < EVENT_PAGE) return;
    }
  }
}
