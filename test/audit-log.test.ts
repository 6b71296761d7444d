/**
 * The audit log through the API: every audited change an administrator makes (keys, channels,
 * merges, erasures, dead-letter replays) is read back with the key that made it, when, and what
 * it changed, newest first, page by page; no secret is ever in it, and only ADMIN reads it.
 */
import { Role } from '../src/auth/role';
import {
  AuditLogDocument,
  CreateApiKeyDocument,
  CreateChannelDocument,
  EraseCustomerDocument,
  MergeCustomersDocument,
  OrderCustomerDocument,
  ReplayDeadLetterDocument,
  RevokeApiKeyDocument,
  UpdateChannelDocument,
  type AuditLogQuery,
} from '../src/testing/generated/graphql';
import { ACME_PLUGIN, startTestGateway, type TestGateway } from '../src/testing/test-gateway';
import { acmeOrder, postWebhook, salesgraphSignature } from '../src/testing/webhooks';

type Entry = AuditLogQuery['auditLog']['edges'][number]['node'];

const SECRETS = { webhook: 'acme-webhook-secret-1', rotated: 'acme-webhook-secret-2', token: 'acme-access-token-1', newToken: 'acme-access-token-2' };

let t: TestGateway;
let startedAt: number;
let secondAdmin: { id: string; key: string };
let readerKey: { id: string; key: string };
let channelId: string;
let mergedInto: string;
let merged: string;
let deadLetterId: string;
/** Every key secret shown by createApiKey in this test. */
const keySecrets: string[] = [];

const send = (orders: unknown[], secret = SECRETS.rotated) => {
  const text = JSON.stringify({ orders });
  return postWebhook(t, 'acme', text, { 'content-type': 'application/json', 'x-salesgraph-signature': salesgraphSignature(secret, text) });
};

const createKey = async (name: string, role: Role, by?: string) => {
  const res = await t.gql(CreateApiKeyDocument, { input: { name, role } }, by);
  expect(res.errors).toBeUndefined();
  keySecrets.push(res.data!.createApiKey.key);
  return { id: res.data!.createApiKey.id, key: res.data!.createApiKey.key };
};

/** The whole log, newest first, read in pages of `pageSize`. */
async function wholeLog(pageSize: number, filters: Record<string, string> = {}): Promise<Entry[]> {
  const entries: Entry[] = [];
  let after: string | null = null;
  for (;;) {
    const res = await t.gql(AuditLogDocument, { first: pageSize, after, ...filters });
    expect(res.errors).toBeUndefined();
    const page: AuditLogQuery['auditLog'] = res.data!.auditLog;
    entries.push(...page.edges.map((e) => e.node));
    if (!page.pageInfo.hasNextPage) return entries;
    after = page.pageInfo.endCursor!;
  }
}

const entriesOf = async (action: Entry['action']) => (await wholeLog(100)).filter((e) => e.action === action);

beforeAll(async () => {
  t = await startTestGateway({ plugins: [ACME_PLUGIN] });
  startedAt = Date.now();
  const channel = await t.gql(CreateChannelDocument, {
    input: {
      code: 'acme',
      name: 'Acme',
      kind: 'MARKETPLACE',
      plugin: 'acme-connector',
      currencyCode: 'USD',
      webhookSecret: SECRETS.webhook,
      settings: { apiBaseUrl: 'https://api.acme.example', accessToken: SECRETS.token },
    },
  });
  expect(channel.errors).toBeUndefined();
  channelId = channel.data!.createChannel.id;
  const updated = await t.gql(UpdateChannelDocument, {
    code: 'acme',
    input: { name: 'Acme marketplace', webhookSecret: SECRETS.rotated, settings: { apiBaseUrl: 'https://api.acme.example', accessToken: SECRETS.newToken } },
  });
  expect(updated.errors).toBeUndefined();

  secondAdmin = await createKey('second admin', Role.ADMIN);
  readerKey = await createKey('report reader', Role.ANALYST, secondAdmin.key);
  expect((await t.gql(RevokeApiKeyDocument, { id: readerKey.id }, secondAdmin.key)).data!.revokeApiKey).toBe(true);

  expect((await send([acmeOrder('m-1'), acmeOrder('m-2')])).status).toBe(200);
  const customerOf = async (externalId: string) => (await t.gql(OrderCustomerDocument, { channelCode: 'acme', externalId })).data!.orderByExternalId!.customer!.id;
  [merged, mergedInto] = [await customerOf('m-1'), await customerOf('m-2')];
  expect((await t.gql(MergeCustomersDocument, { sourceId: merged, targetId: mergedInto })).errors).toBeUndefined();
  expect((await t.gql(EraseCustomerDocument, { id: mergedInto })).errors).toBeUndefined();

  // a refused order, fixed in the store (as an operator would after a plugin fix), then replayed
  const refused = await send([acmeOrder('d-1', { status: 'SHIPPED' })]);
  expect(refused.status).toBe(422);
  deadLetterId = refused.body.deadLetterId;
  await t.em().getConnection().execute('update dead_letter set body = ? where id = ?', [JSON.stringify({ orders: [acmeOrder('d-1')] }), Number(deadLetterId)]);
  expect((await t.gql(ReplayDeadLetterDocument, { id: deadLetterId })).data!.replayDeadLetter.accepted).toBe(true);
});

afterAll(() => t?.stop());

describe('the audit log', () => {
  it('records each audited change once, newest first', async () => {
    const log = await wholeLog(100);
    expect(log.map((e) => e.action)).toEqual([
      'DEAD_LETTER_REPLAYED',
      'CUSTOMER_ERASED',
      'CUSTOMERS_MERGED',
      'API_KEY_REVOKED',
      'API_KEY_CREATED',
      'API_KEY_CREATED',
      'CHANNEL_UPDATED',
      'CHANNEL_CREATED',
    ]);
    const ids = log.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });

  it('says who made each change: the key by id and name, and its role', async () => {
    const log = await wholeLog(100);
    const byAction = (action: Entry['action']) => log.filter((e) => e.action === action);
    expect(byAction('CHANNEL_CREATED')[0]).toMatchObject({ actorKeyName: 'admin (SALESGRAPH_ADMIN_KEY)', actorRole: 'ADMIN' });
    expect(byAction('API_KEY_REVOKED')[0]).toMatchObject({ actorKeyId: secondAdmin.id, actorKeyName: 'second admin', actorRole: 'ADMIN' });
    // the key that made the second admin is not the second admin
    expect(byAction('API_KEY_CREATED').map((e) => e.actorKeyName)).toEqual(['second admin', 'admin (SALESGRAPH_ADMIN_KEY)']);
  });

  it('says when, as the change happened', async () => {
    for (const entry of await wholeLog(100)) {
      expect(Date.parse(entry.at)).toBeGreaterThanOrEqual(startedAt - 1000);
      expect(Date.parse(entry.at)).toBeLessThanOrEqual(Date.now());
    }
  });

  it('says what: the target and what changed about it', async () => {
    const [created] = await entriesOf('CHANNEL_CREATED');
    expect(created).toMatchObject({ targetType: 'CHANNEL', targetId: channelId });
    expect(created.details).toMatchObject({ code: 'acme', plugin: 'acme-connector', webhookSecret: 'set' });
    expect(created.details.settings).toEqual(expect.arrayContaining(['accessToken', 'apiBaseUrl']));

    const [updated] = await entriesOf('CHANNEL_UPDATED');
    expect(updated).toMatchObject({ targetType: 'CHANNEL', targetId: channelId });
    expect(updated.details).toEqual({
      code: 'acme',
      fields: ['name', 'webhookSecret', 'settings'],
      changes: { name: { from: 'Acme', to: 'Acme marketplace' }, webhookSecret: 'rotated', settings: ['accessToken'] },
    });

    const [readerCreated] = await entriesOf('API_KEY_CREATED');
    expect(readerCreated).toMatchObject({ targetType: 'API_KEY', targetId: readerKey.id, details: { name: 'report reader', role: 'ANALYST', channelCode: null } });
    const [revoked] = await entriesOf('API_KEY_REVOKED');
    expect(revoked).toMatchObject({ targetType: 'API_KEY', targetId: readerKey.id, details: { name: 'report reader', role: 'ANALYST' } });

    const [merge] = await entriesOf('CUSTOMERS_MERGED');
    expect(merge).toMatchObject({ targetType: 'CUSTOMER', targetId: mergedInto, details: { sourceId: merged, targetId: mergedInto } });
    const [erased] = await entriesOf('CUSTOMER_ERASED');
    expect(erased).toMatchObject({ targetType: 'CUSTOMER', targetId: mergedInto, details: { orders: 2, channelIdentities: 2, archivedPayloads: 1 } });

    const [replayed] = await entriesOf('DEAD_LETTER_REPLAYED');
    expect(replayed).toMatchObject({ targetType: 'DEAD_LETTER', targetId: deadLetterId, details: { accepted: true, result: 'created' } });
    expect(replayed.details.orderIds).toHaveLength(1);
  });

  it('never holds a secret: webhook secrets, secret settings and key secrets', async () => {
    const text = JSON.stringify(await wholeLog(100));
    for (const secret of [...Object.values(SECRETS), ...keySecrets]) expect(text).not.toContain(secret);
  });

  it('records nothing for a change that did not happen', async () => {
    const before = (await wholeLog(100)).length;
    expect((await t.gql(RevokeApiKeyDocument, { id: readerKey.id })).data!.revokeApiKey).toBe(false);
    const duplicate = await t.gql(CreateChannelDocument, { input: { code: 'acme', name: 'Again', kind: 'MARKETPLACE', plugin: 'acme-connector', currencyCode: 'USD' } });
    expect(duplicate.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const unchanged = await t.gql(UpdateChannelDocument, { code: 'acme', input: { name: 'Acme marketplace' } });
    expect(unchanged.errors).toBeUndefined();
    expect((await t.gql(MergeCustomersDocument, { sourceId: merged, targetId: mergedInto })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await wholeLog(100)).length).toBe(before);
  });

  it('pages newest first: every entry once, whatever the page size, with the total', async () => {
    const all = await wholeLog(100);
    for (const size of [1, 3]) expect((await wholeLog(size)).map((e) => e.id)).toEqual(all.map((e) => e.id));
    const first = await t.gql(AuditLogDocument, { first: 3 });
    expect(first.data!.auditLog).toMatchObject({ totalCount: all.length, pageInfo: { hasNextPage: true, hasPreviousPage: false } });
    expect((await t.gql(AuditLogDocument, { first: 501 })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('filters by action, and by target', async () => {
    const keys = await wholeLog(100, { action: 'API_KEY_CREATED' });
    expect(keys.map((e) => e.targetId)).toEqual([readerKey.id, secondAdmin.id]);
    const reader = await wholeLog(100, { targetType: 'API_KEY', targetId: readerKey.id });
    expect(reader.map((e) => e.action)).toEqual(['API_KEY_REVOKED', 'API_KEY_CREATED']);
    const res = await t.gql(AuditLogDocument, { first: 10, targetType: 'CUSTOMER', targetId: mergedInto });
    expect(res.data!.auditLog.totalCount).toBe(2);
  });

  it.each([Role.ANALYST, Role.PARTNER, Role.DASHBOARD])('is refused to %s keys', async (role) => {
    const key = await t.keyFor(role, role === Role.PARTNER ? 'acme' : undefined);
    const res = await t.gql(AuditLogDocument, { first: 10 }, key);
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(res.data).toBeNull();
  });
});
