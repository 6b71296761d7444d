import { readCatalogCsv, type CatalogCsvItem } from './catalog-csv.reader';

/** The file in chunks of `size` bytes, as a request body arrives. */
async function* chunks(text: string | Buffer, size = 7): AsyncIterable<Buffer> {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function read(text: string | Buffer, size?: number): Promise<CatalogCsvItem[]> {
  const items: CatalogCsvItem[] = [];
  for await (const item of readCatalogCsv(chunks(text, size))) items.push(item);
  return items;
}

describe('readCatalogCsv', () => {
  it('maps the header in any order and case, and numbers rows by their file line', async () => {
    const items = await read('Title,SKU,Currency,Cost\r\n"Mug, large",MUG-L,EUR,4.20\r\n\r\nBowl,BOWL,,\r\n');
    expect(items).toEqual([
      { kind: 'header', check: { ok: true, columns: ['title', 'sku', 'currency', 'cost'] } },
      { kind: 'row', line: 2, draft: { sku: 'MUG-L', title: 'Mug, large', cost: '4.20', currencyCode: 'EUR' }, error: null },
      { kind: 'row', line: 4, draft: { sku: 'BOWL', title: 'Bowl', cost: '', currencyCode: '' }, error: null },
    ]);
  });

  it('gives a row its first line when a quoted value spans lines', async () => {
    const items = await read('sku,title\nA,"two\nlines"\nB,Bee\n');
    expect(items.filter((i) => i.kind === 'row').map((i) => i.kind === 'row' && i.line)).toEqual([2, 4]);
  });

  it('keeps a BOM and a character cut between chunks out of the values', async () => {
    const items = await read(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('sku,title\nTEA,抹茶\n')]), 1);
    expect(items[1]).toMatchObject({ kind: 'row', draft: { sku: 'TEA', title: '抹茶' } });
  });

  it('carries a row with the wrong number of fields with its error', async () => {
    const items = await read('sku,title\nA,Aye,extra\n');
    expect(items[1]).toMatchObject({ kind: 'row', line: 2, error: expect.stringMatching(/Invalid Record Length/) });
  });

  it.each([
    ['an unknown column', 'sku,title,price\n', /"price", which the catalog does not take/],
    ['a column twice', 'sku,title,SKU\n', /sku twice/],
    ['no title', 'sku,cost,currency\n', /lacks the column\(s\) title/],
    ['a cost without currency', 'sku,title,cost\n', /both cost and currency/],
    ['nothing at all', '', /the file is empty/],
  ])('refuses a header with %s', async (_label, text, message) => {
    expect(await read(text)).toEqual([{ kind: 'header', check: { ok: false, message: expect.stringMatching(message) } }]);
  });

  it('stops at a stray quote, giving its line', async () => {
    const items = await read('sku,title\nA,Aye\nB,"Bee"x\nC,Cee\n');
    expect(items.slice(1)).toEqual([
      { kind: 'row', line: 2, draft: expect.anything(), error: null },
      { kind: 'fatal', line: 3, message: expect.stringMatching(/cannot be read from here on/) },
    ]);
  });

  it('stops at a quote never closed, after the rows before it', async () => {
    const items = await read('sku,title\nA,Aye\nB,"Bee\n');
    expect(items.slice(1)).toEqual([
      { kind: 'row', line: 2, draft: expect.anything(), error: null },
      { kind: 'fatal', line: expect.any(Number), message: expect.stringMatching(/opening quote/) },
    ]);
  });

  it('stops where the bytes are not UTF-8', async () => {
    const items = await read(Buffer.concat([Buffer.from('sku,title\nA,Aye\n'), Buffer.from([0xff, 0x41]), Buffer.from(',x\n')]), 64);
    expect(items.at(-1)).toEqual({ kind: 'fatal', line: expect.any(Number), message: expect.stringMatching(/not valid UTF-8/) });
  });
});
