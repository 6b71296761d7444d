/** The parent's handle on the GraphQL load process (bench/soak/query-sender.ts). */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

import { stopChild, track } from '../harness';
import type { QueryRecordBatch, QueryRunDone, QuerySenderCommand, QuerySenderInit, QuerySenderReply } from './protocol';

export class QueryLoad {
  private onRecords: (records: number[]) => void = () => undefined;
  private waiting: ((reply: QuerySenderReply) => void) | null = null;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (message: QueryRecordBatch | QuerySenderReply) => {
      if (message.type === 'records') this.onRecords(message.records);
      else this.waiting?.(message);
    });
  }

  static async start(init: QuerySenderInit): Promise<QueryLoad> {
    const child = track(fork(path.join(__dirname, 'query-sender.js'), [], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
    const load = new QueryLoad(child);
    const reply = await load.ask(init);
    if (reply.type !== 'ready') throw new Error(`the query load did not start: ${JSON.stringify(reply).slice(0, 500)}`);
    return load;
  }

  /** Runs `max` or `rate`; `onRecords` receives each second's finished requests as they come. */
  async run(command: Extract<QuerySenderCommand, { type: 'max' | 'rate' }>, onRecords: (records: number[]) => void): Promise<QueryRunDone> {
    this.onRecords = onRecords;
    try {
      const reply = await this.ask(command);
      if (reply.type !== 'done') throw new Error(`the query load failed: ${JSON.stringify(reply).slice(0, 800)}`);
      return reply;
    } finally {
      this.onRecords = () => undefined;
    }
  }

  stop(): Promise<void> {
    return stopChild(this.child);
  }

  private ask(command: QuerySenderCommand): Promise<QuerySenderReply> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`the query load exited with code ${code}`));
      this.child.once('exit', onExit);
      this.waiting = (reply) => {
        this.waiting = null;
        this.child.off('exit', onExit);
        resolve(reply);
      };
      this.child.send(command);
    });
  }
}
