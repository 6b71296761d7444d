/**
 * One subscriber process of `npm run bench:fanout`: holds its share of the WebSocket clients,
 * each a raw `ws` socket speaking graphql-transport-ws itself (connection_init with the key,
 * then one subscription with id "1"), cheaper than graphql-ws's client so that several hundred
 * fit in one process. For every `next` it notes the receive time (clock(), comparable with the
 * producer's), and counts the events of the measured run; the latencies are computed at the end,
 * when the orchestrator hands over the producer's answer times. Commands arrive over IPC.
 */
import WebSocket from 'ws';

import { clock, record, seqOf, SUBPROTOCOL, SUBSCRIPTION, type Collected, type Histogram, type Replayed, type SubscriberCommand, type SubscriberReply } from './common';

interface EventPayload {
  cursor?: string;
  occurredAt?: string;
  order?: { externalId?: string };
}

interface ServerMessage {
  type: string;
  id?: string;
  payload?: { data?: { orderEvents?: EventPayload } | null; errors?: unknown[] } | unknown[];
}

const sockets: WebSocket[] = [];
let measuredCounts = new Uint32Array(0);
let gotEvent = new Uint8Array(0);
const closes: Record<string, number> = {};
let closed = 0;
let errors = 0;
const errorSamples: string[] = [];

let measureFrom = Infinity;
let measured = 0;
let measuredBytes = 0;
/**
 * seq and receive time of every measured delivery, for the latency from the producer's answer,
 * in fixed-size typed arrays added as they fill. A soak brings each process tens of millions:
 * one growing array of them is copied whole each time it grows (150 ms and more at ten million),
 * and every subscriber process reaches those sizes at the same moment, taking the cores from the
 * gateway for seconds.
 */
class Deliveries {
  private static readonly CHUNK = 1 << 20;
  private readonly seqChunks: Float64Array[] = [];
  private readonly timeChunks: Float64Array[] = [];
  length = 0;

  push(seq: number, at: number): void {
    const offset = this.length % Deliveries.CHUNK;
    if (offset === 0) {
      this.seqChunks.push(new Float64Array(Deliveries.CHUNK));
      this.timeChunks.push(new Float64Array(Deliveries.CHUNK));
    }
    const chunk = this.seqChunks.length - 1;
    this.seqChunks[chunk][offset] = seq;
    this.timeChunks[chunk][offset] = at;
    this.length++;
  }

  forEach(visit: (seq: number, at: number) => void): void {
    for (let i = 0; i < this.length; i++) {
      const chunk = Math.floor(i / Deliveries.CHUNK);
      const offset = i % Deliveries.CHUNK;
      visit(this.seqChunks[chunk][offset], this.timeChunks[chunk][offset]);
    }
  }
}
let deliveries = new Deliveries();
let fromOccurredAt: Histogram = new Map();

function reply(message: SubscriberReply): void {
  process.send?.(message);
}

function noteError(text: string): void {
  errors++;
  if (errorSamples.length < 5) errorSamples.push(text.slice(0, 300));
}

function onEvent(index: number, event: EventPayload, at: number, bytes: number): void {
  gotEvent[index] = 1;
  const externalId = event.order?.externalId;
  if (!externalId) return;
  const seq = seqOf(externalId);
  if (!(seq >= measureFrom)) return;
  measuredCounts[index]++;
  measured++;
  measuredBytes += bytes;
  deliveries.push(seq, at);
  if (event.occurredAt) record(fromOccurredAt, at - Date.parse(event.occurredAt));
}

/** Opens one client and subscribes; resolves once the subscription was sent (or the socket failed). */
function open(index: number, url: string, key: string, variables: Record<string, unknown>): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, SUBPROTOCOL, { perMessageDeflate: false });
    sockets[index] = socket;
    let settled = false;
    const settle = (failure: string | null) => {
      if (settled) return;
      settled = true;
      resolve(failure);
    };
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${key}` } })));
    socket.on('message', (data: Buffer) => {
      const at = clock();
      let message: ServerMessage;
      try {
        message = JSON.parse(data.toString('utf8')) as ServerMessage;
      } catch {
        noteError(`unparsable message: ${data.toString('utf8').slice(0, 100)}`);
        return;
      }
      if (message.type === 'next') {
        const payload = message.payload as { data?: { orderEvents?: EventPayload } | null; errors?: unknown[] };
        if (payload?.errors?.length) noteError(`next with errors: ${JSON.stringify(payload.errors)}`);
        const event = payload?.data?.orderEvents;
        if (event) onEvent(index, event, at, data.length);
      } else if (message.type === 'connection_ack') {
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: SUBSCRIPTION, variables } }));
        settle(null);
      } else if (message.type === 'ping') {
        socket.send(JSON.stringify({ type: 'pong' }));
      } else if (message.type === 'error') {
        noteError(`subscription error: ${JSON.stringify(message.payload)}`);
      } else if (message.type === 'complete') {
        noteError('the server completed the subscription');
      }
    });
    socket.on('error', (error) => settle(`error: ${error.message}`));
    socket.on('close', (code, reason) => {
      closed++;
      closes[code] = (closes[code] ?? 0) + 1;
      settle(`closed ${code} ${reason.toString()}`);
    });
  });
}

async function connect(command: Extract<SubscriberCommand, { type: 'connect' }>): Promise<void> {
  const started = clock();
  measuredCounts = new Uint32Array(command.count);
  gotEvent = new Uint8Array(command.count);
  let next = 0;
  let failed = 0;
  const failureSamples: string[] = [];
  const worker = async () => {
    for (;;) {
      const index = next++;
      if (index >= command.count) return;
      const failure = await open(index, command.url, command.key, command.variables);
      if (failure) {
        failed++;
        if (failureSamples.length < 5) failureSamples.push(failure);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(command.concurrency, command.count) }, worker));
  reply({ type: 'connected', open: command.count - failed, failed, seconds: (clock() - started) / 1000, failureSamples });
}

function status(): void {
  let withEvents = 0;
  for (let i = 0; i < gotEvent.length; i++) withEvents += gotEvent[i];
  reply({ type: 'status', open: sockets.length - closed, withEvents, measured, closed });
}

function collect(command: Extract<SubscriberCommand, { type: 'collect' }>): void {
  const fromAnswer: Histogram = new Map();
  let inWindow = 0;
  let unknown = 0;
  let lastReceipt: number | null = null;
  deliveries.forEach((seq, at) => {
    if (at >= command.windowStart && at <= command.windowEnd) inWindow++;
    if (lastReceipt === null || at > lastReceipt) lastReceipt = at;
    const answered = command.answers[seq - measureFrom];
    if (answered === null || answered === undefined) unknown++;
    else record(fromAnswer, at - answered);
  });
  let min = Infinity;
  let max = 0;
  for (const n of measuredCounts) {
    if (n < min) min = n;
    if (n > max) max = n;
  }
  const result: Collected = {
    type: 'collected',
    sockets: measuredCounts.length,
    measured,
    inWindow,
    lastReceipt,
    perSocketMin: measuredCounts.length ? min : 0,
    perSocketMax: max,
    fromAnswer: [...fromAnswer.entries()],
    fromOccurredAt: [...fromOccurredAt.entries()],
    unknown,
    bytes: measuredBytes,
    closes,
    errors,
    errorSamples,
  };
  reply(result);
}

/** One client replays the log from `after`; resolves when `events` events arrived (or the socket closed, or time ran out). */
function replay(command: Extract<SubscriberCommand, { type: 'replay' }>): void {
  const socket = new WebSocket(command.url, SUBPROTOCOL, { perMessageDeflate: false });
  let received = 0;
  let started = 0;
  let firstEventAt: number | null = null;
  let firstCursor: string | null = null;
  let lastCursor: string | null = null;
  let lastPosition = -1;
  let outOfOrder = 0;
  let done = false;
  const finish = (closedWith: number | null) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    const result: Replayed = {
      type: 'replayed',
      received,
      seconds: started ? (clock() - started) / 1000 : 0,
      firstEventSeconds: firstEventAt === null ? null : (firstEventAt - started) / 1000,
      errors,
      errorSamples,
      closedWith,
      firstCursor,
      lastCursor,
      outOfOrder,
    };
    socket.close(1000);
    reply(result);
  };
  const timer = setTimeout(() => finish(null), command.timeoutMs);
  socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${command.key}` } })));
  socket.on('message', (data: Buffer) => {
    if (done) return;
    const message = JSON.parse(data.toString('utf8')) as ServerMessage;
    if (message.type === 'connection_ack') {
      started = clock();
      socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: SUBSCRIPTION, variables: command.variables } }));
    } else if (message.type === 'next') {
      const payload = message.payload as { data?: { orderEvents?: EventPayload } | null; errors?: unknown[] };
      if (payload?.errors?.length) noteError(`next with errors: ${JSON.stringify(payload.errors)}`);
      const cursor = payload?.data?.orderEvents?.cursor;
      if (!cursor) return;
      received++;
      firstEventAt ??= clock();
      firstCursor ??= cursor;
      lastCursor = cursor;
      const position = Number(/^event:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'))?.[1] ?? NaN);
      if (!(position > lastPosition)) outOfOrder++;
      lastPosition = position;
      if (received >= command.events) finish(null);
    } else if (message.type === 'ping') {
      socket.send(JSON.stringify({ type: 'pong' }));
    } else if (message.type === 'error') {
      noteError(`subscription error: ${JSON.stringify(message.payload)}`);
      finish(null);
    }
  });
  socket.on('error', (error) => noteError(`socket error: ${error.message}`));
  socket.on('close', (code) => finish(code));
}

async function stop(): Promise<void> {
  for (const socket of sockets) socket?.terminate();
  process.exit(0);
}

process.on('message', (command: SubscriberCommand) => {
  switch (command.type) {
    case 'connect':
      void connect(command);
      break;
    case 'status':
      status();
      break;
    case 'measure':
      measureFrom = command.from;
      measured = 0;
      measuredBytes = 0;
      measuredCounts.fill(0);
      deliveries = new Deliveries();
      fromOccurredAt = new Map();
      reply({ type: 'measuring' });
      break;
    case 'collect':
      collect(command);
      break;
    case 'replay':
      replay(command);
      break;
    case 'stop':
      void stop();
      break;
  }
});
process.on('disconnect', () => process.exit(0));
