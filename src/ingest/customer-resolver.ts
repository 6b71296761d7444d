import type { SqlEntityManager as EntityManager } from '@mikro-orm/knex';
import type { CountryCode } from 'libphonenumber-js';

import { normalizeEmail, normalizePhone } from '../auth/masking';
import type { Channel } from '../channels/channel.entity';
import { ChannelIdentity } from '../customers/channel-identity.entity';
import { Customer } from '../customers/customer.entity';
import type { CustomerIdentityRecord } from '../plugin-sdk';

/**
 * Finds the one customer behind a channel identity: by the identity itself first, then by
 * normalized e-mail (never a marketplace relay alias), then by normalized phone; otherwise a new
 * customer. Fills in personal fields the customer did not have yet and links the identity.
 */
export async function resolveCustomer(
  em: EntityManager,
  channel: Channel,
  identity: CustomerIdentityRecord,
): Promise<Customer> {
  const email = identity.emailMatchable && identity.email ? normalizeEmail(identity.email) : null;
  const phone = identity.phone ? (normalizePhone(identity.phone, (channel.countryCode ?? undefined) as CountryCode | undefined) ?? null) : null;
  const name = identity.name?.trim() || null;

  const known = await em.findOne(ChannelIdentity, { channel, externalId: identity.externalId }, { populate: ['customer'] });
  let customer: Customer | null = known?.customer ?? null;
  if (!customer && email) customer = await em.findOne(Customer, { email }, { orderBy: { id: 'asc' } });
  if (!customer && phone) customer = await em.findOne(Customer, { phone }, { orderBy: { id: 'asc' } });
  if (!customer) {
    customer = em.create(Customer, { email, phone, name });
  } else {
    if (!customer.email && email) customer.email = email;
    if (!customer.phone && phone) customer.phone = phone;
    if (!customer.name && name) customer.name = name;
  }
  if (!known) {
    em.create(ChannelIdentity, {
      customer,
      channel,
      externalId: identity.externalId,
      email: identity.email ?? null,
      emailMatchable: identity.emailMatchable,
    });
  } else if (identity.email && known.email !== identity.email) {
    known.email = identity.email;
  }
  return customer;
}
