/**
 * The baseline of `bench:import`, in its own process: the pos-csv plugin's batch reader alone over
 * the file (UTF-8 check, csv-parse, every value checked, receipts made into orders and refunds),
 * storing nothing. Started by bench/import/run.ts with the file and channel as a JSON argument;
 * answers over IPC with lines/s and the counts it read.
 */
import fs from 'node:fs';

import posCsv from '../../plugins/pos-csv';

export interface ReadOnlyOptions {
  file: string;
  channel: { code: string; currencyCode: string };
}

export interface ReadOnlyResult {
  lines: number;
  receipts: number;
  rejectedLines: number;
  orders: number;
  refunds: number;
  seconds: number;
  linesPerSecond: number;
}

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2]) as ReadOnlyOptions;
  const started = process.hrtime.bigint();
  const result = { lines: 0, receipts: 0, rejectedLines: 0, orders: 0, refunds: 0 };
  const input = fs.createReadStream(options.file) as AsyncIterable<Buffer>;
  for await (const unit of posCsv.batch!.read(input, { ...options.channel, settings: {} })) {
    result.receipts++;
    if (unit.outcome === 'rejected') {
      result.rejectedLines += unit.rejections.length;
      result.lines += unit.rejections.length;
      continue;
    }
    result.lines += unit.lines.length;
    for (const record of unit.records) {
      if (record.kind === 'order') result.orders++;
      else if (record.kind === 'refund') result.refunds++;
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const answer: ReadOnlyResult = { ...result, seconds, linesPerSecond: Math.round(result.lines / seconds) };
  process.send!(answer);
}

main().catch((error) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
