/**
 * The GraphQL load of `npm run bench:soak`, in its own process: POST /graphql with the query mix
 * (bench/soak/queries.ts) over keep-alive sockets (node:http), in one of two modes.
 *
 * - `max`: closed loop, `connections` requests in flight, each connection sending its next request
 *   as soon as the previous answer arrived: the most the gateway answers beside the other traffic.
 * - `rate`: open loop, request i sent at start + i / rate whatever the answers, its latency counted
 *   from that due time: a gateway that slows shows as longer latencies and more requests in
 *   flight, never as a lower request rate.
 *
 * Every answer is read whole and checked (200, JSON, no GraphQL errors, the root field present).
 * Each second the requests finished in it go to the parent as a flat list of
 * [kind, due (clock() ms), latency ms, outcome] quadruples; the end of a run is one `done` message.
 */
import http from 'node:http';

import { clock } from '../fanout/common';
import { QUERY_KINDS, rowsOf } from './queries';
import { Outcome, type QueryRecordBatch, type QuerySenderCommand, type QuerySenderInit, type QuerySenderReply } from './protocol';

let init: QuerySenderInit;
let bodies: Buffer[] = [];
let url: URL;
let agent: http.Agent | undefined;

/**
 * Keep-alive sockets that follow the server's `Keep-Alive: timeout=N` hint: Node's agent drops an
 * idle socket a second before the server would only when the agent has a timeout of its own;
 * without one, a socket left idle after a burst can be reused just as the server closes it.
 */
function keepAliveAgent(maxSockets: number): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets, timeout: init.timeoutMs });
}

function post(kind: number): Promise<{ status: number; text: string }> {
  const body = bodies[kind];
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        hostname: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${init.key}`, 'content-length': String(body.length) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.setTimeout(init.timeoutMs, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

/** One run: its records, flushed to the parent every second, and its totals. */
class Run {
  private pending: number[] = [];
  private readonly flusher: NodeJS.Timeout;
  readonly startedAt = clock();
  sent = 0;
  readonly outcomes = new Array<number>(6).fill(0);
  readonly samples: string[] = [];

  constructor() {
    this.flusher = setInterval(() => this.flush(), 1000);
  }

  /** Sends one request of `kind`; its latency counts from `due`. */
  async send(kind: number, due: number): Promise<void> {
    this.sent++;
    let outcome: Outcome;
    try {
      const answer = await post(kind);
      if (answer.status < 200 || answer.status > 299) {
        outcome = Outcome.Status;
        this.sample(`${QUERY_KINDS[kind]} ${answer.status} ${answer.text.slice(0, 200)}`);
      } else {
        const checked = rowsOf(QUERY_KINDS[kind], answer.text);
        outcome = 'rows' in checked ? Outcome.Ok : checked.failure === 'graphql' ? Outcome.GraphQL : Outcome.Body;
        if (!('rows' in checked)) this.sample(`${QUERY_KINDS[kind]} ${checked.message}`);
      }
    } catch (error) {
      const message = (error as Error).message;
      outcome = message === 'timeout' ? Outcome.Timeout : Outcome.Network;
      this.sample(`${QUERY_KINDS[kind]} ${message}`);
    }
    this.outcomes[outcome]++;
    this.pending.push(kind, due, Math.round((clock() - due) * 100) / 100, outcome);
  }

  private sample(text: string): void {
    if (this.samples.length < 5) this.samples.push(text);
  }

  private flush(): void {
    if (!this.pending.length) return;
    const batch: QueryRecordBatch = { type: 'records', records: this.pending };
    this.pending = [];
    process.send?.(batch);
  }

  finish(): QuerySenderReply {
    clearInterval(this.flusher);
    this.flush();
    const endedAt = clock();
    return { type: 'done', sent: this.sent, outcomes: this.outcomes, samples: this.samples, startedAt: this.startedAt, endedAt };
  }
}

async function closedLoop(connections: number, seconds: number): Promise<QuerySenderReply> {
  agent = keepAliveAgent(connections);
  const run = new Run();
  const deadline = run.startedAt + seconds * 1000;
  let next = 0;
  const connection = async () => {
    while (clock() < deadline) await run.send(init.sequence[next++ % init.sequence.length], clock());
  };
  await Promise.all(Array.from({ length: connections }, connection));
  agent.destroy();
  return run.finish();
}

async function openLoop(rate: number, seconds: number): Promise<QuerySenderReply> {
  agent = keepAliveAgent(init.maxSockets);
  const run = new Run();
  const total = Math.max(1, Math.round(rate * seconds));
  const dueOf = (i: number) => run.startedAt + (i * 1000) / rate;
  const inFlight = new Set<Promise<void>>();
  let i = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = clock();
      for (; i < total && dueOf(i) <= now; i++) {
        const sent = run.send(init.sequence[i % init.sequence.length], dueOf(i)).finally(() => inFlight.delete(sent));
        inFlight.add(sent);
      }
      if (i >= total) resolve();
      else setTimeout(tick, Math.max(0, dueOf(i) - clock()));
    };
    tick();
  });
  await Promise.all(inFlight);
  agent.destroy();
  return run.finish();
}

process.on('message', (command: QuerySenderCommand) => {
  const handle = async (): Promise<QuerySenderReply> => {
    switch (command.type) {
      case 'init':
        init = command;
        url = new URL('/graphql', command.baseUrl);
        bodies = QUERY_KINDS.map((kind) => Buffer.from(command.bodies[kind], 'utf8'));
        return { type: 'ready' };
      case 'max':
        return closedLoop(command.connections, command.seconds);
      case 'rate':
        return openLoop(command.rate, command.seconds);
      case 'stop':
        agent?.destroy();
        process.exit(0);
    }
  };
  handle().then(
    (reply) => process.send?.(reply),
    (error: unknown) => process.send?.({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
