import type { Logger } from 'pino';

import { isUnavailable } from '../db/database-errors';
import type { BatchLineRejection, BatchUnit, ChannelPlugin } from '../plugin-sdk';
import { checkRecordLimits } from './record-limits';
import { footprintOf, RecordWriter, type WriterChannel } from './record-writer';
import type { GroupCommit } from './store/group-commit';
import { emptyFootprint } from './store/session';

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

/** Receipts read ahead of their commit: enough to fill several groups, bounded so memory stays flat. */
const IN_FLIGHT = 1_000;

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

  async run(
    channel: ImportChannel,
    plugin: ChannelPlugin,
    input: AsyncIterable<Buffer>,
    onProgress?: (report: ImportReport & { receipts: number }) => void,
  ): Promise<ImportReport> {
    const report: ImportReport = { accepted: 0, duplicates: 0, rejected: [] };
    let receipts = 0;
    let failure: unknown;
    const inFlight = new Set<Promise<void>>();
    const context = { code: channel.code, currencyCode: channel.currencyCode, settings: channel.settings ?? {} };
    for await (const unit of plugin.batch!.read(input, context)) {
      if (failure) break;
      receipts++;
      if (unit.outcome === 'rejected') {
        report.rejected.push(...unit.rejections);
        continue;
      }
      const written = this.write(channel, unit, report).then(
        () => {
          inFlight.delete(written);
        },
        (error: unknown) => {
          inFlight.delete(written);
          failure ??= error;
        },
      );
      inFlight.add(written);
      if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
      if (receipts % 500 === 0) onProgress?.({ ...report, receipts });
    }
    await Promise.all(inFlight);
    if (failure) throw failure;
    report.rejected.sort((a, b) => a.line - b.line);
    onProgress?.({ ...report, receipts });
    this.log.info({ channel: channel.code, receipts, accepted: report.accepted, duplicates: report.duplicates, rejected: report.rejected.length }, 'import finished');
    return report;
  }

  /** Stores one receipt; a receipt the database refuses is reported on its lines, anything else stops the import. */
  private async write(channel: ImportChannel, unit: RecordUnit, report: ImportReport): Promise<void> {
    try {
      checkRecordLimits(unit.records);
      const written = await this.commits.run(
        (session) => new RecordWriter(session, channel).apply(unit.records),
        () => footprintOf(channel, unit.records, emptyFootprint()),
      );
      for (const outcome of written.outcomes) {
        if (outcome.result === 'created' || outcome.result === 'updated') report.accepted++;
        else report.duplicates++;
      }
      // a return whose sale is not stored yet (its receipt still on its way in another group)
      report.accepted += written.heldRefunds.kept;
      report.duplicates += written.heldRefunds.repeated;
    } catch (error) {
      if (isUnavailable(error)) throw error;
      const message = error instanceof Error ? error.message : String(error);
      report.rejected.push(...unit.lines.map((line, i) => ({ line, code: i === 0 ? 'INVALID_LINE' : 'RECEIPT_REJECTED', message })));
    }
  }
}
