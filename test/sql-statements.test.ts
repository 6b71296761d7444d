import { MAX_STATEMENTS } from '../src/db/prepared-statements';
import { createSqlReader, type SqlReader } from '../src/db/sql-reader';
import { TEST_DIALECT } from '../src/testing/test-database';
import { startTestGateway, type TestGateway } from '../src/testing/test-gateway';

let t: TestGateway;
let reader: SqlReader;

beforeAll(async () => {
  t = await startTestGateway();
  // one connection: what it keeps prepared can be read from the same session
  reader = createSqlReader(t.gateway.config.database, t.gateway.orm, { poolMax: 1 });
});

afterAll(async () => {
  await reader?.close();
  await t?.stop();
});

it('answers every distinct statement, and keeps no more of them prepared than its limit however many it is sent', async () => {
  const count = MAX_STATEMENTS + 100;
  for (let i = 0; i < count; i++) {
    // a distinct text each time, as IN lists of every length are
    const rows = await reader.all(`select ? + ${i} as n`, [1]);
    expect(Number(rows[0].n)).toBe(1 + i);
  }
  if (TEST_DIALECT === 'postgresql') {
    const [row] = await reader.all('select count(*) as prepared from pg_prepared_statements');
    expect(Number(row.prepared)).toBeLessThanOrEqual(MAX_STATEMENTS);
    expect(Number(row.prepared)).toBeGreaterThan(MAX_STATEMENTS / 2);
  }
});
