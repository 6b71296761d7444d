import type { PoolClient } from 'pg';
// node-postgres's own row decoding and parameter encoding, so that a pipeline's rows and values are
// exactly what `client.query` gives and takes
import Result from 'pg/lib/result';
import { prepareValue } from 'pg/lib/utils';

import type { Row } from './sql-reader';

/** One statement of a pipeline: `$n` text, named (prepared once per connection) or not. */
export interface PipelineStatement {
  name?: string;
  text: string;
  values: readonly unknown[];
}

const NEEDS_ESCAPE = /[\\"]/;

/**
 * A parameter as node-postgres encodes it (`prepareValue`), the same text to the byte, with
 * arrays of numbers, strings and booleans encoded in one pass: the driver's own array encoder
 * builds each element through several intermediate strings, and a group's arrays (a column of
 * a few hundred rows each) made a third of everything the gateway allocated during an import.
 * Other elements (dates, objects, nested arrays) are left to the driver's encoder.
 */
export function encodeParameter(value: unknown): unknown {
  if (!Array.isArray(value)) return prepareValue(value);
  const parts = new Array<string>(value.length);
  for (let i = 0; i < value.length; i++) {
    const element: unknown = value[i];
    if (element === null || element === undefined) parts[i] = 'NULL';
    else if (typeof element === 'string') parts[i] = NEEDS_ESCAPE.test(element) ? `"${element.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : `"${element}"`;
    else if (typeof element === 'number' || typeof element === 'boolean') parts[i] = `"${String(element)}"`;
    else parts[i] = (prepareValue([element]) as string).slice(1, -1);
  }
  return `{${parts.join(',')}}`;
}

/** The parts of node-postgres's connection a pipeline writes to (see `pg/lib/connection`). */
interface Connection {
  parsedStatements: Record<string, string>;
  stream: { cork?(): void; uncork?(): void };
  parse(query: { text: string; name: string; types: number[] }): void;
  bind(config: { portal: string; statement: string; values: unknown[] }): void;
  describe(config: { type: 'P'; name: string }): void;
  execute(config: { portal: string; rows: number }): void;
  sync(): void;
  on(event: 'parseComplete', listener: () => void): void;
  removeListener(event: 'parseComplete', listener: () => void): void;
}

interface Message {
  fields: unknown[];
}

/**
 * Statements sent to PostgreSQL together, followed by one Sync (the extended protocol's
 * pipelining): the server runs them in order, each as if sent alone, and the client waits for the
 * answers once instead of once per statement. Within a transaction nothing changes but the round
 * trips: a statement still sees what the ones before it wrote. An error ends the pipeline at that
 * statement; the server skips the rest, and the transaction is then aborted.
 *
 * A node-postgres "submittable" (the interface of pg-cursor and pg-query-stream): the client's
 * queue runs it between its other queries. Resolves with the rows of the last statement.
 */
class Pipeline {
  readonly promise: Promise<Row[]>;
  private resolve!: (rows: Row[]) => void;
  private reject!: (error: unknown) => void;
  private settled = false;

  /** The statement whose answer is being read. */
  private at = 0;
  private result: Result | undefined;
  private failure: unknown;
  /** The names of the Parse messages sent, in order ('' for an unnamed statement): their ParseComplete answers come back in that order. */
  private readonly parsing: string[] = [];
  private parsed = 0;
  private connection: Connection | undefined;
  private readonly onParsed = () => {
    const name = this.parsing[this.parsed++];
    if (name) this.connection!.parsedStatements[name] = this.texts.get(name)!;
  };
  private readonly texts = new Map<string, string>();

  constructor(private readonly statements: readonly PipelineStatement[]) {
    this.promise = new Promise<Row[]>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  submit(connection: Connection): Error | null {
    let encoded: unknown[][];
    try {
      // every value encoded before anything is written: a value that cannot be sent fails the
      // pipeline whole, with nothing of it on the wire
      encoded = this.statements.map((s) => s.values.map(encodeParameter));
    } catch (error) {
      return error as Error;
    }
    this.connection = connection;
    connection.on('parseComplete', this.onParsed);
    connection.stream.cork?.();
    try {
      this.statements.forEach((s, i) => {
        const name = s.name ?? '';
        if (!name || (!connection.parsedStatements[name] && !this.texts.has(name))) {
          connection.parse({ text: s.text, name, types: [] });
          this.parsing.push(name);
          if (name) this.texts.set(name, s.text);
        }
        connection.bind({ portal: '', statement: name, values: encoded[i] });
        connection.describe({ type: 'P', name: '' });
        connection.execute({ portal: '', rows: 0 });
      });
      connection.sync();
    } finally {
      connection.stream.uncork?.();
    }
    return null;
  }

  handleRowDescription(message: Message): void {
    if (this.at !== this.statements.length - 1) return;
    this.result = new Result();
    this.result.addFields(message.fields);
  }

  handleDataRow(message: Message): void {
    // only the last statement's rows are read
    if (this.at !== this.statements.length - 1 || !this.result || this.failure) return;
    try {
      this.result.addRow(this.result.parseRow(message.fields));
    } catch (error) {
      this.failure = error;
    }
  }

  handleCommandComplete(): void {
    this.at++;
  }

  handleEmptyQuery(): void {
    this.at++;
  }

  handlePortalSuspended(): void {}

  handleCopyInResponse(): void {}

  handleCopyData(): void {}

  /** A statement's error (the client then stops routing this pipeline's answers to it) or the connection's. */
  handleError(error: unknown): void {
    this.settle(error);
  }

  handleReadyForQuery(): void {
    this.settle(this.failure, (this.result?.rows ?? []) as Row[]);
  }

  private settle(error: unknown, rows: Row[] = []): void {
    if (this.settled) return;
    this.settled = true;
    this.connection?.removeListener('parseComplete', this.onParsed);
    if (error) this.reject(error);
    else this.resolve(rows);
  }
}

/**
 * Runs statements as one pipeline on a checked-out client and resolves with the rows of the last
 * one; the statements before it are for their effect only.
 */
export function runPipeline(client: PoolClient, statements: readonly PipelineStatement[]): Promise<Row[]> {
  const pipeline = new Pipeline(statements);
  void client.query(pipeline as never);
  return pipeline.promise;
}
