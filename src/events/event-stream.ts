import { EVENT_PAGE, type EventLog, type LoggedEvent, type OrderEventType } from './event-log';

/** Which events a subscriber wants; null: all. */
export interface EventFilter {
  channelIds: ReadonlySet<number> | null;
  types: ReadonlySet<OrderEventType> | null;
}

export function matches(filter: EventFilter, event: LoggedEvent): boolean {
  return (!filter.channelIds || filter.channelIds.has(event.channelId)) && (!filter.types || filter.types.has(event.type));
}

/** Raised into a stream whose consumer fell so far behind that its buffer is full. */
export class SlowConsumerError extends Error {
  constructor(readonly limit: number) {
    super(`the subscriber fell ${limit} events behind; reconnect and resume with after: the last cursor received`);
  }
}

/**
 * One subscriber's events: with a position, every later event from the log (a replay, paged and
 * paced by the consumer), then live from the log's tail, with no gap and no duplicate between the
 * two; without one, live from now. Live events wait in a bounded buffer: a consumer that lets it
 * fill gets {@link SlowConsumerError} instead of holding memory without end.
 */
export class EventStream implements AsyncIterableIterator<LoggedEvent> {
  private readonly queue: LoggedEvent[] = [];
  private position: number;
  private live = false;
  private waiting: { resolve(result: IteratorResult<LoggedEvent>): void; reject(error: unknown): void } | null = null;
  private drained: (() => void) | null = null;
  private failure: unknown = null;
  private finished = false;
  private stopListening: (() => void) | null = null;
  private ready: (() => void) | null = null;

  constructor(
    private readonly log: EventLog,
    private readonly filter: EventFilter,
    after: number | null,
    private readonly limit: number,
  ) {
    this.position = after ?? log.position;
    if (after === null) this.goLive();
    else void this.replay();
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<LoggedEvent> {
    return this;
  }

  next(): Promise<IteratorResult<LoggedEvent>> {
    const event = this.queue.shift();
    this.tookSome();
    if (event) return Promise.resolve({ value: event, done: false });
    if (this.failure) return Promise.reject(this.failure);
    if (this.finished) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  /**
   * For a consumer that takes events as they come (PushSource in src/server/shared-execution.ts),
   * instead of calling `next`: `ready` is called, synchronously, whenever events are waiting, and
   * when the stream ends or fails.
   */
  onReady(ready: () => void): void {
    this.ready = ready;
    if (this.queue.length || this.failure || this.finished) ready();
  }

  /** Up to `max` waiting events, in order; throws the stream's failure when it failed, whatever `max`. */
  take(max: number): LoggedEvent[] {
    if (!this.queue.length) {
      if (this.failure) throw this.failure;
      return [];
    }
    const events = this.queue.length <= max ? this.queue.splice(0) : this.queue.splice(0, max);
    this.tookSome();
    return events;
  }

  /** No event will come any more. */
  get ended(): boolean {
    return this.finished;
  }

  return(): Promise<IteratorResult<LoggedEvent>> {
    this.finish();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error: unknown): Promise<IteratorResult<LoggedEvent>> {
    this.finish();
    return Promise.reject(error);
  }

  /** Events buffered for the consumer. */
  get buffered(): number {
    return this.queue.length;
  }

  /** Lets a paused replay read on once the consumer took enough. */
  private tookSome(): void {
    if (this.queue.length < this.limit / 2 && this.drained) {
      this.drained();
      this.drained = null;
    }
  }

  private finish(): void {
    this.finished = true;
    this.stopListening?.();
    this.stopListening = null;
    this.queue.length = 0;
    this.drained?.();
    this.waiting?.resolve({ value: undefined, done: true });
    this.waiting = null;
    this.ready?.();
  }

  private fail(error: unknown): void {
    if (this.finished) return;
    this.failure = error;
    this.stopListening?.();
    this.stopListening = null;
    this.queue.length = 0;
    this.waiting?.reject(error);
    this.waiting = null;
    this.ready?.();
  }

  private push(event: LoggedEvent): void {
    if (this.waiting) {
      this.waiting.resolve({ value: event, done: false });
      this.waiting = null;
      return;
    }
    this.queue.push(event);
    if (this.live && this.queue.length > this.limit) this.fail(new SlowConsumerError(this.limit));
  }

  private goLive(): void {
    this.live = true;
    this.stopListening = this.log.listen((events) => {
      const before = this.queue.length;
      for (const event of events) {
        if (event.id <= this.position) continue; // read by the replay already
        this.position = event.id;
        if (matches(this.filter, event)) this.push(event);
        if (this.failure) return;
      }
      if (this.queue.length > before) this.ready?.();
    });
  }

  private async replay(): Promise<void> {
    try {
      for (;;) {
        while (this.queue.length >= this.limit && !this.finished) await new Promise<void>((resolve) => (this.drained = resolve));
        if (this.finished) return;
        const events = await this.log.page(this.position);
        if (this.finished) return;
        const before = this.queue.length;
        for (const event of events) {
          this.position = event.id;
          if (matches(this.filter, event)) this.push(event);
        }
        if (this.queue.length > before) this.ready?.();
        // caught up with the tail: from here on the tail brings every later event, in order
        if (events.length < EVENT_PAGE && this.position >= this.log.position) return this.goLive();
      }
    } catch (error) {
      this.fail(error);
    }
  }
}
