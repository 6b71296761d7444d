/**
 * Memory of a server child, measured after a full garbage collection: the child is started with
 * its inspector on a free loopback port (`--inspect` in NODE_OPTIONS of that child only), and the
 * probe connects for a moment, collects garbage (HeapProfiler.collectGarbage) and reads the heap
 * in use (Runtime.getHeapUsage). Without the collection, RSS moves by tens of MB with whatever the
 * previous run left, more than 1,000 idle subscribers cost.
 */
import net from 'node:net';

import WebSocket from 'ws';

/** A loopback port free right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** NODE_OPTIONS for a child whose inspector listens on `port`. */
export function inspectOption(port: number): string {
  return [process.env.NODE_OPTIONS, `--inspect=127.0.0.1:${port}`].filter(Boolean).join(' ');
}

/** Runs `start` (which forks synchronously, copying process.env) with the inspector option set for that child only. */
export function withInspector<T>(port: number, start: () => T): T {
  const saved = process.env.NODE_OPTIONS;
  process.env.NODE_OPTIONS = inspectOption(port);
  try {
    return start();
  } finally {
    if (saved === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = saved;
  }
}

/** Collects garbage in the process whose inspector listens on `port`; resolves with its heap in use, in MB. */
export async function collectGarbage(port: number): Promise<number> {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
  if (!targets.length) throw new Error(`no inspector target on port ${port}`);
  const socket = new WebSocket(targets[0].webSocketDebuggerUrl, { perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let nextId = 0;
  const call = (method: string): Promise<Record<string, unknown>> =>
    new Promise((resolve, reject) => {
      const id = ++nextId;
      const onMessage = (data: Buffer) => {
        const message = JSON.parse(data.toString('utf8')) as { id?: number; result?: Record<string, unknown>; error?: unknown };
        if (message.id !== id) return;
        socket.off('message', onMessage);
        if (message.error) reject(new Error(`${method}: ${JSON.stringify(message.error)}`));
        else resolve(message.result ?? {});
      };
      socket.on('message', onMessage);
      socket.send(JSON.stringify({ id, method }));
    });
  try {
    await call('HeapProfiler.collectGarbage');
    await call('HeapProfiler.collectGarbage');
    const usage = await call('Runtime.getHeapUsage');
    return Math.round((Number(usage.usedSize) / 2 ** 20) * 10) / 10;
  } finally {
    socket.close();
  }
}
