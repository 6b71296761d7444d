import type { Logger } from 'pino';

import type { SqlReader } from '../db/sql-reader';
import type { EventBus } from './event-bus';
import { EventLog, eventOf, type LoggedEvent } from './event-log';
import { EventStream, type EventFilter } from './event-stream';

export interface LiveEventsOptions {
  /** Events a subscription may have waiting before it is closed as too slow (default 10,000). */
  bufferLimit?: number;
  /** How often the log is read without a hint (default 1 s). */
  pollMs?: number;
  /** How long the log keeps events (default 30 days). */
  retentionDays?: number;
}

/** An order's figures, as the sales ticker counts them. */
export interface CreatedOrder {
  readonly event: LoggedEvent;
  readonly currency: string;
  readonly totalMinor: number;
}

/**
 * Live sales events in one gateway process: the event log's tail, the streams of subscribers,
 * the orders created as the ticker counts them, and the bus that ties processes together.
 */
export class LiveEvents {
  readonly log: EventLog;
  readonly bufferLimit: number;
  readonly retentionDays: number;
  private readonly createdListeners = new Set<(orders: readonly CreatedOrder[]) => void>();
  private stopCreated: (() => void) | null = null;

  constructor(
    private readonly reader: SqlReader,
    readonly bus: EventBus,
    private readonly logger: Logger,
    options: LiveEventsOptions = {},
  ) {
    this.log = new EventLog(reader, bus, logger, { pollMs: options.pollMs });
    this.bufferLimit = options.bufferLimit ?? 10_000;
    this.retentionDays = options.retentionDays ?? 30;
  }

  async start(): Promise<void> {
    await this.log.start();
  }

  async stop(): Promise<void> {
    this.stopCreated?.();
    await this.log.stop();
    await this.bus.close();
  }

  /** Events matching `filter` after position `after` (replayed, then live), or live from now. */
  stream(filter: EventFilter, after: number | null): EventStream {
    return new EventStream(this.log, filter, after, this.bufferLimit);
  }

  /** The highest position pruned from the log: a cursor below it would miss events. */
  async prunedThrough(): Promise<number> {
    const [row] = await this.reader.all("select pruned_through from event_log_state where name = 'order_event'");
    return row ? Number(row.pruned_through) : 0;
  }

  /**
   * Orders created, with their totals, as the tail brings them: read once per run of events
   * for every ticker in this process.
   */
  onCreated(listener: (orders: readonly CreatedOrder[]) => void): () => void {
    if (!this.stopCreated) this.stopCreated = this.log.listen((events) => void this.readCreated(events));
    this.createdListeners.add(listener);
    return () => this.createdListeners.delete(listener);
  }

  /** Orders created since `since`, for a ticker's first figures. */
  async createdSince(since: Date): Promise<CreatedOrder[]> {
    const rows = await this.reader.all(
      'select e.id, e.type, e.order_id, e.channel_id, e.occurred_at, o.currency_code, o.total_minor from order_event e ' +
        "join \"order\" o on o.id = e.order_id where e.type = 'CREATED' and e.occurred_at >= ? order by e.id",
      [this.reader.date(since)],
    );
    return rows.map((row) => ({
      event: eventOf(row),
      currency: row.currency_code as string,
      totalMinor: Number(row.total_minor),
    }));
  }

  private async readCreated(events: readonly LoggedEvent[]): Promise<void> {
    if (!this.createdListeners.size) return;
    const created = events.filter((e) => e.type === 'CREATED');
    if (!created.length) return;
    try {
      const ids = created.map((e) => e.orderId);
      const rows = await this.reader.all(`select id, currency_code, total_minor from "order" where id in (${ids.map(() => '?').join(', ')})`, ids);
      const byId = new Map(rows.map((r) => [Number(r.id), r]));
      const orders = created.flatMap((event) => {
        const row = byId.get(event.orderId);
        return row ? [{ event, currency: row.currency_code as string, totalMinor: Number(row.total_minor) }] : [];
      });
      for (const listener of [...this.createdListeners]) listener(orders);
    } catch (error) {
      this.logger.warn({ err: error }, 'could not read the totals of new orders for the sales ticker');
    }
  }
}
