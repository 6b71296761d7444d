/**
 * Plans the customers of a seed run: who they are, which channels they use (about 35 % use two
 * or more) and how often they buy. Marketplace-only customers are known by name only: the
 * marketplace hides their real e-mail behind a relay alias, which is kept on the identity and
 * never on the customer.
 *
 * @packageDocumentation
 */

import { ChannelKind } from '../channels/channel-kind';
import type { PersonLocale } from './channels';
import type { ChannelRecord } from './ensure-channels';
import type { GeneratedIdentity, IdentityIssuer } from './identities';
import type { PersonFactory } from './people';
import type { Random } from './random';
import { DAY_MS } from './timeline';

/** Share of customers using two or more channels (when there are two or more). */
export const MULTI_CHANNEL_SHARE = 0.35;

const LOCALES: PersonLocale[] = ['en_US', 'ja', 'zh_CN', 'de'];

/** One planned customer: the customer row and one identity per channel used. */
export interface PlannedCustomer {
  readonly row: { email: string | null; phone: string | null; name: string; createdAt: Date; updatedAt: Date };
  /** Indexes into the channel records, with the identity on each. */
  readonly identities: ReadonlyArray<{ readonly channel: number; readonly identity: GeneratedIdentity; readonly createdAt: Date }>;
  /** How much this customer buys relative to others (heavy-tailed). */
  readonly propensity: number;
}

/**
 * Plans `count` customers over `channels`. Customers exist before the order window starts
 * (`now − days`); their identities were created between the customer and the window start.
 */
export function planCustomers(
  rng: Random,
  people: PersonFactory,
  issuers: ReadonlyArray<IdentityIssuer>,
  channels: ReadonlyArray<ChannelRecord>,
  count: number,
  now: Date,
  days: number,
): PlannedCustomer[] {
  if (channels.length === 0 || count === 0) return [];
  const windowStart = now.getTime() - days * DAY_MS;
  // Customers with an account per channel: walk-ins of a store have none.
  const weights = channels.map((c) => c.profile.orderWeight * (1 - c.profile.anonymousShare));
  const planned: PlannedCustomer[] = [];
  for (let i = 0; i < count; i++) {
    const primary = rng.weightedIndex(weights);
    const used = [primary];
    if (channels.length > 1 && rng.chance(MULTI_CHANNEL_SHARE)) {
      const extra = rng.chance(0.8) || channels.length === 2 ? 1 : 2;
      for (let k = 0; k < extra; k++) {
        const others = weights.map((w, index) => (used.includes(index) ? 0 : w));
        if (others.some((w) => w > 0)) used.push(rng.weightedIndex(others));
      }
    }
    const home = channels[primary].profile;
    const locale = rng.chance(0.9) ? home.locale : rng.pick(LOCALES);
    const offline = home.channel.kind === ChannelKind.OFFLINE_STORE;
    const person = people.person(locale, { emailShare: offline ? 0.6 : 0.97, phoneShare: offline ? 0.9 : 0.55 });
    const marketplaceOnly = used.every((index) => channels[index].profile.channel.kind === ChannelKind.MARKETPLACE);
    const email = marketplaceOnly ? null : person.email;
    const phone = marketplaceOnly ? (rng.chance(0.3) ? person.phone : null) : person.phone;
    const createdAt = new Date(windowStart - rng.int(DAY_MS, 730 * DAY_MS));
    const identities = used.map((channel) => ({
      channel,
      identity: issuers[channel].issue(email),
      createdAt: new Date(createdAt.getTime() + rng.int(0, windowStart - createdAt.getTime())),
    }));
    planned.push({
      row: { email, phone, name: person.name, createdAt, updatedAt: createdAt },
      identities,
      propensity: Math.exp(rng.normal(0, 0.9)),
    });
  }
  return planned;
}
