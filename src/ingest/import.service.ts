import type { MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager as EntityManager } from '@mikro-orm/knex';
import type { Logger } from 'pino';

import { Channel } from '../channels/channel.entity';
import type { BatchLineRejection, BatchUnit, ChannelPlugin } from '../plugin-sdk';
import { checkRecordLimits } from './record-limits';
import { RecordWriter } from './record-writer';

/** The import answer: orders created or updated, orders already there unchanged, lines refused. */
export interface ImportReport {
  accepted: number;
  duplicates: number;
  rejected: BatchLineRejection[];
}

/** Receipts written per transaction: fewer commits, and still a bounded amount of work in flight. */
const UNITS_PER_TRANSACTION = 200;

/**
 * Runs a batch file through a plugin's reader and stores what it reads: each receipt whole or
 * not at all, one bad receipt never sinking the others, many receipts per transaction.
 */
export class ImportService {
  constructor(
    private readonly orm: MikroORM,
    private readonly log: Logger,
  ) {}

  async run(
    channel: Channel,
    plugin: ChannelPlugin,
    input: AsyncIterable<Buffer>,
    onProgress?: (report: ImportReport & { receipts: number }) => void,
  ): Promise<ImportReport> {
    const report: ImportReport = { accepted: 0, duplicates: 0, rejected: [] };
    let receipts = 0;
    let pending: Extract<BatchUnit, { outcome: 'record' }>[] = [];
    const context = { code: channel.code, currencyCode: channel.currencyCode, settings: channel.settings ?? {} };
    for await (const unit of plugin.batch!.read(input, context)) {
      receipts++;
      if (unit.outcome === 'rejected') {
        report.rejected.push(...unit.rejections);
      } else {
        pending.push(unit);
        if (pending.length >= UNITS_PER_TRANSACTION) {
          await this.write(channel, pending, report);
          pending = [];
          onProgress?.({ ...report, receipts });
        }
      }
    }
    if (pending.length) await this.write(channel, pending, report);
    onProgress?.({ ...report, receipts });
    this.log.info({ channel: channel.code, receipts, accepted: report.accepted, duplicates: report.duplicates, rejected: report.rejected.length }, 'import finished');
    return report;
  }

  /** Writes units in one transaction; if that fails on one unit, writes them one by one so only it is refused. */
  private async write(channel: Channel, units: Extract<BatchUnit, { outcome: 'record' }>[], report: ImportReport): Promise<void> {
    try {
      const counts = await this.transaction(channel, units);
      report.accepted += counts.accepted;
      report.duplicates += counts.duplicates;
    } catch (error) {
      if (units.length === 1) {
        const message = error instanceof Error ? error.message : String(error);
        report.rejected.push(...units[0].lines.map((line, i) => ({ line, code: i === 0 ? 'INVALID_LINE' : 'RECEIPT_REJECTED', message })));
        return;
      }
      for (const unit of units) await this.write(channel, [unit], report);
    }
  }

  private async transaction(channel: Channel, units: Extract<BatchUnit, { outcome: 'record' }>[]) {
    return (this.orm.em.fork() as EntityManager).transactional(async (tx) => {
      const counts = { accepted: 0, duplicates: 0 };
      for (const unit of units) {
        checkRecordLimits(unit.records);
        const written = await new RecordWriter(tx as EntityManager, tx.getReference(Channel, channel.id)).apply(unit.records);
        for (const outcome of written.outcomes) {
          if (outcome.result === 'created' || outcome.result === 'updated') counts.accepted++;
          else counts.duplicates++;
        }
      }
      return counts;
    });
  }
}
