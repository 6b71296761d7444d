/**
 * A customer's identity inside one channel, in that channel's own style: a Shopify customer id,
 * an Amazon buyer id with a relay-alias e-mail, a Square customer id, a WooCommerce user id or a
 * store loyalty card number.
 *
 * @packageDocumentation
 */

import type { ChannelProfile } from './channels';
import type { Random } from './random';

/** The columns of a channel_identity row other than its customer and channel. */
export interface GeneratedIdentity {
  readonly externalId: string;
  /** The e-mail as the channel knows it: the real one, a relay alias, or none. */
  readonly email: string | null;
  /** False for marketplace relay aliases, which must never link customers. */
  readonly emailMatchable: boolean;
}

/**
 * Hands out customer ids for one channel, never the same one twice (ids already in the database
 * can be reserved first).
 */
export class IdentityIssuer {
  private readonly taken = new Set<string>();
  private nextUserId: number;

  /**
   * @param existingCount - identities the channel already has (sequential ids continue after them).
   */
  constructor(
    private readonly profile: ChannelProfile,
    private readonly rng: Random,
    existingCount = 0,
  ) {
    this.nextUserId = 100 + existingCount * 3 + rng.int(1, 40);
  }

  /** Marks external ids as used. */
  reserve(externalIds: Iterable<string>): void {
    for (const id of externalIds) this.taken.add(id);
  }

  /** Whether an external id was handed out or reserved. */
  has(externalId: string): boolean {
    return this.taken.has(externalId);
  }

  /** A new identity for a customer whose real e-mail is `email` (null when unknown). */
  issue(email: string | null): GeneratedIdentity {
    for (let attempt = 0; attempt < 100; attempt++) {
      const identity = this.candidate(email);
      if (!this.taken.has(identity.externalId)) {
        this.taken.add(identity.externalId);
        return identity;
      }
    }
    throw new Error(`could not find a free customer id on channel ${this.profile.channel.code}`);
  }

  private candidate(email: string | null): GeneratedIdentity {
    const rng = this.rng;
    switch (this.profile.idStyle) {
      case 'shopify':
        return { externalId: `7${rng.digits(12, true)}`, email, emailMatchable: true };
      case 'amazon':
        return {
          externalId: `amzn1.account.A${rng.upperAlnum(27)}`,
          email: `${rng.alnum(rng.int(12, 16))}@${this.profile.relayDomain ?? 'marketplace.amazon.com'}`,
          emailMatchable: false,
        };
      case 'square':
        return { externalId: rng.upperAlnum(26), email, emailMatchable: true };
      case 'woocommerce':
        this.nextUserId += rng.int(1, 3);
        return { externalId: String(this.nextUserId), email, emailMatchable: true };
      case 'pos':
        // A loyalty card: the store knows the member by card and phone, not by e-mail.
        return { externalId: `LC${rng.digits(10, true)}`, email: null, emailMatchable: true };
    }
  }
}
