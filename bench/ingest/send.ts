/**
 * The webhook sender of `npm run bench:ingest`, run as its own process so that it never shares
 * an event loop with the gateway. Reads pre-generated, signed deliveries (one JSON
 * `{ body, headers }` per line) from a file and POSTs every one exactly once to
 * `POST {baseUrl}/channels/{code}/webhooks` with `concurrency` requests in flight over
 * keep-alive sockets (node:http). A delivery counts as ingested only when the answer is HTTP 200
 * with `result: "created"`. Options arrive over IPC (or, started by hand, as JSON in BENCH_SEND);
 * the result goes back over IPC (or is printed as JSON).
 *
 * autocannon is not used here: its `requests` sequence is replayed per connection, so 50
 * connections would send the same orders; each delivery must be sent once and checked.
 */
import fs from 'node:fs';
import http from 'node:http';

export interface SendOptions {
  /** e.g. http://127.0.0.1:41234 */
  baseUrl: string;
  channelCode: string;
  /** JSON lines file of { body, headers }. */
  file: string;
  concurrency: number;
  title?: string;
}

export interface SendResult {
  title?: string;
  sent: number;
  /** 200 with result "created". */
  created: number;
  /** 200 with another result (duplicate, updated…). */
  otherOk: number;
  non200: number;
  /** Network errors (no answer). */
  errors: number;
  statusCodes: Record<string, number>;
  /** First few unexpected answers, for the log. */
  samples: string[];
  elapsedSeconds: number;
  /** created / elapsed wall time. */
  ordersPerSecond: number;
  latencyP50: number;
  latencyP90: number;
  latencyP99: number;
  latencyAverage: number;
  latencyMax: number;
}

interface Delivery {
  body: string;
  headers: Record<string, string>;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[index] * 100) / 100;
}

async function send(opts: SendOptions): Promise<SendResult> {
  const deliveries: Delivery[] = fs
    .readFileSync(opts.file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Delivery);
  const url = new URL(`/channels/${encodeURIComponent(opts.channelCode)}/webhooks`, opts.baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.concurrency });
  const latencies = new Float64Array(deliveries.length);
  const statusCodes: Record<string, number> = {};
  const samples: string[] = [];
  let created = 0;
  let otherOk = 0;
  let non200 = 0;
  let errors = 0;
  let next = 0;

  const one = (delivery: Delivery): Promise<{ status: number; body: string }> =>
    new Promise((resolve, reject) => {
      const body = Buffer.from(delivery.body, 'utf8');
      const req = http.request(
        {
          hostname: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          agent,
          headers: { ...delivery.headers, 'content-length': String(body.length) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.setTimeout(60_000, () => req.destroy(new Error('timeout')));
      req.on('error', reject);
      req.end(body);
    });

  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= deliveries.length) return;
      const t0 = process.hrtime.bigint();
      try {
        const answer = await one(deliveries[i]);
        latencies[i] = Number(process.hrtime.bigint() - t0) / 1e6;
        statusCodes[answer.status] = (statusCodes[answer.status] ?? 0) + 1;
        if (answer.status !== 200) {
          non200++;
          if (samples.length < 5) samples.push(`${answer.status} ${answer.body.slice(0, 300)}`);
          continue;
        }
        let result: unknown;
        try {
          result = (JSON.parse(answer.body) as { result?: unknown }).result;
        } catch {
          result = undefined;
        }
        if (result === 'created') created++;
        else {
          otherOk++;
          if (samples.length < 5) samples.push(`200 ${answer.body.slice(0, 300)}`);
        }
      } catch (error) {
        latencies[i] = Number(process.hrtime.bigint() - t0) / 1e6;
        errors++;
        if (samples.length < 5) samples.push(`error ${(error as Error).message}`);
      }
    }
  };

  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: Math.min(opts.concurrency, deliveries.length) }, worker));
  const elapsedSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  const sorted = Float64Array.from(latencies).sort();
  const sum = latencies.reduce((a, b) => a + b, 0);
  return {
    title: opts.title,
    sent: deliveries.length,
    created,
    otherOk,
    non200,
    errors,
    statusCodes,
    samples,
    elapsedSeconds: Math.round(elapsedSeconds * 1000) / 1000,
    ordersPerSecond: Math.round((created / elapsedSeconds) * 10) / 10,
    latencyP50: percentile(sorted, 50),
    latencyP90: percentile(sorted, 90),
    latencyP99: percentile(sorted, 99),
    latencyAverage: deliveries.length ? Math.round((sum / deliveries.length) * 100) / 100 : 0,
    latencyMax: percentile(sorted, 100),
  };
}

function main(opts: SendOptions): void {
  send(opts).then(
    (result) => {
      if (process.send) process.send(result, () => process.exit(0));
      else {
        console.log(JSON.stringify(result));
        process.exit(0);
      }
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

if (process.send) {
  process.once('message', (opts: SendOptions) => main(opts));
} else {
  const raw = process.env.BENCH_SEND;
  if (!raw) throw new Error('BENCH_SEND is not set: this script is started by bench/ingest/run.ts');
  main(JSON.parse(raw) as SendOptions);
}
