import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

const ROOT = path.resolve(__dirname, '../..');

/** Children still running, killed if the test process exits without stopping them. */
const running = new Set<ChildProcess>();
process.on('exit', () => running.forEach((child) => child.kill('SIGKILL')));

export interface GatewayProcess {
  /** e.g. http://127.0.0.1:41234 */
  readonly url: string;
  /** The GraphQL endpoint for WebSocket clients: ws://127.0.0.1:41234/graphql */
  readonly wsUrl: string;
  readonly child: ChildProcess;
  /** Every structured log line the gateway wrote. */
  readonly logs: Array<Record<string, unknown>>;
  /** Every line the process wrote, on stdout and stderr, exactly as written (log lines or not). */
  readonly output: string[];
  /** Runs a GraphQL operation over HTTP with a bearer key. */
  gql<T>(query: string, variables: Record<string, unknown> | undefined, key: string): Promise<{ data?: T | null; errors?: Array<{ message: string }> }>;
  /** Posts a raw body to a path (a channel's webhook route) and returns the status. */
  post(route: string, body: string, headers: Record<string, string>): Promise<number>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
  stop(graceMs?: number): Promise<void>;
  /** Sends a signal (SIGKILL by default: the process dies where it stands, as in a crash); resolves once it has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts the gateway in its own process from the TypeScript sources, as `npm start` runs it, on
 * a free port of 127.0.0.1; `env` is its configuration (DATABASE_URL, REDIS_URL, …, see
 * config.ts). Resolves once it listens.
 */
export function startGatewayProcess(env: NodeJS.ProcessEnv, startTimeoutMs = 30_000): Promise<GatewayProcess> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', '-r', 'reflect-metadata', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      SALESGRAPH_PULL_INTERVAL_SECONDS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => running.delete(child));
  const logs: Array<Record<string, unknown>> = [];
  const output: string[] = [];
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr = (stderr + chunk).slice(-8_000)));
  readline.createInterface({ input: child.stderr! }).on('line', (line) => output.push(line));

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the gateway did not listen within ${startTimeoutMs} ms\n${stderr}`));
    }, startTimeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the gateway exited (${code ?? signal}) before it listened\n${stderr}`));
    });
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      output.push(line);
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line);
      } catch {
        return; // not a log line
      }
      logs.push(entry);
      if (entry.msg !== 'salesgraph gateway listening') return;
      clearTimeout(timer);
      const url = String(entry.url);
      resolve({
        url,
        wsUrl: `${url.replace(/^http/, 'ws')}/graphql`,
        child,
        logs,
        output,
        async gql(query, variables, key) {
          const res = await fetch(`${url}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
            body: JSON.stringify({ query, variables }),
          });
          return (await res.json()) as never;
        },
        async post(route, body, headers) {
          const res = await fetch(`${url}${route}`, { method: 'POST', headers, body });
          await res.arrayBuffer();
          return res.status;
        },
        async stop(graceMs = 5_000) {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.kill('SIGTERM');
          const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
          await exited;
          clearTimeout(killer);
        },
        async kill(signal = 'SIGKILL') {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.kill(signal);
          await exited;
        },
      });
    });
  });
}
