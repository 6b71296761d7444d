/**
 * The gateway and the databases the benchmark runners start: the real gateway in a child
 * process (`bench/query/server-ours.ts`), fresh databases removed at the end, CPU profiles on
 * request over IPC.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { createTempPostgresDatabase, dropPostgresDatabase } from '../src/testing/postgres';
import { cleanups, track } from './harness';
import { scriptNodeFlags } from './node-flags';
import { SERVER_CONFIG_ENV, type ChildMessage, type DbTarget, type Dialect, type ParentMessage, type ServerChildConfig } from './query/common';

export interface RunningGateway {
  /** e.g. http://127.0.0.1:41234 */
  baseUrl: string;
  child: ChildProcess;
}

/** Starts the gateway on `db` with `adminKey` and resolves once it listens. */
export function startGatewayChild(db: DbTarget, adminKey: string): Promise<RunningGateway> {
  return startServerChild(path.join(__dirname, 'query', 'server-ours.js'), db, adminKey);
}

/**
 * Starts a server script written with runServerChild (bench/query/common.ts), with the node
 * options of `npm start`, and resolves once it listens.
 */
export function startServerChild(script: string, db: DbTarget, adminKey: string, env: Record<string, string> = {}): Promise<RunningGateway> {
  const config: ServerChildConfig = { db, adminKey, poolMax: 10 };
  const child = track(
    fork(script, [], {
      // the node options `npm start` runs the gateway with (its heap ceiling)
      execArgv: scriptNodeFlags('start'),
      env: { ...process.env, ...env, [SERVER_CONFIG_ENV]: JSON.stringify(config), NODE_ENV: 'production' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${path.basename(script)} did not start within 60 s`)), 60_000);
    child.once('exit', (code) => reject(new Error(`${path.basename(script)} exited with code ${code} before it was ready`)));
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve({ baseUrl: message.url.replace(/\/graphql$/, ''), child });
      } else if (message.type === 'error') {
        clearTimeout(timer);
        reject(new Error(`${path.basename(script)} failed to start:\n${message.message}`));
      }
    });
  });
}

/** Starts or stops a server child's CPU profile; resolves with the profile file once written. */
export function profile(child: ChildProcess, message: ParentMessage): Promise<string | undefined> {
  const expected = message.type === 'profile-start' ? 'profile-started' : 'profile-written';
  return new Promise((resolve) => {
    const onMessage = (reply: ChildMessage) => {
      if (reply.type !== expected) return;
      child.off('message', onMessage);
      resolve(reply.type === 'profile-written' ? reply.file : undefined);
    };
    child.on('message', onMessage);
    child.send(message);
  });
}

/**
 * A fresh, empty database (an SQLite file under `workDir`, or a temporary PostgreSQL database
 * named after `prefix`); removed by the returned function, and at exit if it was not.
 */
export async function createBenchDatabase(dialect: Dialect, workDir: string, prefix: string): Promise<{ db: DbTarget; drop: () => Promise<void> }> {
  let drop: () => Promise<void>;
  let db: DbTarget;
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(workDir, 'db-'));
    db = { dialect: 'sqlite', file: path.join(dir, 'bench.sqlite') };
    drop = async () => fs.rmSync(dir, { recursive: true, force: true });
  } else {
    const { url, name } = await createTempPostgresDatabase(prefix);
    db = { dialect: 'postgresql', url, dbName: name };
    drop = () => dropPostgresDatabase(name);
  }
  let dropped = false;
  const once = async () => {
    if (dropped) return;
    dropped = true;
    await drop();
  };
  cleanups.push(once);
  return { db, drop: once };
}
