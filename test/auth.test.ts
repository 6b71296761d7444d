import { Role } from '../src/auth/role';
import { makeChannel } from '../src/testing/factories';
import { ApiKeysDocument, ChannelsDocument, CreateApiKeyDocument, RevokeApiKeyDocument } from '../src/testing/generated/graphql';
import { startTestGateway, TEST_ADMIN_KEY, type TestGateway } from '../src/testing/test-gateway';

let t: TestGateway;

beforeAll(async () => {
  t = await startTestGateway();
  await makeChannel(t.em(), { code: 'web' });
  await makeChannel(t.em(), { code: 'store', plugin: 'pos-csv' });
});

afterAll(() => t?.stop());

describe('API keys', () => {
  it('answers 401 UNAUTHENTICATED without a key', async () => {
    const res = await t.gql(ChannelsDocument, {}, null);
    expect(res.status).toBe(401);
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(res.data ?? null).toBeNull();
  });

  it('answers 401 UNAUTHENTICATED for an unknown key', async () => {
    const res = await t.gql(ChannelsDocument, {}, 'sg_not_a_real_key');
    expect(res.status).toBe(401);
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('takes the bearer scheme in any case', async () => {
    const res = await t
      .http()
      .post('/graphql')
      .set('authorization', `bearer ${TEST_ADMIN_KEY}`)
      .send({ query: '{ channels { code } }' });
    expect(res.status).toBe(200);
    expect(res.body.data.channels).toHaveLength(2);
  });

  it('lets SALESGRAPH_ADMIN_KEY in as ADMIN', async () => {
    const res = await t.gql(ApiKeysDocument, {});
    expect(res.errors).toBeUndefined();
    expect(res.data!.apiKeys.find((k) => k.role === 'ADMIN' && !k.revoked)).toBeDefined();
  });

  it('shows a new key once and stores only its hash', async () => {
    const created = await t.gql(CreateApiKeyDocument, { input: { name: 'reporting', role: 'ANALYST' } });
    const key = created.data!.createApiKey.key;
    expect(key).toMatch(/^sg_[A-Za-z0-9_-]{40,}$/);
    const rows = await t.em().getConnection().execute('select * from api_key');
    expect(JSON.stringify(rows)).not.toContain(key);
    const listed = await t.gql(ApiKeysDocument, {});
    expect(JSON.stringify(listed.data)).not.toContain(key);
    expect(listed.data!.apiKeys.find((k) => k.id === created.data!.createApiKey.id)).toMatchObject({
      name: 'reporting',
      role: 'ANALYST',
      revoked: false,
    });
  });

  it('stops a revoked key on the very next request', async () => {
    const created = await t.gql(CreateApiKeyDocument, { input: { name: 'temp', role: 'DASHBOARD' } });
    const { id, key } = created.data!.createApiKey;
    expect((await t.gql(ChannelsDocument, {}, key)).status).toBe(200);
    const revoked = await t.gql(RevokeApiKeyDocument, { id });
    expect(revoked.data!.revokeApiKey).toBe(true);
    const after = await t.gql(ChannelsDocument, {}, key);
    expect(after.status).toBe(401);
    expect(after.errors?.[0].message).toMatch(/revoked/);
    const listed = await t.gql(ApiKeysDocument, {});
    expect(listed.data!.apiKeys.find((k) => k.id === id)?.revoked).toBe(true);
  });

  it('records when a key was last used', async () => {
    const key = await t.keyFor(Role.ANALYST);
    await t.gql(ChannelsDocument, {}, key);
    await new Promise((r) => setTimeout(r, 100));
    const listed = await t.gql(ApiKeysDocument, {});
    const used = listed.data!.apiKeys.filter((k) => k.role === 'ANALYST' && k.lastUsedAt);
    expect(used.length).toBeGreaterThan(0);
  });

  it('binds a PARTNER key to one existing channel', async () => {
    const missing = await t.gql(CreateApiKeyDocument, { input: { name: 'p', role: 'PARTNER' } });
    expect(missing.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.channelCode' });
    const unknown = await t.gql(CreateApiKeyDocument, { input: { name: 'p', role: 'PARTNER', channelCode: 'nope' } });
    expect(unknown.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const ok = await t.gql(CreateApiKeyDocument, { input: { name: 'p', role: 'PARTNER', channelCode: 'web' } });
    expect(ok.data!.createApiKey).toMatchObject({ role: 'PARTNER', channelCode: 'web' });
  });

  it.each([Role.ANALYST, Role.PARTNER, Role.DASHBOARD])('refuses key management to %s with FORBIDDEN', async (role) => {
    const key = await t.keyFor(role, role === Role.PARTNER ? 'web' : undefined);
    const list = await t.gql(ApiKeysDocument, {}, key);
    expect(list.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const create = await t.gql(CreateApiKeyDocument, { input: { name: 'x', role: 'ADMIN' } }, key);
    expect(create.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(create.data ?? null).toBeNull();
  });

  it('shows a PARTNER only its own channel', async () => {
    const key = await t.keyFor(Role.PARTNER, 'store');
    const res = await t.gql(ChannelsDocument, {}, key);
    expect(res.data!.channels.map((c) => c.code)).toEqual(['store']);
  });
});
