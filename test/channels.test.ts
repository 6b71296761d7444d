import { ChannelsDocument, CreateChannelDocument, UpdateChannelDocument } from '../src/testing/generated/graphql';
import { Role } from '../src/auth/role';
import { ACME_PLUGIN, startTestGateway, TEST_ADMIN_KEY, type TestGateway } from '../src/testing/test-gateway';

let t: TestGateway;

beforeAll(async () => {
  t = await startTestGateway({ plugins: [ACME_PLUGIN] });
});

afterAll(() => t?.stop());

const valid = {
  code: 'shop-us',
  name: 'US web shop',
  kind: 'MARKETPLACE' as const,
  plugin: 'acme-connector',
  currencyCode: 'usd',
  countryCode: 'us',
  webhookSecret: 'whsec_super_secret',
  settings: { apiBaseUrl: 'https://api.acme.example', accessToken: 'shpat_secret' },
};

describe('channels', () => {
  it('are created by ADMIN, normalized, and listed', async () => {
    const res = await t.gql(CreateChannelDocument, { input: valid });
    expect(res.errors).toBeUndefined();
    expect(res.data!.createChannel).toMatchObject({
      code: 'shop-us',
      name: 'US web shop',
      kind: 'MARKETPLACE',
      plugin: 'acme-connector',
      currencyCode: 'USD',
      countryCode: 'US',
      enabled: true,
    });
    const list = await t.gql(ChannelsDocument, {});
    expect(list.data!.channels.map((c) => c.code)).toEqual(['shop-us']);
  });

  it('never return the webhook secret or settings, and the API has no field for them', async () => {
    const res = await t.gql('{ channels { code webhookSecret } }');
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const list = await t
      .http()
      .post('/graphql')
      .set('authorization', `Bearer ${TEST_ADMIN_KEY}`)
      .send({ query: '{ channels { id code name kind plugin currencyCode countryCode enabled } }' });
    expect(JSON.stringify(list.body)).not.toMatch(/whsec_super_secret|shpat_secret/);
  });

  it('refuses a duplicate code, naming the field', async () => {
    const res = await t.gql(CreateChannelDocument, { input: { ...valid, name: 'again' } });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.code' });
    expect(res.errors?.[0].message).toMatch(/already exists/);
  });

  it.each([
    ['an empty code', { code: '  ' }, 'input.code'],
    ['a code with spaces', { code: 'my shop' }, 'input.code'],
    ['an unknown currency', { code: 'x1', currencyCode: 'ABC' }, 'input.currencyCode'],
    ['a malformed plugin name', { code: 'x2', plugin: 'Not A Plugin!' }, 'input.plugin'],
    ['an unknown plugin', { code: 'x2b', plugin: 'tmall' }, 'input.plugin'],
    ['a setting the plugin does not take', { code: 'x2c', settings: { apiBaseUrl: 'https://a.example', colour: 'red' } }, 'input.settings.colour'],
    ['a missing required setting', { code: 'x2d', settings: {} }, 'input.settings.apiBaseUrl'],
    ['a setting of the wrong type', { code: 'x2e', settings: { apiBaseUrl: 'not a url' } }, 'input.settings.apiBaseUrl'],
    ['a bad country', { code: 'x3', countryCode: 'USA' }, 'input.countryCode'],
    ['an empty name', { code: 'x4', name: '' }, 'input.name'],
    ['settings that are not an object', { code: 'x5', settings: [1, 2] }, 'input.settings'],
  ])('refuse %s with BAD_USER_INPUT naming the field', async (_label, change, field) => {
    const res = await t.gql(CreateChannelDocument, { input: { ...valid, ...change } as never });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    const list = await t.gql(ChannelsDocument, {});
    expect(list.data!.channels).toHaveLength(1);
  });

  it('refuse an unknown kind as a GraphQL variable error', async () => {
    const res = await t.gql(CreateChannelDocument, { input: { ...valid, code: 'x6', kind: 'SPACESHIP' as never } });
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('are renamed, disabled and re-keyed by updateChannel', async () => {
    const res = await t.gql(UpdateChannelDocument, {
      code: 'shop-us',
      input: { name: 'US storefront', enabled: false, webhookSecret: 'whsec_rotated', countryCode: 'CA' },
    });
    expect(res.data!.updateChannel).toMatchObject({ code: 'shop-us', name: 'US storefront', enabled: false, countryCode: 'CA' });
    const rows = await t.em().getConnection().execute("select webhook_secret from channel where code = 'shop-us'");
    expect(rows[0].webhook_secret).toBe('whsec_rotated');
  });

  it('cannot be updated when unknown', async () => {
    const res = await t.gql(UpdateChannelDocument, { code: 'nope', input: { name: 'x' } });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'code' });
  });

  it('are managed by ADMIN only', async () => {
    const key = await t.keyFor(Role.ANALYST);
    const res = await t.gql(CreateChannelDocument, { input: { ...valid, code: 'x7' } }, key);
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const upd = await t.gql(UpdateChannelDocument, { code: 'shop-us', input: { name: 'hacked' } }, key);
    expect(upd.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
