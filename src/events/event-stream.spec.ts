import type { EventLog, LoggedEvent } from './event-log';
import { EventStream, SlowConsumerError } from './event-stream';

/** A log whose tail is driven by the test: `append` hands a run of events to the listeners. */
function fakeLog(stored: LoggedEvent[] = []) {
  const listeners = new Set<(events: readonly LoggedEvent[]) => void>();
  const log = {
    get position() {
      return stored.length ? stored[stored.length - 1].id : 0;
    },
    listen(listener: (events: readonly LoggedEvent[]) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async page(after: number, limit = 500) {
      return stored.filter((e) => e.id > after).slice(0, limit);
    },
  };
  const append = (events: LoggedEvent[]) => {
    stored.push(...events);
    for (const listener of [...listeners]) listener(events);
  };
  return { log: log as unknown as EventLog, append };
}

const event = (id: number, channelId = 1): LoggedEvent => ({ id, type: 'CREATED', orderId: 100 + id, channelId, occurredAt: new Date(1_700_000_000_000 + id) });
const ids = (events: readonly LoggedEvent[]) => events.map((e) => e.id);
const all = { channelIds: null, types: null };

/** A consumer of the push interface: counts wake-ups; `take` takes what waits. */
function pushConsumer(stream: EventStream) {
  let wakes = 0;
  stream.onReady(() => wakes++);
  return { get wakes() { return wakes; }, take: (max = 64) => ids(stream.take(max)) };
}

describe('EventStream as a push source', () => {
  it('wakes its consumer once for a run the tail brought, and hands the whole run in log order', () => {
    const { log, append } = fakeLog();
    const stream = new EventStream(log, all, null, 100);
    const consumer = pushConsumer(stream);
    expect(consumer.wakes).toBe(0);
    append([event(1), event(2), event(3)]);
    expect(consumer.wakes).toBe(1);
    expect(consumer.take()).toEqual([1, 2, 3]);
    expect(consumer.take()).toEqual([]);
  });

  it('gives at most max events at a time, the rest on the next take, none twice', () => {
    const { log, append } = fakeLog();
    const stream = new EventStream(log, all, null, 100);
    const consumer = pushConsumer(stream);
    append([1, 2, 3, 4, 5].map((id) => event(id)));
    expect([consumer.take(2), consumer.take(2), consumer.take(2)]).toEqual([[1, 2], [3, 4], [5]]);
    expect(stream.buffered).toBe(0);
  });

  it('keeps only the events its filter matches, and is not woken by a run it filters out', () => {
    const { log, append } = fakeLog();
    const stream = new EventStream(log, { channelIds: new Set([2]), types: null }, null, 100);
    const consumer = pushConsumer(stream);
    append([event(1, 1), event(3, 1)]);
    expect(consumer.wakes).toBe(0);
    append([event(4, 2), event(5, 1), event(6, 2)]);
    expect(consumer.take()).toEqual([4, 6]);
  });

  it('replays from a position, then continues live with no gap and no duplicate', async () => {
    const { log, append } = fakeLog([event(1), event(2), event(3)]);
    const stream = new EventStream(log, all, 1, 100);
    const consumer = pushConsumer(stream);
    const got: number[] = [];
    while (got.length < 2) {
      got.push(...consumer.take());
      await new Promise((resolve) => setImmediate(resolve));
    }
    append([event(4)]);
    got.push(...consumer.take());
    expect(got).toEqual([2, 3, 4]);
  });

  it('fails with SlowConsumerError, waking its consumer, once more live events wait than its limit', () => {
    const { log, append } = fakeLog();
    const stream = new EventStream(log, all, null, 3);
    const consumer = pushConsumer(stream);
    append([1, 2, 3, 4].map((id) => event(id)));
    expect(consumer.wakes).toBeGreaterThan(0);
    expect(() => stream.take(64)).toThrow(SlowConsumerError);
  });

  it('wakes its consumer when it is returned, and says it ended', async () => {
    const { log } = fakeLog();
    const stream = new EventStream(log, all, null, 100);
    const consumer = pushConsumer(stream);
    await stream.return();
    expect(consumer.wakes).toBe(1);
    expect(stream.ended).toBe(true);
    expect(consumer.take()).toEqual([]);
  });
});
