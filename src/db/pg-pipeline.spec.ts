import { Pool, type PoolClient } from 'pg';

import { createTempPostgresDatabase, dropPostgresDatabase } from '../testing/postgres';
import { prepareValue } from 'pg/lib/utils';

import { encodeParameter, runPipeline } from './pg-pipeline';
import { createSqlWriter, deferred, statement, type SqlWriter, type Work } from './sql-writer';

/**
 * Pipelines are the PostgreSQL write path's way of sending several statements in one round trip:
 * they must answer exactly as the statements sent one by one would, and leave the connection as
 * usable (and its prepared statements as the driver knows them) whatever fails.
 */
let database: { url: string; name: string };
let pool: Pool;
let client: PoolClient;

beforeAll(async () => {
  database = await createTempPostgresDatabase('salesgraph_pipeline');
  pool = new Pool({ connectionString: database.url, max: 4 });
  const setup = await pool.connect();
  await setup.query('create table item (id int primary key, label text not null, at timestamptz, amount bigint, tags jsonb)');
  setup.release();
});

afterAll(async () => {
  await pool?.end();
  if (database) await dropPostgresDatabase(database.name);
});

beforeEach(async () => {
  client = await pool.connect();
  await client.query('truncate item');
});

afterEach(() => client.release());

const insert = (id: number, label: string) => ({ name: 'pipe_insert', text: 'insert into item (id, label) values ($1, $2)', values: [id, label] });
const count = { name: 'pipe_count', text: 'select count(*) as n from item', values: [] };

it('runs the statements in order, each seeing what the ones before it wrote, and answers with the last one’s rows', async () => {
  const rows = await runPipeline(client, [insert(1, 'one'), insert(2, 'two'), { text: 'update item set label = upper(label) where id = $1', values: [2] }, count]);
  expect(rows).toEqual([{ n: '2' }]);
  const { rows: stored } = await client.query('select id, label from item order by id');
  expect(stored).toEqual([
    { id: 1, label: 'one' },
    { id: 2, label: 'TWO' },
  ]);
});

it('encodes every kind of parameter to the same text as node-postgres', () => {
  const values: unknown[] = [
    null,
    undefined,
    42,
    'plain',
    [],
    [1, -2, 3.5, 0, null, undefined, Number.MAX_SAFE_INTEGER],
    ['plain', 'with "quotes"', 'back\\slash', 'both \\"', '', 'NULL', 'comma, {brace}', 'ünïcödé ✓', null],
    [true, false, null],
    [new Date('2026-11-24T10:11:12.345Z'), null],
    ['{"a":1,"b":"x\\"y"}', JSON.stringify({ note: 'a "quoted" \\ word' })],
    [[1, 2], [3, null]],
    [{ an: 'object' }, 10n],
    [Buffer.from('bytes')],
  ];
  for (const value of values) expect(encodeParameter(value)).toEqual(prepareValue(value));
});

it('encodes parameters and decodes columns exactly as client.query does', async () => {
  const values = [7, 'seven', new Date('2026-11-24T10:11:12.345Z'), '9007199254740993', { tags: ['a', "b'c"], nested: { n: 1 } }];
  await runPipeline(client, [{ text: 'insert into item (id, label, at, amount, tags) values ($1, $2, $3, $4, $5)', values }]);
  const select = 'select id, label, at, amount, tags, array[id, id + 1] as ids, label is not null as labelled from item where id = $1';
  const piped = await runPipeline(client, [{ text: select, values: [7] }]);
  const { rows: queried } = await client.query(select, [7]);
  expect(piped).toEqual(queried);
  expect(piped[0]).toMatchObject({ at: values[2], amount: '9007199254740993', tags: values[4], ids: [7, 8], labelled: true });
});

it('stops at a failing statement with the server’s error, runs nothing after it, and leaves the connection usable', async () => {
  await client.query('begin');
  const failed = runPipeline(client, [insert(1, 'one'), insert(1, 'again'), insert(2, 'two'), count]);
  await expect(failed).rejects.toMatchObject({ code: '23505' });
  // the transaction is aborted: rolled back, nothing of the pipeline stays
  await client.query('rollback');
  expect((await client.query('select count(*)::int as n from item')).rows).toEqual([{ n: 0 }]);

  // the statements prepared before the failure are known to be, the one after it is prepared when first run
  expect(await runPipeline(client, [insert(3, 'three'), count])).toEqual([{ n: '1' }]);
  expect(await runPipeline(client, [{ name: 'pipe_after', text: 'select label from item where id = $1', values: [3] }])).toEqual([{ label: 'three' }]);
});

it('keeps no name for a statement the server could not prepare', async () => {
  const broken = { name: 'pipe_broken', text: 'select label frm item', values: [] };
  await expect(runPipeline(client, [count, broken])).rejects.toMatchObject({ code: '42601' });
  // prepared again (and refused again for what it says), not taken for prepared ("does not exist")
  await expect(runPipeline(client, [broken])).rejects.toMatchObject({ code: '42601' });
  expect(await runPipeline(client, [count])).toEqual([{ n: '0' }]);
});

it('refuses a value it cannot encode before sending anything, and the connection goes on', async () => {
  const unencodable = {
    toPostgres() {
      throw new Error('cannot be encoded');
    },
  };
  await expect(runPipeline(client, [insert(1, 'one'), { text: 'select $1::text', values: [unencodable] }])).rejects.toThrow('cannot be encoded');
  expect(await runPipeline(client, [count])).toEqual([{ n: '0' }]);
});

describe('the write path on PostgreSQL', () => {
  let writer: SqlWriter;

  beforeAll(() => {
    writer = createSqlWriter({ dialect: 'postgresql', url: database.url, dbName: database.name }, undefined as never);
  });

  afterAll(() => writer?.close());

  function* write(labels: string[], then: Work<number>): Work<number> {
    for (const [i, label] of labels.entries()) yield deferred(statement('insert into item (id, label) values (?, ?)', i + 1, label));
    return yield* then;
  }

  function* countItems(): Work<number> {
    const [row] = yield statement('select count(*) as n from item');
    return Number(row.n);
  }

  it('sends statements for their effect with the next one whose rows a work reads, in order, and commits them', async () => {
    const [seen] = await writer.transaction([() => write(['a', 'b', 'c'], countItems())]);
    expect(seen).toBe(3);
    expect((await client.query('select label from item order by id')).rows.map((r) => r.label)).toEqual(['a', 'b', 'c']);
  });

  it('fails the transaction on a deferred statement’s error and commits nothing of it', async () => {
    function* nothingMore(): Work<number> {
      return 0;
    }
    // the duplicate key fails with the commit it went with
    await expect(writer.transaction([() => write(['a', 'b'], nothingMore()), () => write(['c'], nothingMore())])).rejects.toMatchObject({ code: '23505' });
    expect((await client.query('select count(*)::int as n from item')).rows).toEqual([{ n: 0 }]);
    // the writer's connections go on
    const [seen] = await writer.transaction([() => write(['d'], countItems())]);
    expect(seen).toBe(1);
  });
});
