import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';

import { createTestDatabase, type TestDatabase } from '../src/testing/test-database';

const ROOT = path.resolve(__dirname, '..');
const KEY = 'sg_shutdown_test_admin_key';
let db: TestDatabase;
let child: ChildProcess | undefined;
const logs: Array<Record<string, unknown>> = [];

function killChild() {
  if (child && child.exitCode === null) child.kill('SIGKILL');
}
process.on('exit', killChild);

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  killChild();
  await db.drop();
});

/** Starts `src/main.ts` as `npm start` would, on a free port; resolves with its URL. */
function startServer(): Promise<string> {
  child = spawn(process.execPath, ['-r', '@swc-node/register', '-r', 'reflect-metadata', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', PORT: '0', DATABASE_URL: db.config.url, SALESGRAPH_ADMIN_KEY: KEY, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    readline.createInterface({ input: child!.stdout! }).on('line', (line) => {
      try {
        const entry = JSON.parse(line);
        logs.push(entry);
        if (entry.msg === 'salesgraph gateway listening') resolve(entry.url);
      } catch {
        // not a log line
      }
    });
    child!.once('exit', (code) => reject(new Error(`server exited early with ${code}`)));
  });
}

describe('graceful shutdown on SIGTERM', () => {
  it('stops accepting, finishes the request in flight, closes the database and exits 0', async () => {
    const url = new URL(await startServer());
    const body = JSON.stringify({ query: '{ channels { code } }' });

    // a request in flight: headers and half the body sent before the signal
    let finish: () => void = () => undefined;
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          path: '/graphql',
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${KEY}` },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode!, body: text }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 10));
      finish = () => req.end(body.slice(10));
    });
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    await new Promise((r) => setTimeout(r, 100));
    child!.kill('SIGTERM');

    // new connections are refused while the request in flight is still open
    const connects = () =>
      new Promise<boolean>((resolve) => {
        const socket = net.connect(Number(url.port), url.hostname);
        socket.once('connect', () => {
          socket.destroy();
          resolve(true);
        });
        socket.once('error', () => resolve(false));
      });
    let refused = false;
    for (let i = 0; i < 100 && !refused; i++) {
      refused = !(await connects());
      if (!refused) await new Promise((r) => setTimeout(r, 50));
    }
    expect(refused).toBe(true);
    expect(child!.exitCode).toBeNull();
    finish();

    const done = await response;
    expect(done.status).toBe(200);
    expect(JSON.parse(done.body)).toEqual({ data: { channels: [] }, extensions: { cost: { requested: 2, maximum: 25000 } } });
    expect(await exited).toBe(0);
    expect(logs.map((l) => l.msg)).toEqual(
      expect.arrayContaining(['shutting down: finishing in-flight requests', 'salesgraph gateway stopped']),
    );
  });
});
