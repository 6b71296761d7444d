import {
  createSourceEventStream,
  execute,
  Kind,
  print,
  visit,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FieldNode,
  type OperationDefinitionNode,
} from 'graphql';

import type { RequestContext } from './request-context';

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
  private readonly results = new Map<string, { subscribers: number; byEvent: WeakMap<object, Promise<ExecutionResult>> }>();

  readonly subscribe = async (args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> => {
    const source = await createSourceEventStream(args);
    if (!isAsyncIterable(source)) return source as ExecutionResult;
    const field = rootField(args.document, args.operationName);
    const key = field ? resultKey(args, field) : null;
    const shared = key ? this.join(key) : null;
    const iterator = (source as AsyncIterable<unknown>)[Symbol.asyncIterator]();
    const leave = () => {
      if (key) this.leave(key);
    };
    const run = (event: unknown) => execute({ ...args, rootValue: event }) as Promise<ExecutionResult> | ExecutionResult;
    let left = false;
    const results: AsyncIterableIterator<ExecutionResult> = {
      [Symbol.asyncIterator]() {
        return this;
      },
      async next() {
        let step: IteratorResult<unknown>;
        try {
          step = await iterator.next();
        } catch (error) {
          if (!left) (left = true), leave();
          throw error;
        }
        if (step.done) {
          if (!left) (left = true), leave();
          return { value: undefined, done: true };
        }
        const event = step.value;
        if (!shared || typeof event !== 'object' || event === null) return { value: await run(event), done: false };
        let result = shared.byEvent.get(event);
        if (!result) {
          result = Promise.resolve(run(event));
          shared.byEvent.set(event, result);
        }
        return { value: await result, done: false };
      },
      async return() {
        if (!left) (left = true), leave();
        await iterator.return?.();
        return { value: undefined, done: true };
      },
      async throw(error: unknown) {
        if (!left) (left = true), leave();
        await iterator.return?.();
        throw error;
      },
    };
    return results;
  };

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
