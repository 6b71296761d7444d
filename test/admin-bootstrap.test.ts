import { ApiKey } from '../src/auth/api-key.entity';
import { hashSecret } from '../src/auth/api-key.service';
import { Role } from '../src/auth/role';
import { loadConfig } from '../src/config/config';
import { startGateway } from '../src/server/gateway';
import { createTestDatabase } from '../src/testing/test-database';
import pino from 'pino';
import request from 'supertest';

const silent = pino({ level: 'silent' });

describe('the first administrator', () => {
  it('is generated on first start when SALESGRAPH_ADMIN_KEY is unset, and works', async () => {
    const db = await createTestDatabase();
    try {
      const config = { ...loadConfig({}), port: 0, database: db.config, adminKey: undefined };
      const first = await startGateway(config, { logger: silent });
      const secret = first.generatedAdminKey!;
      expect(secret).toMatch(/^sg_/);
      const res = await request(first.url)
        .post('/graphql')
        .set('authorization', `Bearer ${secret}`)
        .send({ query: '{ apiKeys { role } }' });
      expect(res.body.data.apiKeys).toEqual([{ role: 'ADMIN' }]);
      await first.stop();
      // a restart does not print another
      const second = await startGateway(config, { logger: silent });
      expect(second.generatedAdminKey).toBeUndefined();
      await second.stop();
    } finally {
      await db.drop();
    }
  });

  it('follows SALESGRAPH_ADMIN_KEY when it changes, revoking the old one', async () => {
    const db = await createTestDatabase();
    try {
      const base = { ...loadConfig({}), port: 0, database: db.config };
      const a = await startGateway({ ...base, adminKey: 'sg_first_admin_key_value' }, { logger: silent });
      await a.stop();
      const b = await startGateway({ ...base, adminKey: 'sg_second_admin_key_value' }, { logger: silent });
      const query = (key: string) =>
        request(b.url).post('/graphql').set('authorization', `Bearer ${key}`).send({ query: '{ channels { code } }' });
      expect((await query('sg_first_admin_key_value')).status).toBe(401);
      expect((await query('sg_second_admin_key_value')).status).toBe(200);
      const stored = await b.orm.em.fork().find(ApiKey, { role: Role.ADMIN });
      expect(stored.map((k) => k.secretHash)).toContain(hashSecret('sg_second_admin_key_value'));
      expect(JSON.stringify(stored)).not.toContain('sg_second_admin_key_value');
      expect(b.generatedAdminKey).toBeUndefined();
      await b.stop();
    } finally {
      await db.drop();
    }
  });

  it('hashes secrets with SHA-256', () => {
    expect(hashSecret('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
