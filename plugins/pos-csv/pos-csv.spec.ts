import type { OrderRecord, RefundRecord } from '../../src/plugin-sdk';
import plugin from './index';
import { channel, chunked, readAll, readFixture, readText, show } from './test-helpers';

const HEADER = 'store_code,receipt_id,sold_at,sku,title,quantity,unit_price,discount,tax,currency,customer_email,customer_phone,customer_name,original_receipt_id';

describe('pos-csv plugin', () => {
  it('is an OFFLINE_STORE plugin taking text/csv batches and refusing webhooks', () => {
    expect(plugin.kind).toBe('OFFLINE_STORE');
    expect(plugin.batch?.contentTypes).toEqual(['text/csv']);
    expect(plugin.normalize({ payload: {}, headers: {}, channel: channel() })).toEqual({
      outcome: 'invalid',
      reason: 'pos-csv takes files at /channels/{code}/imports',
      path: '',
    });
  });

  it('reads a day of receipts: a multi-line sale, a sale with a phone, a return against the first', async () => {
    const units = await readFixture('day-berlin.csv', channel());
    expect(units.map((u) => u.outcome)).toEqual(['record', 'record', 'record']);
    const [first, second, ret] = units;
    if (first.outcome !== 'record' || second.outcome !== 'record' || ret.outcome !== 'record') throw new Error('unreachable');
    expect(first.lines).toEqual([2, 3, 4]);
    const order = first.records[0] as OrderRecord;
    expect(order).toMatchObject({ kind: 'order', externalId: 'BER1:1001', number: '1001', status: 'PAID', currency: 'EUR', taxesIncluded: false, sourceUpdatedAt: null });
    expect(order.placedAt.toISOString()).toBe('2026-03-01T09:15:00.000Z');
    expect([order.subtotal, order.discountTotal, order.taxTotal, order.shippingTotal, order.total, order.refundedTotal].map(show)).toEqual([
      '116.89 EUR', '10.00 EUR', '20.31 EUR', '0.00 EUR', '127.20 EUR', '0.00 EUR',
    ]);
    expect(order.lines.map((l) => [l.sku, l.title, l.quantity, show(l.total)])).toEqual([
      ['SKU-1', 'Coffee beans 1kg', 2, '29.75 EUR'],
      ['SKU-2', 'Grinder', 1, '95.08 EUR'],
      [null, 'Gift wrap, red', 1, '2.37 EUR'],
    ]);
    expect(order.customer).toMatchObject({ email: 'anna@example.com', emailMatchable: true, phone: null, name: 'Anna Schmidt' });
    expect(order.customer!.externalId).toMatch(/^email:[0-9a-f]{64}$/);

    const byPhone = second.records[0] as OrderRecord;
    expect(show(byPhone.total)).toBe('10.71 EUR');
    expect(byPhone.customer).toMatchObject({ email: null, phone: '+49 (30) 1234-567' });
    expect(byPhone.customer!.externalId).toMatch(/^phone:[0-9a-f]{64}$/);

    expect(ret.lines).toEqual([6]);
    const refund = ret.records[0] as RefundRecord;
    expect(ret.records).toHaveLength(1);
    expect({ ...refund, amount: show(refund.amount) }).toEqual({
      kind: 'refund',
      orderExternalId: 'BER1:1001',
      refundId: 'BER1:1003',
      amount: '95.08 EUR',
      occurredAt: new Date('2026-03-02T08:00:00Z'),
    });
  });

  it('keeps zero decimals on a JPY receipt, whatever the channel currency', async () => {
    const [unit] = await readFixture('tokyo-jpy.csv', channel('USD'), 3);
    if (unit.outcome !== 'record') throw new Error(JSON.stringify(unit));
    const order = unit.records[0] as OrderRecord;
    expect(order.currency).toBe('JPY');
    expect(order.lines[0].title).toBe('抹茶 100g');
    expect([order.subtotal, order.discountTotal, order.taxTotal, order.total].map(show)).toEqual(['7460 JPY', '150 JPY', '731 JPY', '8041 JPY']);
    expect(order.customer).toBeNull();
  });

  it('maps other headers with settings.columns and takes the channel currency without a currency column', async () => {
    const columns = JSON.stringify({ store_code: 'Filiale', receipt_id: 'Beleg', sold_at: 'Zeit', sku: 'Artikel', title: 'Bezeichnung', quantity: 'Menge', unit_price: 'Preis', discount: 'Rabatt', tax: 'MwSt' });
    const units = await readFixture('mapped-headers.csv', channel('EUR', { columns }));
    expect(units.map((u) => (u.outcome === 'record' ? u.records.map((r) => (r as OrderRecord).externalId + ' ' + show((r as OrderRecord).total)) : u))).toEqual([
      ['HAM:B-1 8.03 EUR'],
      ['HAM:B-2 3.75 EUR'],
    ]);
  });

  it('refuses a bad receipt whole, each bad line with its own message, and keeps the good ones', async () => {
    const units = await readFixture('one-bad-receipt.csv', channel('USD'));
    const summary = units.map((u) => (u.outcome === 'record' ? `ok ${(u.records[0] as OrderRecord).externalId}` : u.rejections.map((r) => `${r.line} ${r.code} ${r.message}`)));
    expect(summary).toEqual([
      'ok NYC:1',
      [
        '3 RECEIPT_REJECTED the receipt is refused whole because of line 4',
        '4 INVALID_LINE unit_price: "twelve" is not a decimal amount',
        '5 INVALID_LINE unit_price: "9.999" has more decimals than USD allows (2)',
        "6 INVALID_LINE currency: EUR differs from the receipt's USD (line 3); a receipt has one currency",
      ],
      'ok NYC:3',
      ['8 INVALID_LINE sold_at: expected an ISO-8601 time with an offset, got "2026-03-01 10:15"'],
      ['9 INVALID_LINE quantity: is -1: a negative quantity is a return and needs original_receipt_id (the receipt it returns from)'],
      [
        '10 INVALID_LINE currency: unknown currency code "ZZZ"',
        '11 INVALID_LINE receipt_id: is empty: every line needs its receipt id',
        '12 RECEIPT_REJECTED the receipt is refused whole because of line 10',
      ],
      ['13 RECEIPT_REJECTED the receipt is refused whole because of line 14', "14 INVALID_LINE currency: GBP differs from the receipt's USD (line 13); a receipt has one currency"],
      'ok NYC:8',
    ]);
  });

  it('refuses every line when settings.columns is not a JSON object', async () => {
    const units = await readText(`${HEADER}\nS,1,2026-03-01T10:00:00Z,A,B,1,1.00,0,0,EUR,,,,\nS,2,2026-03-01T10:00:00Z,A,B,1,1.00,0,0,EUR,,,,\n`, channel('EUR', { columns: '{receipt_id:' }));
    expect(units.every((u) => u.outcome === 'rejected')).toBe(true);
    const rejections = units.flatMap((u) => (u.outcome === 'rejected' ? u.rejections : []));
    expect(rejections.map((r) => r.line)).toEqual([1, 2, 3]);
    expect(rejections[0].message).toMatch(/^settings\.columns is not valid JSON/);
    expect(rejections[1].message).toMatch(/header row cannot be used.*settings\.columns is not valid JSON/);
  });

  it('refuses the file when the header lacks a column, naming it', async () => {
    const units = await readText('store_code,sold_at\nS,2026-03-01T10:00:00Z\n', channel());
    const rejections = units.flatMap((u) => (u.outcome === 'rejected' ? u.rejections : []));
    expect(rejections[0]).toEqual({ line: 1, code: 'INVALID_LINE', message: expect.stringContaining('lacks the column(s) receipt_id, sku, title') });
    expect(rejections.map((r) => r.line)).toEqual([1, 2]);
  });

  it('refuses a row with a wrong number of fields, and counts lines of quoted multi-line fields', async () => {
    const text = `${HEADER}\nS,1,2026-03-01T10:00:00Z,A,"two\nlines",1,1.00,0,0,EUR,,,,\nS,2,2026-03-01T10:00:00Z,A,B,1,1.00\nS,3,2026-03-01T10:00:00Z,A,B,1,1.00,0,0,EUR,,,,\n`;
    const units = await readText(text, channel());
    expect(units[0]).toMatchObject({ outcome: 'record', lines: [2] });
    expect(units[1]).toEqual({ outcome: 'rejected', rejections: [{ line: 4, code: 'INVALID_LINE', message: expect.stringContaining('Invalid Record Length') }] });
    expect(units[2]).toMatchObject({ outcome: 'record', lines: [5] });
  });

  it('stops at a broken quote, after yielding what came before', async () => {
    const units = await readText(`${HEADER}\nS,1,2026-03-01T10:00:00Z,A,B,1,1.00,0,0,EUR,,,,\nS,2,2026-03-01T10:00:00Z,A,"B"x,1,1.00,0,0,EUR,,,,\n`, channel());
    // The broken row may have been the receipt's next line: the receipt it stops in is refused.
    expect(units[0]).toEqual({ outcome: 'rejected', rejections: [{ line: 2, code: 'RECEIPT_REJECTED', message: expect.stringContaining('line 3') }] });
    expect(units[1]).toEqual({ outcome: 'rejected', rejections: [{ line: 3, code: 'INVALID_LINE', message: expect.stringContaining('the file cannot be read from here on') }] });
  });

  it('refuses the receipts on both sides of a row without receipt_id at a boundary', async () => {
    const row = (id: string) => `S,${id},2026-03-01T10:00:00Z,A,B,1,1.00,0,0,EUR,,,,`;
    const units = await readText([HEADER, row('1'), row('1'), row(''), row('2'), row('3')].join('\n'), channel());
    expect(units.map((u) => (u.outcome === 'record' ? `ok ${u.lines}` : u.rejections.map((r) => `${r.line} ${r.code}`).join(' | ')))).toEqual([
      '2 RECEIPT_REJECTED | 3 RECEIPT_REJECTED | 4 INVALID_LINE',
      '5 RECEIPT_REJECTED',
      'ok 6',
    ]);
  });

  it('refuses bytes that are not UTF-8', async () => {
    const bytes = Buffer.concat([Buffer.from(`${HEADER}\nS,1,2026-03-01T10:00:00Z,A,`), Buffer.from([0xff, 0xfe]), Buffer.from(',1,1.00,0,0,EUR,,,,\n')]);
    const units = await readAll(chunked(bytes), channel());
    expect(units.at(-1)).toEqual({ outcome: 'rejected', rejections: [{ line: expect.any(Number), code: 'INVALID_LINE', message: expect.stringContaining('not valid UTF-8') }] });
  });
});
