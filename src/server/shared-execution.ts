import {
  createSourceEventStream,
  execute,
  GraphQLError,
  Kind,
  print,
  visit,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FieldNode,
  type OperationDefinitionNode,
} from 'graphql';

import { SlowConsumerError } from '../events/event-stream';
import { maskUnexpected } from './error-masking';
import type { RequestContext } from './request-context';

/** Where a subscription's messages can be written straight to its socket (see SubscriptionTransport). */
export const TRANSPORT = Symbol('subscription transport');

/**
 * A subscription's socket and id: `send` writes whole graphql-transport-ws messages (several in
 * one write to the socket), or returns false when the socket has fallen behind (it is then closed).
 */
export interface SubscriptionTransport {
  readonly id: string;
  send(messages: readonly string[]): boolean;
  /**
   * When the socket still holds much unsent, calls `drained` once it has sent it and returns
   * false: the subscriber's events then wait in its stream (bounded), not in the socket.
   */
  ready(drained: () => void): boolean;
  /** Closes the socket for a subscriber whose events piled up past its buffer. */
  tooSlow(): void;
}

/**
 * A subscription source whose waiting events are taken synchronously when it signals, so that
 * the subscribers of one kind are served in one pass: each event executed once, each socket
 * written once per run of events (see EventStream).
 */
export interface PushSource<T> {
  /** Registers the callback called, synchronously, when events are waiting or the source ended or failed. */
  onReady(ready: () => void): void;
  /** Up to `max` waiting events, in order; none when none wait. Throws the source's failure, whatever `max`. */
  take(max: number): readonly T[];
  /** Events waiting. */
  readonly buffered: number;
  /** No event will come any more. */
  readonly ended: boolean;
}

function isPushSource(value: unknown): value is PushSource<unknown> & AsyncIterator<unknown> {
  const source = value as Partial<PushSource<unknown>> | null;
  return typeof source?.onReady === 'function' && typeof source.take === 'function';
}

/** A subscriber's events taken at once, at most; and distinct events executed in one pass of a kind, at most. */
const RUN = 64;
const PASS = 256;
/**
 * Passes of a kind start at least this many ms apart. A pass writes each member's run of events in
 * one write per socket, so fanning out costs what the number of passes does more than what the
 * number of events does: with a pass per commit, webhooks arriving one at a time (each its own
 * commit) cost a write to every socket each. Events committed closer together than this go out in
 * one pass (an event waits at most this long more); a pass after a quieter spell starts at once.
 * 150 events/s to 500 subscribers: 11.2 µs of the gateway per delivery against 12.9, p99 from
 * commit to receipt 24 ms against 19.
 */
export const PASS_SPACING_MS = 20;

/** Told of each error a subscription's execution did not expect, before it is masked. */
export type UnexpectedErrorListener = (error: GraphQLError) => void;

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof (value as AsyncIterable<unknown> | null)?.[Symbol.asyncIterator] === 'function';
}

function rootField(document: DocumentNode, operationName: string | null | undefined): FieldNode | undefined {
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName),
  );
  const field = operation?.selectionSet.selections[0];
  return field?.kind === Kind.FIELD && operation!.selectionSet.selections.length === 1 ? field : undefined;
}

/**
 * What one event's result depends on besides the event: the subscription's selection (with the
 * variables it uses) and the caller's role and channel (masking and scope), but not the root
 * field's arguments, which only choose the events (so subscribers resuming from different cursors
 * still share their live events).
 */
function resultKey(args: ExecutionArgs, field: FieldNode): string | null {
  const caller = (args.contextValue as RequestContext | undefined)?.caller;
  if (!caller || !field.selectionSet) return null;
  const used = new Set<string>();
  visit(field.selectionSet, {
    Variable(node) {
      used.add(node.name.value);
    },
  });
  const variables = args.variableValues ?? {};
  const values = [...used].sort().map((name) => [name, variables[name]]);
  // fragments may be spread in the selection: they are part of the document
  const fragments = args.document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
  return JSON.stringify([
    caller.role,
    caller.channelId,
    field.name.value,
    field.alias?.value ?? null,
    print(field.selectionSet),
    fragments.map((f) => print(f)),
    values,
  ]);
}

/** One subscriber served by its kind: its source, its socket, and how its delivery ends. */
interface Member {
  readonly args: ExecutionArgs;
  readonly source: PushSource<unknown>;
  readonly transport: SubscriptionTransport;
  /** The start of its `next` messages, up to the payload. */
  readonly prefix: string;
  done: boolean;
  /** Its socket holds much unsent: its events wait until it drained. */
  waitingForDrain: boolean;
  /** Ends its delivery: normally, or with the error the WebSocket server then reports. */
  end(error?: unknown): void;
}

/**
 * The subscribers whose results for an event can only be the same (same selection, same role and
 * channel). Whenever some of them have events waiting, one pass takes them all, executes each
 * distinct event once (with any member's arguments: they differ only in which events they
 * choose), and writes each member's run of messages in one write. One pass at a time, so every
 * member gets its events in order.
 */
class SubscriberKind {
  readonly members = new Set<Member>();
  private readonly pending = new Set<Member>();
  private passing = false;
  /** When the last pass started (performance.now()). */
  private lastPassAt = -Infinity;

  constructor(private readonly shared: SharedSubscriptions) {}

  ready(member: Member): void {
    if (member.done) return;
    this.pending.add(member);
    if (!this.passing) {
      this.passing = true;
      // after the tail has handed its whole run to every stream, and not sooner than the spacing
      const wait = this.lastPassAt + this.shared.passSpacingMs - performance.now();
      if (wait > 0) setTimeout(() => void this.pass(), wait);
      else queueMicrotask(() => void this.pass());
    }
  }

  private drained(member: Member): void {
    member.waitingForDrain = false;
    this.ready(member);
  }

  private async pass(): Promise<void> {
    this.lastPassAt = performance.now();
    try {
      for (let first = true; this.pending.size; first = false) {
        // a replay may have its next events at once (SQLite reads without waiting): the sockets
        // are read and written between passes all the same
        if (!first) await new Promise((resolve) => setImmediate(resolve));
        const runs: { member: Member; events: readonly unknown[] }[] = [];
        const bodies = new Map<unknown, Promise<string>>();
        for (const member of [...this.pending]) {
          if (bodies.size >= PASS) break;
          this.pending.delete(member);
          if (member.done) continue;
          if (!member.waitingForDrain && !member.transport.ready(() => this.drained(member))) member.waitingForDrain = true;
          let events: readonly unknown[];
          try {
            // none while its socket drains, but its stream's failure all the same
            events = member.source.take(member.waitingForDrain ? 0 : RUN);
          } catch (error) {
            member.end(error);
            continue;
          }
          if (!events.length) {
            if (member.source.ended) member.end();
            continue;
          }
          runs.push({ member, events });
          const unexecuted = events.filter((event) => !bodies.has(event));
          if (unexecuted.length) this.shared.renew(member.args);
          for (const event of unexecuted) bodies.set(event, this.shared.payload(member.args, event));
        }
        if (!runs.length) continue;
        let payloads: Map<unknown, string>;
        try {
          const texts = await Promise.all(bodies.values());
          payloads = new Map([...bodies.keys()].map((event, i) => [event, texts[i]]));
        } catch (error) {
          for (const { member } of runs) member.end(error);
          continue;
        }
        for (const { member, events } of runs) {
          if (member.done) continue;
          try {
            if (!member.transport.send(events.map((event) => `${member.prefix}${payloads.get(event)}}`))) member.end();
            else if (member.source.buffered || member.source.ended) this.pending.add(member);
          } catch (error) {
            member.end(error);
          }
        }
      }
    } finally {
      this.passing = false;
    }
  }
}

/**
 * Subscriptions that execute each event once per kind of subscriber rather than once per socket,
 * and write straight to the sockets: subscribers whose results for an event can only be the same
 * share one execution and one serialization (see SubscriberKind).
 */
export class SharedSubscriptions {
  private readonly kinds = new Map<string, SubscriberKind>();

  readonly subscribe = async (args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> => {
    const source = await createSourceEventStream(args);
    if (!isAsyncIterable(source)) return source as ExecutionResult;
    const transport = (args.contextValue as { [TRANSPORT]?: SubscriptionTransport } | undefined)?.[TRANSPORT];
    if (!transport) throw new Error('a subscription needs its socket in the context (see TRANSPORT)');
    const iterator = (source as AsyncIterable<unknown>)[Symbol.asyncIterator]();
    const prefix = `{"id":${JSON.stringify(transport.id)},"type":"next","payload":`;
    if (isPushSource(iterator)) return this.pushed(args, iterator, transport, prefix);
    return this.pulled(args, iterator, transport, prefix);
  };

  /** The least time between the starts of two passes of a kind (default {@link PASS_SPACING_MS}). */
  readonly passSpacingMs: number;

  constructor(
    private readonly onUnexpected: UnexpectedErrorListener,
    options: { passSpacingMs?: number } = {},
  ) {
    this.passSpacingMs = options.passSpacingMs ?? PASS_SPACING_MS;
  }

  /**
   * Forgets what a subscription's context has read: it lives as long as the subscription, and
   * each run of events is read fresh (the events of one run together, see ordersOfRun).
   */
  renew(args: ExecutionArgs): void {
    (args.contextValue as RequestContext | undefined)?.renew?.();
  }

  /** One event's `next` payload: executed, serialized, unexpected errors reported and masked. */
  payload(args: ExecutionArgs, event: unknown): Promise<string> {
    return Promise.resolve(execute({ ...args, rootValue: event }) as Promise<ExecutionResult> | ExecutionResult).then((result) => this.payloadOf(result));
  }

  /** A result as the payload of a `next` message, its unexpected errors reported, then masked like every other error of the API. */
  private payloadOf(result: ExecutionResult): string {
    if (!result.errors?.length) return JSON.stringify({ data: result.data });
    const errors = result.errors.map((error) => {
      const masked = maskUnexpected(error.toJSON(), error);
      if (masked.extensions?.code === 'INTERNAL_SERVER_ERROR') this.onUnexpected(error);
      return masked;
    });
    return JSON.stringify({ ...result, errors });
  }

  /** A push source joins its kind, which delivers its events from then on. */
  private pushed(args: ExecutionArgs, source: PushSource<unknown> & AsyncIterator<unknown>, transport: SubscriptionTransport, prefix: string): AsyncIterableIterator<ExecutionResult> {
    const field = rootField(args.document, args.operationName);
    const key = field ? resultKey(args, field) : null;
    const kind = key ? this.join(key) : new SubscriberKind(this);
    let finish!: (error?: unknown) => void;
    const delivered = new Promise<void>((resolve, reject) => (finish = (error) => (error === undefined ? resolve() : reject(error))));
    let stopping: Promise<void> = Promise.resolve();
    const member: Member = {
      args,
      source,
      transport,
      prefix,
      done: false,
      waitingForDrain: false,
      end: (error) => {
        if (member.done) return;
        member.done = true;
        kind.members.delete(member);
        if (key && !kind.members.size) this.kinds.delete(key);
        // the source stops here, however the member ends: ended from this side (a socket that
        // could not be written), the subscription completes and the server never asks it to return
        stopping = Promise.resolve(source.return?.()).then(() => undefined, () => undefined);
        if (error instanceof SlowConsumerError) {
          transport.tooSlow();
          finish();
        } else finish(error);
      },
    };
    kind.members.add(member);
    source.onReady(() => kind.ready(member));
    return this.completion(delivered, async () => {
      member.end();
      await stopping;
    });
  }

  /**
   * Any other source (one per subscriber, e.g. the sales ticker): each value executed for this
   * subscriber and written as it comes.
   */
  private pulled(args: ExecutionArgs, iterator: AsyncIterator<unknown>, transport: SubscriptionTransport, prefix: string): AsyncIterableIterator<ExecutionResult> {
    let stopped = false;
    const delivered = (async () => {
      try {
        for (;;) {
          const step = await iterator.next();
          if (step.done || stopped) return;
          this.renew(args);
          const body = await this.payload(args, step.value);
          if (stopped || !transport.send([`${prefix}${body}}`])) return;
        }
      } finally {
        // ended from this side (a socket that could not be written): the source stops too
        if (!stopped) {
          stopped = true;
          void Promise.resolve(iterator.return?.()).catch(() => undefined);
        }
      }
    })();
    return this.completion(delivered, async () => {
      stopped = true;
      await iterator.return?.();
    });
  }

  /**
   * What the WebSocket server iterates: nothing (the messages are written straight to the socket),
   * ending when the delivery does, so that it still completes, fails and cancels the subscription.
   */
  private completion(delivered: Promise<void>, stop: () => Promise<void>): AsyncIterableIterator<ExecutionResult> {
    return {
      [Symbol.asyncIterator]() {
        return this;
      },
      async next() {
        await delivered;
        return { value: undefined, done: true };
      },
      async return() {
        await stop();
        return { value: undefined, done: true };
      },
      async throw(error: unknown) {
        await stop();
        throw error;
      },
    };
  }

  private join(key: string): SubscriberKind {
    let kind = this.kinds.get(key);
    if (!kind) this.kinds.set(key, (kind = new SubscriberKind(this)));
    return kind;
  }
}
