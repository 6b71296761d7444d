/** A 200,000-line file, generated as it is read, streams with bounded memory. */
import v8 from 'node:v8';
import vm from 'node:vm';

import type { OrderRecord } from '../../src/plugin-sdk';
import plugin from './index';
import { channel } from './test-helpers';

const LINES = 200_000;
const HEADER = 'store_code,receipt_id,sold_at,sku,title,quantity,unit_price,discount,tax,currency,customer_email,customer_phone,customer_name,original_receipt_id\n';

/** Rows in 64 KiB chunks, never the whole file: 4 lines per receipt, a customer every 10th. */
async function* generated(): AsyncIterable<Buffer> {
  let text = HEADER;
  for (let i = 0; i < LINES; i++) {
    const receipt = Math.floor(i / 4);
    const email = receipt % 10 === 0 ? `buyer${receipt}@example.com` : '';
    text += `S${receipt % 7},${receipt},2026-03-01T10:00:00+01:00,SKU-${i % 100},"Item ${i}, blue",${(i % 3) + 1},${(i % 50) + 1}.99,0.10,0.50,EUR,${email},,,\n`;
    if (text.length >= 65_536) {
      yield Buffer.from(text, 'utf8');
      text = '';
    }
  }
  if (text) yield Buffer.from(text, 'utf8');
}

// a full collection on demand: what is still reachable is what the reader keeps
v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc') as () => void;
const retained = () => {
  collect();
  return process.memoryUsage().heapUsed;
};

it('streams 200,000 lines keeping memory flat, and reports lines/s', async () => {
  let baseline = 0;
  let growth = 0;
  let receipts = 0;
  let lines = 0;
  const started = process.hrtime.bigint();
  for await (const unit of plugin.batch!.read(generated(), channel())) {
    if (unit.outcome !== 'record') throw new Error(JSON.stringify(unit));
    receipts += 1;
    lines += unit.lines.length;
    if (receipts === 1) expect((unit.records[0] as OrderRecord).lines).toHaveLength(4);
    if (receipts === 2_000) baseline = retained();
    else if (receipts % 5_000 === 0) growth = Math.max(growth, retained() - baseline);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`pos-csv: ${lines} lines, ${receipts} receipts in ${seconds.toFixed(2)} s = ${Math.round(lines / seconds)} lines/s; retained heap growth ${(growth / 2 ** 20).toFixed(1)} MB`);
  expect(lines).toBe(LINES);
  expect(receipts).toBe(LINES / 4);
  // holding the file's 50,000 receipts would retain hundreds of MB; a streaming reader keeps ~none
  expect(growth).toBeLessThan(16 * 2 ** 20);
});
