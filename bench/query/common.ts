/**
 * Shared definitions of the nested-query benchmark: the query, the database targets handed to
 * the server child processes, the messages they exchange with the orchestrator, and the
 * normalization used to check that every server answers with the same data.
 */
import fs from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';

export const QUERY =
  'query Orders($first: Int) { orders(first: $first) { edges { node { id number channel { code } ' +
  'customer { name identities { externalId } } lines { sku } } } } }';

export const VARIABLES = { first: 50 } as const;

/** The request body every server receives, byte for byte. */
export const REQUEST_BODY = JSON.stringify({ query: QUERY, variables: VARIABLES, operationName: 'Orders' });

/** Where a server child finds the seeded database. */
export type Dialect = 'sqlite' | 'postgresql';

export type DbTarget =
  | { dialect: 'sqlite'; file: string }
  | { dialect: 'postgresql'; url: string; dbName: string };

/** Passed to every server child as JSON in the BENCH_SERVER_CONFIG environment variable. */
export interface ServerChildConfig {
  db: DbTarget;
  adminKey: string;
  /** Connections of the PostgreSQL pool (ours uses MikroORM's default of 10). */
  poolMax: number;
}

export const SERVER_CONFIG_ENV = 'BENCH_SERVER_CONFIG';

export type ChildMessage =
  | { type: 'ready'; url: string; pid: number }
  | { type: 'error'; message: string }
  | { type: 'profile-started' }
  | { type: 'profile-written'; file: string };
export type ParentMessage = { type: 'stop' } | { type: 'profile-start' } | { type: 'profile-stop'; file: string };

/** Reads the child configuration from the environment; throws when missing. */
export function readServerConfig(): ServerChildConfig {
  const raw = process.env[SERVER_CONFIG_ENV];
  if (!raw) throw new Error(`${SERVER_CONFIG_ENV} is not set: this script is started by bench/query/run.ts`);
  return JSON.parse(raw) as ServerChildConfig;
}

/**
 * Wires a server child to its parent: reports the URL once listening, stops on the parent's
 * `stop` message, on SIGTERM/SIGINT or when the parent goes away (so nothing outlives a crash).
 */
export function runServerChild(start: () => Promise<{ url: string; stop: () => Promise<void> }>): void {
  let stopFn: (() => Promise<void>) | undefined;
  let exiting = false;
  const exit = async (code: number) => {
    if (exiting) return;
    exiting = true;
    const timer = setTimeout(() => process.exit(code), 5_000);
    timer.unref();
    try {
      await stopFn?.();
    } catch {
      // exiting anyway
    }
    // process.exit (not a signal) so that --cpu-prof writes its profile.
    process.exit(code);
  };
  let profiler: Session | undefined;
  process.on('message', (message: ParentMessage) => {
    if (message?.type === 'stop') void exit(0);
    else if (message?.type === 'profile-start') {
      // The V8 CPU profiler of this process, over exactly the window the parent measures.
      profiler = new Session();
      profiler.connect();
      profiler.post('Profiler.enable', () =>
        profiler!.post('Profiler.start', () => send({ type: 'profile-started' })),
      );
    } else if (message?.type === 'profile-stop' && profiler) {
      const session = profiler;
      profiler = undefined;
      session.post('Profiler.stop', (error, result) => {
        if (!error) {
          fs.mkdirSync(path.dirname(message.file), { recursive: true });
          fs.writeFileSync(message.file, JSON.stringify(result.profile));
        }
        session.disconnect();
        send({ type: 'profile-written', file: error ? '' : message.file });
      });
    }
  });
  process.on('disconnect', () => void exit(0));
  process.on('SIGTERM', () => void exit(0));
  process.on('SIGINT', () => void exit(0));
  start().then(
    ({ url, stop }) => {
      stopFn = stop;
      send({ type: 'ready', url, pid: process.pid });
    },
    (error: unknown) => {
      send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      void exit(1);
    },
  );
}

function send(message: ChildMessage): void {
  if (process.send) process.send(message);
  else console.log(JSON.stringify(message));
}

/** Ids as strings, everything else as is: the comparable form of a response's data. */
export function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      out[key] = key === 'id' && (typeof v === 'number' || typeof v === 'bigint') ? String(v) : normalize(v);
    }
    return out;
  }
  return value;
}

export function sameData(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(normalize(a), normalize(b));
}

/** A short description of where two values first differ, for the failure message. */
export function firstDifference(a: unknown, b: unknown, path = '$'): string | null {
  if (isDeepStrictEqual(a, b)) return null;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path}: length ${a.length} vs ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) {
      const d = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`);
      if (d) return d;
    }
    return null;
  }
  return `${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
}
