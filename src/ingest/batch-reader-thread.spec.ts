import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import posCsv from '../../plugins/pos-csv';
import type { BatchUnit, ChannelContext } from '../plugin-sdk';
import { BatchReaderThreadError, readInThread } from './batch-reader-thread';

const POS_CSV = { file: path.resolve(__dirname, '../../plugins/pos-csv/index.ts'), name: 'pos-csv' };
const channel: ChannelContext = { code: 'tills', currencyCode: 'EUR', settings: {} };
const HEADER = 'store_code,receipt_id,sold_at,sku,title,quantity,unit_price,discount,tax,currency,customer_email,customer_phone,customer_name,original_receipt_id';

/** A till export of `receipts` receipts of two lines, a bad line in receipt 7 and a return of receipt 10. */
function tillExport(receipts: number): Buffer {
  const rows = [HEADER];
  for (let r = 1; r <= receipts; r++) {
    const at = new Date(Date.parse('2026-05-01T09:00:00Z') + r * 1_000).toISOString();
    rows.push(`B1,${r},${at},SKU-1,"Tea, green",2,${r === 7 ? 'lots' : '3.50'},0,1.33,EUR,buyer${r}@example.com,,Buyer ${r},`);
    rows.push(`B1,${r},${at},SKU-2,Cup,1,9.00,1.00,1.52,EUR,,,,`);
  }
  rows.push(`B1,R10,2026-05-02T09:00:00Z,SKU-2,Cup,-1,9.00,1.00,1.52,EUR,,,,10`);
  return Buffer.from(rows.join('\n') + '\n');
}

async function* chunks(bytes: Buffer, size: number, pulled?: { count: number; returned: boolean }): AsyncGenerator<Buffer> {
  try {
    for (let at = 0; at < bytes.length; at += size) {
      if (pulled) pulled.count++;
      yield bytes.subarray(at, at + size);
    }
  } finally {
    if (pulled) pulled.returned = true;
  }
}

async function all(units: AsyncIterable<BatchUnit>): Promise<BatchUnit[]> {
  const out: BatchUnit[] = [];
  for await (const unit of units) out.push(unit);
  return out;
}

/** A plugin module of plain JavaScript in a temporary folder. */
function pluginModule(source: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesgraph-reader-'));
  const file = path.join(dir, 'index.js');
  fs.writeFileSync(file, source);
  return file;
}

describe('readInThread', () => {
  it('gives the units the plugin reads on the gateway thread: same records, dates, line numbers and rejections, in file order', async () => {
    const file = tillExport(600);
    const here = await all(posCsv.batch!.read(chunks(file, 4_096), channel));
    const there = await all(readInThread(POS_CSV, channel, chunks(file, 4_096)));
    expect(there).toEqual(here);
    expect(there).toHaveLength(601);
    const sale = there[0];
    expect(sale.outcome).toBe('record');
    // a Date (of the realm the thread's messages arrive in: jest runs this file in a realm of its own)
    if (sale.outcome === 'record' && sale.records[0].kind === 'order') expect(Object.prototype.toString.call(sale.records[0].placedAt)).toBe('[object Date]');
    expect(there[6]).toMatchObject({ outcome: 'rejected', rejections: [{ line: 14 }, { line: 15 }] });
  });

  it("ends with the reader's own error after the units it gave before it", async () => {
    const file = pluginModule(`
      exports.default = { name: 'failing', batch: { contentTypes: ['text/csv'], async *read(input) {
        for await (const _ of input) break;
        yield { outcome: 'rejected', rejections: [{ line: 2, code: 'INVALID_LINE', message: 'first' }] };
        throw new Error('the reader broke at line 7');
      } } };`);
    const seen: BatchUnit[] = [];
    const reading = (async () => {
      for await (const unit of readInThread({ file, name: 'failing' }, channel, chunks(Buffer.from('a\nb\n'), 2))) seen.push(unit);
    })();
    await expect(reading).rejects.toThrow(new BatchReaderThreadError('the reader broke at line 7'));
    expect(seen).toEqual([{ outcome: 'rejected', rejections: [{ line: 2, code: 'INVALID_LINE', message: 'first' }] }]);
  });

  it('says so when the module exports no such plugin', async () => {
    const file = pluginModule(`exports.default = { name: 'other', batch: { contentTypes: [], async *read() {} } };`);
    await expect(all(readInThread({ file, name: 'pos-csv' }, channel, chunks(Buffer.from('x'), 1)))).rejects.toThrow(
      /exports no plugin named "pos-csv" with a batch reader/,
    );
  });

  it('pulls the body only as far as the units taken allow, and stops pulling it when the consumer stops', async () => {
    // 20,000 receipts in 4 KiB chunks: about 400 chunks
    const file = tillExport(20_000);
    const total = Math.ceil(file.length / 4_096);
    const pulled = { count: 0, returned: false };
    let taken = 0;
    for await (const _unit of readInThread(POS_CSV, channel, chunks(file, 4_096, pulled))) {
      if (++taken === 5) {
        // a consumer that stops taking for a while (a slow database)
        await new Promise((resolve) => setTimeout(resolve, 500));
        break;
      }
    }
    // at most the units waiting (1,024, about 45 chunks of these receipts) and the chunks ahead
    expect(pulled.count).toBeLessThan(80);
    expect(pulled.count).toBeLessThan(total / 3);
    expect(pulled.returned).toBe(true);
  });
});
