import { GraphQLInt, GraphQLObjectType, GraphQLSchema, parse, type ExecutionArgs } from 'graphql';

import type { EventLog, LoggedEvent } from '../events/event-log';
import { EventStream } from '../events/event-stream';
import { PASS_SPACING_MS, SharedSubscriptions, TRANSPORT, type SubscriptionTransport } from './shared-execution';

/** A log whose tail the test drives. */
function fakeLog() {
  const listeners = new Set<(events: readonly LoggedEvent[]) => void>();
  let position = 0;
  const log = {
    get position() {
      return position;
    },
    listen(listener: (events: readonly LoggedEvent[]) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async page() {
      return [];
    },
  } as unknown as EventLog;
  const append = (ids: number[]) => {
    const events = ids.map((id): LoggedEvent => ({ id, type: 'CREATED', orderId: id, channelId: 1, occurredAt: new Date(0) }));
    position = ids[ids.length - 1];
    for (const listener of [...listeners]) listener(events);
  };
  /** Streams still following the tail. */
  const following = () => listeners.size;
  return { log, append, following };
}

/** `subscription { tick { id } }`: each event's id, counting executions. */
function tickSchema(log: EventLog, limit: number) {
  const executed: number[] = [];
  const Tick = new GraphQLObjectType({
    name: 'Tick',
    fields: {
      id: {
        type: GraphQLInt,
        resolve: (event: LoggedEvent) => {
          executed.push(event.id);
          return event.id;
        },
      },
    },
  });
  const schema = tickSubscription(Tick, () => new EventStream(log, { channelIds: null, types: null }, null, limit));
  return { schema, executed };
}

/** A schema of `subscription { tick }`, its values from `subscribe`. */
function tickSubscription(Tick: GraphQLObjectType, subscribe: () => AsyncIterable<unknown>) {
  return new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLInt } } }),
    subscription: new GraphQLObjectType({
      name: 'Subscription',
      fields: { tick: { type: Tick, subscribe, resolve: (value: unknown) => value } },
    }),
  });
}

/** A socket that can be made to hold back (as when its unsent bytes pile up) and then drain. */
function fakeSocket(id: string) {
  const sent: number[] = [];
  let writes = 0;
  let full = false;
  let drained: (() => void) | null = null;
  let closedTooSlow = false;
  let closed = false;
  const transport: SubscriptionTransport = {
    id,
    send(messages) {
      if (closed) return false;
      writes++;
      for (const message of messages) sent.push((JSON.parse(message) as { payload: { data: { tick: { id: number } } } }).payload.data.tick.id);
      return true;
    },
    ready(onDrained) {
      if (!full) return true;
      drained = onDrained;
      return false;
    },
    tooSlow() {
      closedTooSlow = true;
    },
  };
  return {
    transport,
    sent,
    /** Calls of send: one per run of messages written together. */
    get writes() {
      return writes;
    },
    get closedTooSlow() {
      return closedTooSlow;
    },
    fill() {
      full = true;
    },
    /** The socket went away: sends fail from now on. */
    close() {
      closed = true;
    },
    drain() {
      full = false;
      const callback = drained;
      drained = null;
      callback?.();
    },
  };
}

/** Until a pass put off by the spacing has run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, PASS_SPACING_MS + 5));
/** One turn of the event loop. */
const turn = () => new Promise((resolve) => setImmediate(resolve));

async function subscriber(shared: SharedSubscriptions, schema: GraphQLSchema, socket: ReturnType<typeof fakeSocket>) {
  const args: ExecutionArgs = {
    schema,
    document: parse('subscription { tick { id } }'),
    contextValue: { caller: { role: 'ADMIN', channelId: null }, [TRANSPORT]: socket.transport },
  };
  const result = await shared.subscribe(args);
  if (!(Symbol.asyncIterator in result)) throw new Error(`not subscribed: ${JSON.stringify(result)}`);
  return result;
}

describe('SharedSubscriptions', () => {
  it('executes each event once for subscribers of one kind, and gives each of them every event in order', async () => {
    const { log, append } = fakeLog();
    const { schema, executed } = tickSchema(log, 100);
    const shared = new SharedSubscriptions(() => {});
    const sockets = ['1', '2', '3'].map(fakeSocket);
    for (const socket of sockets) await subscriber(shared, schema, socket);
    append([1, 2, 3]);
    append([4]);
    await settle();
    await settle();
    expect(executed).toEqual([1, 2, 3, 4]);
    for (const socket of sockets) expect(socket.sent).toEqual([1, 2, 3, 4]);
  });

  it('holds events back from a socket that has much unsent, and sends them once it drained', async () => {
    const { log, append } = fakeLog();
    const { schema } = tickSchema(log, 100);
    const shared = new SharedSubscriptions(() => {});
    const slow = fakeSocket('slow');
    const quick = fakeSocket('quick');
    await subscriber(shared, schema, slow);
    await subscriber(shared, schema, quick);
    slow.fill();
    append([1, 2]);
    append([3]);
    await settle();
    await settle();
    expect(quick.sent).toEqual([1, 2, 3]);
    expect(slow.sent).toEqual([]);
    slow.drain();
    await settle();
    await settle();
    expect(slow.sent).toEqual([1, 2, 3]);
    expect(slow.closedTooSlow).toBe(false);
  });

  it('closes a socket as too slow once more events wait for it than its subscription holds', async () => {
    const { log, append } = fakeLog();
    const { schema } = tickSchema(log, 5);
    const shared = new SharedSubscriptions(() => {});
    const slow = fakeSocket('slow');
    await subscriber(shared, schema, slow);
    slow.fill();
    append([1, 2, 3]);
    await settle();
    expect(slow.closedTooSlow).toBe(false);
    append([4, 5, 6]);
    await settle();
    expect(slow.closedTooSlow).toBe(true);
  });

  it('stops following the log for a subscription whose socket could not be written or was too slow', async () => {
    const { log, append, following } = fakeLog();
    const { schema } = tickSchema(log, 5);
    const shared = new SharedSubscriptions(() => {});
    const gone = fakeSocket('gone');
    const slow = fakeSocket('slow');
    const stays = fakeSocket('stays');
    const subscriptions = await Promise.all([gone, slow, stays].map((socket) => subscriber(shared, schema, socket)));
    expect(following()).toBe(3);

    gone.close();
    slow.fill();
    append([1, 2, 3]);
    await settle();
    await settle();
    append([4, 5, 6]);
    await settle();
    await settle();
    expect(slow.closedTooSlow).toBe(true);
    // both ended: the server sees their iterators done, and nothing keeps their events any more
    await expect(subscriptions[0].next()).resolves.toEqual({ value: undefined, done: true });
    await expect(subscriptions[1].next()).resolves.toEqual({ value: undefined, done: true });
    expect(following()).toBe(1);
    append([7]);
    await settle();
    await settle();
    expect(stays.sent).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('writes the events of commits close together in one pass, and the first after a quiet spell at once', async () => {
    const { log, append } = fakeLog();
    const { schema } = tickSchema(log, 100);
    const spacing = 1000;
    const shared = new SharedSubscriptions(() => {}, { passSpacingMs: spacing });
    const socket = fakeSocket('one');
    await subscriber(shared, schema, socket);
    append([1]);
    await turn();
    await turn();
    expect(socket.sent).toEqual([1]);
    // two more commits within the spacing: held, then written together
    append([2]);
    await turn();
    append([3, 4]);
    await turn();
    await turn();
    expect(socket.sent).toEqual([1]);
    await new Promise((resolve) => setTimeout(resolve, spacing + 20));
    expect(socket.sent).toEqual([1, 2, 3, 4]);
    expect(socket.writes).toBe(2);
    // a quiet spell longer than the spacing: the next event goes out at once
    await new Promise((resolve) => setTimeout(resolve, spacing + 20));
    append([5]);
    await turn();
    await turn();
    expect(socket.sent).toEqual([1, 2, 3, 4, 5]);
    expect(socket.writes).toBe(3);
  });

  it('stops a source of its own (not shared) once its socket could not be written', async () => {
    let stopped = false;
    let next = 0;
    async function* counter() {
      try {
        for (;;) {
          await settle();
          yield { id: ++next };
        }
      } finally {
        stopped = true;
      }
    }
    const schema = tickSubscription(new GraphQLObjectType({ name: 'Tick', fields: { id: { type: GraphQLInt } } }), counter);
    const shared = new SharedSubscriptions(() => {});
    const socket = fakeSocket('gone');
    const subscription = await subscriber(shared, schema, socket);
    await settle();
    socket.close();
    await expect(subscription.next()).resolves.toEqual({ value: undefined, done: true });
    await settle();
    expect(stopped).toBe(true);
    expect(socket.sent.length).toBeGreaterThan(0);
  });
});
