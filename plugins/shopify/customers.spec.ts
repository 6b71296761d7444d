import type { CustomerRecord } from '../../src/plugin-sdk';
import { bareObjects, deliver, recordsOf } from './test-fixtures';

function customerOf(payload: unknown, topic = 'customers/update'): CustomerRecord {
  const [record] = recordsOf(deliver(payload, topic));
  if (record.kind !== 'customer') throw new Error(`expected a customer, got a ${record.kind}`);
  return record;
}

describe.each([
  ['rest-2026-07-customer-get.json', 'customers/create'],
  ['rest-2026-07-customers-list-2.json', 'customers/update'],
  ['pyapi-fixture-customer.json', 'customers/update'],
])('%s', (file, topic) => {
  it.each(bareObjects(file).map((c) => [String(c.id), c] as const))('customer %s keeps its id, e-mail, phone and name', (id, source: any) => {
    const { customer, sourceUpdatedAt } = customerOf(source, topic);
    expect(customer).toEqual({
      externalId: id,
      email: source.email,
      emailMatchable: true,
      phone: source.phone ?? null,
      name: `${source.first_name} ${source.last_name}`,
    });
    expect(sourceUpdatedAt).toEqual(new Date(source.updated_at));
  });
});
