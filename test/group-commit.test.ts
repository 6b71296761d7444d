import { Customer } from '../src/customers/customer.entity';
import { createSqlWriter, type SqlWriter, type Work } from '../src/db/sql-writer';
import { GroupCommit } from '../src/ingest/store/group-commit';
import type { WriteSession } from '../src/ingest/store/session';
import { startTestGateway, type TestGateway } from '../src/testing/test-gateway';

// Group commit: works submitted together share one transaction, yet each caller gets its own
// outcome. A work that fails leaves nothing behind and takes none of the others down with it.

let t: TestGateway;

beforeAll(async () => {
  t = await startTestGateway();
});

afterAll(() => t?.stop());

const emails = async (prefix: string) =>
  (await t.em().find(Customer, { email: { $like: `${prefix}%` } }, { orderBy: { email: 'asc' } })).map((c) => c.email);

/** A work that stores a customer, then fails after writing when told to. */
function customerWork(email: string, fail: boolean): (session: WriteSession) => Work<number> {
  return function* (session) {
    const customer = yield* session.insertCustomer(email, null, email);
    if (fail) throw new Error(`refused ${email}`);
    return customer.id;
  };
}

describe('group commit', () => {
  it('commits the good works of a group and only refuses the one that failed, leaving nothing of it', async () => {
    const commits = t.gateway.services.commits;
    const outcomes = await Promise.allSettled(
      ['a', 'b', 'c', 'd', 'e'].map((name) => commits.run(customerWork(`group-${name}@example.com`, name === 'c'))),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((outcomes[2] as PromiseRejectedResult).reason.message).toBe('refused group-c@example.com');
    const ids = outcomes.filter((o): o is PromiseFulfilledResult<number> => o.status === 'fulfilled').map((o) => o.value);
    expect(new Set(ids).size).toBe(4);
    expect(await emails('group-')).toEqual(['group-a@example.com', 'group-b@example.com', 'group-d@example.com', 'group-e@example.com']);
  });

  it('settles each caller only once its work is committed and visible to every reader', async () => {
    const commits = t.gateway.services.commits;
    const seen = await Promise.all(
      ['x', 'y', 'z'].map(async (name) => {
        const id = await commits.run(customerWork(`visible-${name}@example.com`, false));
        // another connection than the writer's: the row is there as soon as the caller hears back
        return (await t.em().findOne(Customer, { id }))?.email;
      }),
    );
    expect(seen).toEqual(['visible-x@example.com', 'visible-y@example.com', 'visible-z@example.com']);
  });

  it('refuses every work of a group alone when each fails, and keeps serving after', async () => {
    const commits = t.gateway.services.commits;
    const outcomes = await Promise.allSettled(['p', 'q'].map((name) => commits.run(customerWork(`failing-${name}@example.com`, true))));
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(await emails('failing-')).toEqual([]);
    expect(await commits.run(customerWork('after@example.com', false))).toEqual(expect.any(Number));
    expect(await emails('after@')).toEqual(['after@example.com']);
  });

  it('writes a batch of works queued together across as many groups as it needs, each settling on its own', async () => {
    const commits = t.gateway.services.commits;
    // more than one group holds: the batch spans several transactions
    const names = Array.from({ length: 700 }, (_, i) => `batch-${String(i).padStart(3, '0')}`);
    const outcomes = await Promise.allSettled(
      commits.runAll(names.map((name, i) => ({ work: customerWork(`${name}@example.com`, i === 300 || i === 650) }))),
    );
    expect(outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason.message)).toEqual([
      'refused batch-300@example.com',
      'refused batch-650@example.com',
    ]);
    expect(await emails('batch-')).toEqual(names.filter((_, i) => i !== 300 && i !== 650).map((name) => `${name}@example.com`));
    // each caller heard of its own row
    const stored = await t.em().find(Customer, { email: { $like: 'batch-%' } });
    const idOf = new Map(stored.map((c) => [c.email, c.id]));
    outcomes.forEach((o, i) => {
      if (o.status === 'fulfilled') expect(o.value).toBe(idOf.get(`${names[i]}@example.com`));
    });
  });
});

describe('group commit beside other requests', () => {
  /**
   * A GroupCommit over the gateway's database whose writer notes each transaction, and whose
   * works note themselves, next to a callback that notes each turn of the event loop.
   */
  async function writeWhile(contended: boolean, prefix: string, count: number): Promise<{ transactions: number; sizes: number[]; turnsBetween: number[] }> {
    const real = createSqlWriter(t.gateway.config.database, t.gateway.orm);
    const log: string[] = [];
    const writer: SqlWriter = {
      dialect: real.dialect,
      concurrency: real.concurrency,
      date: (value) => real.date(value),
      json: (value) => real.json(value),
      close: () => real.close(),
      transaction: (works) => {
        log.push('transaction');
        return real.transaction(works);
      },
    };
    const commits = new GroupCommit(writer, { contended: () => contended });
    let done = false;
    const turn = () => {
      log.push('turn');
      if (!done) setImmediate(turn);
    };
    setImmediate(turn);
    const works = Array.from({ length: count }, (_, i) => ({
      work: function* (session: WriteSession): Work<number> {
        log.push('work');
        return (yield* session.insertCustomer(`${prefix}-${i}@example.com`, null, null)).id;
      },
    }));
    try {
      await Promise.all(commits.runAll(works));
    } finally {
      done = true;
      await real.close();
    }
    // SQLite runs a transaction's works synchronously: the log reads group by group
    const sizes: number[] = [];
    const turnsBetween: number[] = [];
    let turns = 0;
    for (const entry of log) {
      if (entry === 'transaction') {
        if (sizes.length) turnsBetween.push(turns);
        sizes.push(0);
        turns = 0;
      } else if (entry === 'work') sizes[sizes.length - 1]++;
      else if (sizes.length) turns++;
    }
    return { transactions: log.filter((e) => e === 'transaction').length, sizes, turnsBetween };
  }

  it('keeps SQLite transactions short while others wait, letting the event loop run between them; PostgreSQL groups stay whole', async () => {
    const { transactions, sizes, turnsBetween } = await writeWhile(true, 'contended', 200);
    expect(await emails('contended-')).toHaveLength(200);
    if (t.gateway.config.database.dialect === 'sqlite') {
      expect(sizes).toEqual([64, 64, 64, 8]);
      // between two transactions, other callbacks (requests read off their sockets) had their turn
      expect(turnsBetween.every((n) => n >= 1)).toBe(true);
    } else {
      // transactions run on the server, not on this thread: groups of the usual 128
      expect(transactions).toBe(2);
    }
  });

  it('writes large groups when nothing else is being served', async () => {
    const { transactions, sizes } = await writeWhile(false, 'alone', 200);
    expect(await emails('alone-')).toHaveLength(200);
    if (t.gateway.config.database.dialect === 'sqlite') expect(sizes).toEqual([200]);
    else expect(transactions).toBe(2);
  });
});
