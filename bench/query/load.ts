/**
 * The load generator, run as its own process so that it never shares an event loop with a
 * server: autocannon's API with the options received over IPC (or, started by hand, from the
 * BENCH_LOAD environment variable as JSON), the result sent back over IPC (or printed as JSON). Every response body is compared with the body the
 * server gave during verification (`expectBody`), so a 200 carrying GraphQL errors counts as a
 * mismatch, not as a success.
 */
export interface LoadOptions {
  url: string;
  connections: number;
  duration: number;
  headers: Record<string, string>;
  body: string;
  expectBody?: string;
  title?: string;
}

/** The part of autocannon's result the benchmark keeps. */
export interface LoadResult {
  title?: string;
  duration: number;
  requestsAverage: number;
  requestsTotal: number;
  requestsPerSecond: number;
  latencyP50: number;
  latencyP90: number;
  latencyP99: number;
  latencyAverage: number;
  latencyMax: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  mismatches: number;
  statusCodes: Record<string, number>;
}

interface AutocannonResult {
  title?: string;
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  mismatches: number;
  statusCodeStats: Record<string, { count: number }>;
  requests: { average: number; total: number };
  latency: { average: number; max: number; p50: number; p90: number; p99: number };
}

type Autocannon = (opts: Record<string, unknown>, cb: (err: Error | null, result: AutocannonResult) => void) => unknown;

function run(opts: LoadOptions): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const autocannon = require('autocannon') as Autocannon;
  autocannon(
    {
      url: opts.url,
      connections: opts.connections,
      duration: opts.duration,
      method: 'POST',
      headers: opts.headers,
      body: opts.body,
      expectBody: opts.expectBody,
      title: opts.title,
      timeout: 30,
    },
    (err, r) => {
      if (err) {
        console.error(err);
        process.exit(1);
      }
      const statusCodes: Record<string, number> = {};
      for (const [code, stat] of Object.entries(r.statusCodeStats ?? {})) statusCodes[code] = stat.count;
      const result: LoadResult = {
        title: r.title,
        duration: r.duration,
        requestsAverage: r.requests.average,
        requestsTotal: r.requests.total,
        requestsPerSecond: r.requests.total / r.duration,
        latencyP50: r.latency.p50,
        latencyP90: r.latency.p90,
        latencyP99: r.latency.p99,
        latencyAverage: r.latency.average,
        latencyMax: r.latency.max,
        errors: r.errors,
        timeouts: r.timeouts,
        non2xx: r.non2xx,
        mismatches: r.mismatches,
        statusCodes,
      };
      if (process.send) process.send(result, () => process.exit(0));
      else {
        console.log(JSON.stringify(result));
        process.exit(0);
      }
    },
  );
}

if (process.send) {
  process.once('message', (opts: LoadOptions) => run(opts));
} else {
  const raw = process.env.BENCH_LOAD;
  if (!raw) throw new Error('BENCH_LOAD is not set: this script is started by bench/query/run.ts');
  run(JSON.parse(raw) as LoadOptions);
}
