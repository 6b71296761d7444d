import type { Logger } from 'pino';

import { isUnavailable } from '../db/database-errors';
import type { BatchLineRejection, BatchUnit, ChannelPlugin } from '../plugin-sdk';
import { readInThread } from './batch-reader-thread';
import { checkRecordLimits } from './record-limits';
import { footprintOf, RecordWriter, type WriterChannel } from './record-writer';
import type { GroupCommit } from './store/group-commit';
import { emptyFootprint, type WriteSession } from './store/session';

/** The import answer: receipts stored (orders created or updated, returns kept for a sale still to come), receipts already there, lines refused. */
export interface ImportReport {
  accepted: number;
  duplicates: number;
  rejected: BatchLineRejection[];
}

/** The channel an import writes into. */
export interface ImportChannel extends WriterChannel {
  code: string;
  currencyCode: string;
  settings: Record<string, unknown> | null;
}

/** How an import is run. */
export interface ImportOptions {
  /** Called every 500 receipts and at the end. */
  onProgress?: (report: ImportReport & { receipts: number }) => void;
  /**
   * The file that exports the plugin (PluginRegistry.fileOf): with it, a body of
   * {@link THREAD_FROM_BYTES} or more is read on a thread of its own.
   */
  pluginFile?: string;
  /** The body's size when known (Content-Length, the file's size); unknown counts as large. */
  bytes?: number;
}

/**
 * Below this a body is read on the gateway's thread: starting a thread (loading the plugin in it)
 * costs tens of milliseconds, about what reading a megabyte of CSV does.
 */
const THREAD_FROM_BYTES = 1024 * 1024;

/** Receipts read ahead of their commit: two chunks, bounded so memory stays flat. */
const IN_FLIGHT = 1_024;
/**
 * Receipts handed to the group commit together: on SQLite the two chunks read ahead share one
 * transaction when they are there together, so that an import pays few commits (each a flush to disk).
 */
const CHUNK = 512;
/**
 * Reading and checking a file's receipts runs without awaiting anything real while the body is
 * already buffered: after this long the loop lets the event loop run, so that requests arriving
 * meanwhile are answered beside a large import, not after it.
 */
const SLICE_MS = 10;
/** A plugin's reader gets the body in pieces of at most this many bytes: it parses one without a pause. */
const PIECE_BYTES = 16 * 1024;

async function* pieces(input: AsyncIterable<Buffer>): AsyncIterable<Buffer> {
  for await (const chunk of input) {
    for (let at = 0; at < chunk.length; at += PIECE_BYTES) yield chunk.subarray(at, at + PIECE_BYTES);
  }
}

type RecordUnit = Extract<BatchUnit, { outcome: 'record' }>;

/**
 * Runs a batch file through a plugin's reader and stores what it reads: each receipt whole or
 * not at all, one bad receipt never sinking the others. Receipts go through the same group
 * commit as webhooks, so many share a transaction.
 */
export class ImportService {
  constructor(
    private readonly log: Logger,
    private readonly commits: GroupCommit,
  ) {}

  async run(channel: ImportChannel, plugin: ChannelPlugin, input: AsyncIterable<Buffer>, options: ImportOptions = {}): Promise<ImportReport> {
    const { onProgress } = options;
    const report: ImportReport = { accepted: 0, duplicates: 0, rejected: [] };
    let receipts = 0;
    let failure: unknown;
    const inFlight = new Set<Promise<void>>();
    let chunk: RecordUnit[] = [];
    const submit = () => {
      const written = this.write(channel, chunk, report).then(
        () => {
          inFlight.delete(written);
        },
        (error: unknown) => {
          inFlight.delete(written);
          failure ??= error;
        },
      );
      inFlight.add(written);
      chunk = [];
    };
    const context = { code: channel.code, currencyCode: channel.currencyCode, settings: channel.settings ?? {} };
    // a large file's lines are parsed and checked beside this thread, which stores the receipts
    const threaded = options.pluginFile !== undefined && (options.bytes === undefined || options.bytes >= THREAD_FROM_BYTES);
    const units = threaded ? readInThread({ file: options.pluginFile!, name: plugin.name }, context, input) : plugin.batch!.read(pieces(input), context);
    let sliceStart = performance.now();
    for await (const unit of units) {
      if (failure) break;
      if (performance.now() - sliceStart > SLICE_MS) {
        await new Promise(setImmediate);
        sliceStart = performance.now();
      }
      receipts++;
      if (receipts % 500 === 0) onProgress?.({ ...report, receipts });
      if (unit.outcome === 'rejected') {
        report.rejected.push(...unit.rejections);
        continue;
      }
      chunk.push(unit);
      if (chunk.length < CHUNK) continue;
      submit();
      if (inFlight.size * CHUNK >= IN_FLIGHT) await Promise.race(inFlight);
    }
    if (chunk.length && !failure) submit();
    await Promise.all(inFlight);
    if (failure) throw failure;
    report.rejected.sort((a, b) => a.line - b.line);
    onProgress?.({ ...report, receipts });
    this.log.info({ channel: channel.code, threaded, receipts, accepted: report.accepted, duplicates: report.duplicates, rejected: report.rejected.length }, 'import finished');
    return report;
  }

  /**
   * Stores receipts, each whole or not at all: a receipt the database refuses is reported on its
   * lines; the database being unavailable stops the import.
   */
  private async write(channel: ImportChannel, units: readonly RecordUnit[], report: ImportReport): Promise<void> {
    const refuse = (unit: RecordUnit, error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      report.rejected.push(...unit.lines.map((line, i) => ({ line, code: i === 0 ? 'INVALID_LINE' : 'RECEIPT_REJECTED', message })));
    };
    const writable: RecordUnit[] = [];
    for (const unit of units) {
      try {
        checkRecordLimits(unit.records);
        writable.push(unit);
      } catch (error) {
        refuse(unit, error);
      }
    }
    const settled = await Promise.allSettled(
      this.commits.runAll(
        writable.map((unit) => ({
          work: (session: WriteSession) => new RecordWriter(session, channel).apply(unit.records),
          footprint: () => footprintOf(channel, unit.records, emptyFootprint()),
        })),
      ),
    );
    let unavailable: unknown;
    settled.forEach((result, i) => {
      if (result.status === 'rejected') {
        if (isUnavailable(result.reason)) unavailable ??= result.reason;
        else refuse(writable[i], result.reason);
        return;
      }
      for (const outcome of result.value.outcomes) {
        if (outcome.result === 'created' || outcome.result === 'updated') report.accepted++;
        else report.duplicates++;
      }
      // a return whose sale is not stored yet (its receipt still on its way in another group)
      report.accepted += result.value.heldRefunds.kept;
      report.duplicates += result.value.heldRefunds.repeated;
    });
    if (unavailable) throw unavailable;
  }
}
