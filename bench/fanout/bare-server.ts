/**
 * The baseline of `npm run bench:fanout`: a bare `ws` server that broadcasts each event to every
 * subscribed socket. It speaks just enough graphql-transport-ws for the same subscriber processes
 * (connection_init → connection_ack, subscribe, ping, complete), accepts any key, and executes
 * nothing: an event POSTed to `/publish` is stamped (occurredAt, a cursor, an order id), answered
 * 200 `{"result":"created"}`, then serialized once as the `next` message the gateway would send
 * (same fields, same order) and written to every socket. Before answering a publish it waits
 * until no socket holds more than 1 MiB unsent, so a producer faster than the sockets is slowed
 * instead of filling memory.
 *
 * A subscribe with `after` replays the event log of the benchmark's database instead: one joined
 * statement per 500 events (event, order, channel), each row sent as a `next` message, pausing
 * while the socket holds more than 1 MiB; the floor of a replay, with no GraphQL execution.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import Database from 'libsql';
import { Client } from 'pg';
import { WebSocketServer, type WebSocket } from 'ws';

import { formatMinor } from '../../src/money';
import { readServerConfig, runServerChild, type DbTarget } from '../query/common';
import type { BarePublish } from './common';

const MAX_BUFFERED = 1024 * 1024;
const PAGE = 500;

interface EventRow {
  id: number | string;
  type: string;
  occurred_at: number | string | Date;
  order_id: number | string;
  external_id: string;
  status: string;
  total_minor: number | string;
  currency_code: string;
  code: string;
}

const cursorOf = (id: number): string => Buffer.from(`event:${id}`, 'utf8').toString('base64url');

/** The `next` message of subscription `id` for one event, as graphql-ws serializes the gateway's result. */
function nextMessage(id: string, event: { id: number; type: string; occurredAt: string; orderId: string; publish: Omit<BarePublish, 'channelCode'> & { channelCode: string } }): string {
  const p = event.publish;
  return JSON.stringify({
    id,
    type: 'next',
    payload: {
      data: {
        orderEvents: {
          cursor: cursorOf(event.id),
          type: event.type,
          occurredAt: event.occurredAt,
          order: { id: event.orderId, externalId: p.externalId, status: p.status, total: { amount: p.amount, currencyCode: p.currencyCode }, channel: { code: p.channelCode } },
        },
      },
    },
  });
}

/** Reads pages of the event log, joined with the order and its channel, from the benchmark's database. */
function logReader(db: DbTarget | undefined): { page(after: number): Promise<EventRow[]>; close(): Promise<void> } {
  const sql = (ph: string) =>
    'select e.id, e.type, e.occurred_at, e.order_id, o.external_id, o.status, o.total_minor, o.currency_code, c.code ' +
    `from order_event e join "order" o on o.id = e.order_id join channel c on c.id = o.channel_id where e.id > ${ph} order by e.id limit ${PAGE}`;
  if (!db) return { page: () => Promise.reject(new Error('the bare server has no database to replay from')), close: async () => undefined };
  if (db.dialect === 'sqlite') {
    const conn = new Database(db.file);
    const statement = conn.prepare(sql('?'));
    return { page: async (after) => statement.all(after) as EventRow[], close: async () => void conn.close() };
  }
  const client = new Client({ connectionString: db.url });
  const connected = client.connect();
  return {
    page: async (after) => {
      await connected;
      return (await client.query<EventRow>({ name: 'replay-page', text: sql('$1'), values: [after] })).rows;
    },
    close: () => client.end(),
  };
}

const waitUntil = async (test: () => boolean): Promise<void> => {
  while (!test()) await new Promise((resolve) => setTimeout(resolve, 1));
};

runServerChild(async () => {
  const config = readServerConfig();
  const reader = logReader(config.db);
  /** Live subscribers: socket → its subscription id. */
  const live = new Map<WebSocket, string>();
  let lastId = 0;

  const backlogged = () => {
    for (const socket of live.keys()) if (socket.bufferedAmount > MAX_BUFFERED) return true;
    return false;
  };

  const broadcast = (publish: BarePublish) => {
    const event = { id: ++lastId, type: 'CREATED', occurredAt: new Date().toISOString(), orderId: String(lastId), publish };
    const byId = new Map<string, string>();
    for (const [socket, id] of live) {
      let message = byId.get(id);
      if (message === undefined) byId.set(id, (message = nextMessage(id, event)));
      socket.send(message);
    }
  };

  const replay = async (socket: WebSocket, id: string, after: number) => {
    let position = after;
    for (;;) {
      const rows = await reader.page(position);
      for (const row of rows) {
        position = Number(row.id);
        const at = row.occurred_at instanceof Date ? row.occurred_at : new Date(Number(row.occurred_at));
        socket.send(
          nextMessage(id, {
            id: position,
            type: row.type,
            occurredAt: at.toISOString(),
            orderId: String(row.order_id),
            publish: { externalId: row.external_id, status: row.status, amount: formatMinor(Number(row.total_minor), row.currency_code), currencyCode: row.currency_code, channelCode: row.code },
          }),
        );
      }
      if (rows.length < PAGE || socket.readyState !== socket.OPEN) return;
      await waitUntil(() => socket.bufferedAmount <= MAX_BUFFERED || socket.readyState !== socket.OPEN);
    }
  };

  const server = http.createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/publish') {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const publish = JSON.parse(Buffer.concat(chunks).toString('utf8')) as BarePublish;
        await waitUntil(() => !backlogged());
        const answer = '{"result":"created"}';
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': answer.length }).end(answer);
        broadcast(publish);
      })();
    });
  });

  const wss = new WebSocketServer({ server, path: '/graphql' });
  wss.on('connection', (socket) => {
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString('utf8')) as { type: string; id?: string; payload?: { variables?: { after?: string | null } } };
      if (message.type === 'connection_init') socket.send('{"type":"connection_ack"}');
      else if (message.type === 'ping') socket.send('{"type":"pong"}');
      else if (message.type === 'subscribe' && message.id) {
        const after = message.payload?.variables?.after;
        if (after === null || after === undefined) live.set(socket, message.id);
        else {
          const position = Number(/^event:(\d+)$/.exec(Buffer.from(after, 'base64url').toString('utf8'))?.[1] ?? 0);
          replay(socket, message.id, position).catch((error: unknown) => socket.close(4500, (error as Error).message.slice(0, 100)));
        }
      } else if (message.type === 'complete') live.delete(socket);
    });
    socket.on('close', () => live.delete(socket));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      for (const socket of wss.clients) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await reader.close();
    },
  };
});
