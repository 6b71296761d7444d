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
 * A subscription's socket and id: `send` writes one whole graphql-transport-ws message, or
 * returns false when the socket has fallen behind (it is then closed).
 */
export interface SubscriptionTransport {
  readonly id: string;
  send(message: string): boolean;
  /** Closes the socket for a subscriber whose events piled up past its buffer. */
  tooSlow(): void;
}

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

/**
 * Subscriptions that execute each event once per kind of subscriber rather than once per socket:
 * subscribers whose results for an event can only be the same (same selection, same role and
 * channel) share one execution. Events the log's tail hands to every live subscriber are the same
 * objects, so a result is found by the event itself and forgotten with it.
 */
export class SharedSubscriptions {
  private readonly results = new Map<string, { subscribers: number; byEvent: WeakMap<object, Promise<string>> }>();

  readonly subscribe = async (args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> => {
    const source = await createSourceEventStream(args);
    if (!isAsyncIterable(source)) return source as ExecutionResult;
    const field = rootField(args.document, args.operationName);
    const key = field ? resultKey(args, field) : null;
    const shared = key ? this.join(key) : null;
    const iterator = (source as AsyncIterable<unknown>)[Symbol.asyncIterator]();
    let left = false;
    const leave = () => {
      if (!left && key) this.leave(key);
      left = true;
    };
    /** One event's `next` payload, executed and serialized once for every subscriber of the same kind. */
    const payload = (event: unknown): Promise<string> => {
      const run = () => Promise.resolve(execute({ ...args, rootValue: event }) as Promise<ExecutionResult> | ExecutionResult).then((result) => this.payloadOf(result));
      if (!shared || typeof event !== 'object' || event === null) return run();
      let serialized = shared.byEvent.get(event);
      if (!serialized) shared.byEvent.set(event, (serialized = run()));
      return serialized;
    };
    const transport = (args.contextValue as { [TRANSPORT]?: SubscriptionTransport } | undefined)?.[TRANSPORT];
    if (!transport) throw new Error('a subscription needs its socket in the context (see TRANSPORT)');
    return this.deliverDirectly(iterator, payload, transport, leave);
  };

  constructor(private readonly onUnexpected: UnexpectedErrorListener) {}

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

  /**
   * Writes each event's message straight to the socket (the message built around the shared
   * payload, no per-socket serialization), and gives the WebSocket server an iterator that only
   * ends when the stream does, so it still completes, fails and cancels the subscription.
   */
  private deliverDirectly(
    iterator: AsyncIterator<unknown>,
    payload: (event: unknown) => Promise<string>,
    transport: SubscriptionTransport,
    leave: () => void,
  ): AsyncIterableIterator<ExecutionResult> {
    const prefix = `{"id":${JSON.stringify(transport.id)},"type":"next","payload":`;
    let stopped = false;
    const delivered = (async () => {
      try {
        for (;;) {
          const step = await iterator.next();
          if (step.done || stopped) return;
          const body = await payload(step.value);
          if (stopped) return;
          if (!transport.send(`${prefix}${body}}`)) return;
        }
      } catch (error) {
        if (error instanceof SlowConsumerError) {
          transport.tooSlow();
          return;
        }
        throw error;
      } finally {
        leave();
      }
    })();
    const stop = async () => {
      stopped = true;
      leave();
      await iterator.return?.();
    };
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

  /** Distinct kinds of subscriber with an open subscription. */
  get kinds(): number {
    return this.results.size;
  }

  private join(key: string) {
    let entry = this.results.get(key);
    if (!entry) this.results.set(key, (entry = { subscribers: 0, byEvent: new WeakMap() }));
    entry.subscribers++;
    return entry;
  }

  private leave(key: string): void {
    const entry = this.results.get(key);
    if (entry && --entry.subscribers <= 0) this.results.delete(key);
  }
}
