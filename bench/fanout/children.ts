/**
 * The child processes `npm run bench:fanout` drives, each behind a small typed handle: the bare
 * baseline server, the producer, and a pool of subscriber processes among which the clients are
 * spread. Every child answers each command with one message, in order.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

import { stopChild, track } from '../harness';
import { SERVER_CONFIG_ENV, type ChildMessage, type DbTarget, type ServerChildConfig } from '../query/common';
import { inspectOption } from './heap-probe';
import type { ProduceResult, ProducerCommand, ProducerInit, ProducerReply, SubscriberCommand, SubscriberReply } from './common';

/** Sends `command` and resolves with the child's next message (each child answers in order). */
function ask<R>(child: ChildProcess, command: unknown): Promise<R> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`${path.basename(String(child.spawnargs[1]))} exited with code ${code}`));
    child.once('exit', onExit);
    child.once('message', (message: R) => {
      child.off('exit', onExit);
      resolve(message);
    });
    child.send(command as object);
  });
}

function forkChild(file: string, env: NodeJS.ProcessEnv = process.env): ChildProcess {
  return track(fork(path.join(__dirname, file), [], { execArgv: [], env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
}

// ---------------------------------------------------------------- the bare baseline

export interface BareServer {
  baseUrl: string;
  child: ChildProcess;
}

/** Starts the bare server on `db` (for its replay), its inspector on `inspectPort`; resolves once it listens. */
export function startBareServer(db: DbTarget, inspectPort: number): Promise<BareServer> {
  const config: ServerChildConfig = { db, adminKey: '', poolMax: 1 };
  const child = forkChild('bare-server.js', {
    ...process.env,
    [SERVER_CONFIG_ENV]: JSON.stringify(config),
    NODE_ENV: 'production',
    NODE_OPTIONS: inspectOption(inspectPort),
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the bare server exited with code ${code} before it was ready`)));
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'ready') resolve({ baseUrl: message.url, child });
      else if (message.type === 'error') reject(new Error(`the bare server failed to start:\n${message.message}`));
    });
  });
}

// ---------------------------------------------------------------- the producer

export class Producer {
  private constructor(
    private readonly child: ChildProcess,
    readonly bodyBytes: number,
  ) {}

  static async start(init: ProducerInit): Promise<Producer> {
    const child = forkChild('producer.js');
    const reply = await ask<ProducerReply>(child, init);
    if (reply.type !== 'ready') throw new Error(`the producer did not start: ${JSON.stringify(reply).slice(0, 500)}`);
    return new Producer(child, reply.bodyBytes);
  }

  async run(command: Exclude<ProducerCommand, { type: 'init' } | { type: 'stop' }>): Promise<ProduceResult> {
    const reply = await ask<ProducerReply>(this.child, command);
    if (reply.type !== 'produced') throw new Error(`the producer failed: ${JSON.stringify(reply).slice(0, 800)}`);
    return reply;
  }

  stop(): Promise<void> {
    return stopChild(this.child);
  }
}

// ---------------------------------------------------------------- subscriber processes

export class SubscriberPool {
  private constructor(
    private readonly children: ChildProcess[],
    readonly shares: number[],
  ) {}

  /** `total` clients spread over `processes` children (as evenly as they divide). */
  static start(total: number, processes: number): SubscriberPool {
    const count = Math.max(1, Math.min(processes, total));
    const shares = Array.from({ length: count }, (_, i) => Math.floor(total / count) + (i < total % count ? 1 : 0));
    return new SubscriberPool(
      shares.map(() => forkChild('subscribers.js')),
      shares,
    );
  }

  /** Sends one command to every child, each with its own variant; resolves with their answers. */
  all<R extends SubscriberReply>(command: (i: number) => SubscriberCommand): Promise<R[]> {
    return Promise.all(this.children.map((child, i) => ask<R>(child, command(i))));
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.children.map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.send({ type: 'stop' } satisfies SubscriberCommand);
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }),
    );
  }
}
