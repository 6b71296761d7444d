import { Worker } from 'node:worker_threads';

import type { BatchUnit, ChannelContext } from '../plugin-sdk';

/**
 * A plugin's batch reader run on a worker thread of its own, for large files: parsing and checking
 * a file's lines (for pos-csv, about a quarter of an import's work on SQLite) then runs beside the
 * gateway's thread, which stores the receipts and answers every other request. The reader is
 * pure apart from reading its input (see BatchReader), so it runs there as it would here; the
 * units come back by structured clone (plain objects, dates kept), in file order.
 *
 * Memory stays bounded as in the gateway's own thread: the thread holds at most
 * {@link CHUNKS_AHEAD} chunks of the body not yet parsed, and gets more only while fewer than
 * {@link HIGH_WATER} units wait here to be stored; the body is pulled from its source only then,
 * so a slow database still holds the sender back (TCP backpressure). The chunks ahead let the
 * thread go on parsing while this one is busy (a SQLite transaction runs on it from begin to
 * commit), instead of waiting for it to hand over each next chunk.
 */

/** Where the thread loads the plugin from: the module that exports it, and its name. */
export interface PluginModule {
  /** A file `require` can load (plugins/<name>/index.js, or a partner plugin's resolved entry). */
  file: string;
  name: string;
}

/** Units waiting to be stored past which the thread is given no more of the body. */
const HIGH_WATER = 1_024;
/** Chunks of the body (up to 64 KiB each) handed to the thread and not yet parsed, at most. */
const CHUNKS_AHEAD = 8;
/** Units the thread sends in one message at most. */
const UNITS_PER_MESSAGE = 256;
/** The thread's heap ceiling: a reader holds a chunk's rows at a time. */
const THREAD_HEAP_MB = 128;

/** The reader failed in its thread: its message, as the reader gave it. */
export class BatchReaderThreadError extends Error {}

// runs in the worker: CommonJS, the plugin's file resolved by the gateway
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
if (workerData.register) require(workerData.register);
const exported = require(workerData.file);
const plugin = [exported && exported.default, exported && exported.plugin, exported].find((p) => p && p.name === workerData.name && p.batch);
const chunks = [];
let ended = false;
let wake = null;
let units = [];
const flush = () => {
  if (units.length) parentPort.postMessage({ type: 'units', units });
  units = [];
};
parentPort.on('message', (message) => {
  if (message.type === 'chunk') chunks.push(Buffer.from(message.bytes.buffer, message.bytes.byteOffset, message.bytes.byteLength));
  else ended = true;
  if (wake) wake();
});
async function* input() {
  for (;;) {
    if (chunks.length) {
      // a place freed for another chunk
      parentPort.postMessage({ type: 'more' });
      yield chunks.shift();
      continue;
    }
    if (ended) return;
    // what the chunks gave goes out before waiting for the next
    flush();
    await new Promise((resolve) => (wake = resolve));
    wake = null;
  }
}
(async () => {
  if (!plugin) throw new Error('the module ' + workerData.file + ' exports no plugin named "' + workerData.name + '" with a batch reader');
  for await (const unit of plugin.batch.read(input(), workerData.channel)) {
    units.push(unit);
    if (units.length >= workerData.unitsPerMessage) flush();
  }
  flush();
  parentPort.postMessage({ type: 'done' });
})().catch((error) => {
  // the units read before the error are the file's too
  flush();
  parentPort.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) });
});
`;

type FromThread =
  | { type: 'more' }
  | { type: 'units'; units: BatchUnit[] }
  | { type: 'done' }
  | { type: 'error'; message: string };

/**
 * The units of `input` as the plugin in `module` reads them, read on a worker thread. Stopping
 * the iteration early (a `break`, an error thrown by the consumer) ends the thread.
 */
export async function* readInThread(module: PluginModule, channel: ChannelContext, input: AsyncIterable<Buffer>): AsyncGenerator<BatchUnit> {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      file: module.file,
      name: module.name,
      channel: { code: channel.code, currencyCode: channel.currencyCode, settings: channel.settings },
      unitsPerMessage: UNITS_PER_MESSAGE,
      // from source (tests, `node -r @swc-node/register`), the plugin is TypeScript
      register: module.file.endsWith('.ts') ? require.resolve('@swc-node/register') : null,
    },
    resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB },
    stdout: false,
    stderr: false,
  });
  const body = input[Symbol.asyncIterator]();
  let queue: BatchUnit[] = [];
  let next = 0;
  /** Chunks the thread has room for. */
  let room = CHUNKS_AHEAD;
  let sending = false;
  let ended = false;
  let done = false;
  let failure: unknown = null;
  let wake: (() => void) | null = null;
  const signal = () => {
    wake?.();
    wake = null;
  };
  const waiting = () => queue.length - next;
  /** Chunks of the body to the thread while it has room and the units here are few enough. */
  const send = async () => {
    if (sending) return;
    sending = true;
    try {
      while (room > 0 && !ended && !failure && waiting() < HIGH_WATER) {
        const chunk = await body.next();
        if (chunk.done) {
          ended = true;
          worker.postMessage({ type: 'end' });
        } else {
          room--;
          // a copy of its own to hand over: the chunk may be a view of a larger, shared buffer
          const bytes = new Uint8Array(chunk.value);
          worker.postMessage({ type: 'chunk', bytes }, [bytes.buffer]);
        }
      }
    } catch (error) {
      failure ??= error;
    } finally {
      sending = false;
      signal();
    }
  };
  worker.on('message', (message: FromThread) => {
    if (message.type === 'more') {
      room++;
      void send();
    } else if (message.type === 'units') {
      if (next === queue.length) {
        queue = message.units;
        next = 0;
      } else {
        for (const unit of message.units) queue.push(unit);
      }
    } else if (message.type === 'done') {
      done = true;
    } else {
      failure ??= new BatchReaderThreadError(message.message);
    }
    signal();
  });
  worker.on('error', (error) => {
    failure ??= error;
    signal();
  });
  worker.on('exit', (code) => {
    if (!done) failure ??= new BatchReaderThreadError(`the batch reader's thread stopped (exit code ${code}) before the end of the file`);
    signal();
  });
  void send();
  try {
    for (;;) {
      if (next < queue.length) {
        const unit = queue[next];
        queue[next++] = undefined as unknown as BatchUnit;
        if (next === queue.length) {
          queue = [];
          next = 0;
        }
        yield unit;
        if (room > 0 && waiting() < HIGH_WATER) void send();
        continue;
      }
      if (failure) throw failure;
      if (done) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    await worker.terminate();
    // a body still being sent stops being read
    await body.return?.();
  }
}
