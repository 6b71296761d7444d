/**
 * A TCP proxy between the gateway and its database, so that a test can cut the network without
 * touching the database server: `cut()` drops every open connection and holds (or resets) new
 * ones until `restore()`, as a partition or a firewall that drops packets would.
 */
import net from 'node:net';

export type CutMode = 'hold' | 'refuse';

export interface TcpProxy {
  readonly port: number;
  /** Destroys every open connection; new ones are held unanswered ('hold') or reset at once ('refuse'). */
  cut(mode?: CutMode): void;
  /** Forwards again; connections held while cut and still open are forwarded now. */
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const open = new Set<net.Socket>();
  const held = new Set<net.Socket>();
  let mode: 'open' | CutMode = 'open';

  const forward = (client: net.Socket) => {
    const upstream = net.connect(target.port, target.host);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('error', end);
      socket.on('close', () => {
        open.delete(socket);
        end();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  };

  const server = net.createServer((client) => {
    if (mode === 'refuse') return void client.resetAndDestroy();
    if (mode === 'open') return forward(client);
    // held: what the client writes stays buffered in the paused socket until it is forwarded
    held.add(client);
    client.on('error', () => undefined);
    client.on('close', () => held.delete(client));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });

  return {
    port: (server.address() as net.AddressInfo).port,
    cut(how = 'hold') {
      mode = how;
      for (const socket of open) socket.destroy();
    },
    restore() {
      mode = 'open';
      for (const client of held) {
        held.delete(client);
        client.removeAllListeners('close');
        if (!client.destroyed) forward(client);
      }
    },
    async close() {
      for (const socket of [...open, ...held]) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
