/**
 * Order ids and order numbers in each channel's own style:
 *
 * | channel style | externalId                      | number (what the merchant sees) |
 * |---------------|---------------------------------|---------------------------------|
 * | shopify       | "5204815937241" (13 digits)     | "#1001"                         |
 * | amazon        | "250-1234567-1234567"           | the same id                     |
 * | pos           | "SH01:20260315-0042"            | "20260315-0042" (the receipt)   |
 * | square        | "CAISENgvlJ6jLWAzERDzjyHVybY"   | a 4-character receipt code      |
 * | woocommerce   | "10245"                         | "10245"                         |
 *
 * @packageDocumentation
 */

import type { ChannelProfile } from './channels';
import type { Random } from './random';
import { localDateKey } from './timeline';

/** An order's id and number on its channel. */
export interface OrderIds {
  readonly externalId: string;
  readonly number: string;
}

/** Where a channel's numbering stands: taken from its latest order, when it has orders already. */
export interface NumberingState {
  /** Orders the channel already has. */
  readonly orderCount?: number;
  /** External id and number of the channel's latest order. */
  readonly lastExternalId?: string | null;
  readonly lastNumber?: string | null;
}

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const AMAZON_PREFIXES = ['249', '250', '503'];

/**
 * Numbers one channel's orders, in the order they were placed. Sequential ids continue from the
 * channel's latest order; random ones are checked against the ids handed out or reserved.
 */
export class OrderNumbering {
  private readonly taken = new Set<string>();
  private nextNumber: number;
  private nextShopifyId: number;
  private nextWooId: number;
  private readonly receiptSeq = new Map<string, number>();

  constructor(
    private readonly profile: ChannelProfile,
    private readonly rng: Random,
    state: NumberingState = {},
  ) {
    const count = state.orderCount ?? 0;
    const lastNumber = Number(state.lastNumber?.replace(/^#/, '') ?? Number.NaN);
    const lastId = Number(state.lastExternalId ?? Number.NaN);
    this.nextNumber = Number.isSafeInteger(lastNumber) && lastNumber > 0 ? lastNumber + 1 : 1001 + count;
    this.nextShopifyId = Number.isSafeInteger(lastId) && lastId > 0 ? lastId + rng.int(20_000, 4_000_000) : 5_100_000_000_000 + rng.int(0, 99_999_999_999);
    this.nextWooId = Number.isSafeInteger(lastId) && lastId > 0 ? lastId + 1 : 10_001 + count + rng.int(0, 500);
  }

  /** Marks external ids as used (ids already in the database). */
  reserve(externalIds: Iterable<string>): void {
    for (const id of externalIds) this.taken.add(id);
  }

  /** Continues a store's receipt sequence for a local day after `seq` (a receipt already issued). */
  continueReceipts(storeCode: string, dateKey: string, seq: number): void {
    const key = `${storeCode}:${dateKey}`;
    this.receiptSeq.set(key, Math.max(this.receiptSeq.get(key) ?? 0, seq));
  }

  /** The store a point-of-sale order is rung up in. */
  pickStore(): string {
    return this.rng.pick(this.profile.storeCodes);
  }

  /**
   * The ids of the channel's next order, placed at `placedAt`.
   *
   * @param storeCode - for point-of-sale channels, the store (one is picked when absent).
   */
  next(placedAt: Date, storeCode?: string): OrderIds {
    for (let attempt = 0; attempt < 100; attempt++) {
      const ids = this.candidate(placedAt, storeCode);
      if (!this.taken.has(ids.externalId)) {
        this.taken.add(ids.externalId);
        return ids;
      }
    }
    throw new Error(`could not find a free order id on channel ${this.profile.channel.code}`);
  }

  private candidate(placedAt: Date, storeCode?: string): OrderIds {
    const rng = this.rng;
    switch (this.profile.idStyle) {
      case 'shopify': {
        const externalId = String(this.nextShopifyId);
        this.nextShopifyId += rng.int(20_000, 4_000_000);
        return { externalId, number: `#${this.nextNumber++}` };
      }
      case 'amazon': {
        const id = `${rng.pick(AMAZON_PREFIXES)}-${rng.digits(7, true)}-${rng.digits(7, true)}`;
        return { externalId: id, number: id };
      }
      case 'square':
        return { externalId: rng.chars(27, BASE62), number: rng.upperAlnum(4) };
      case 'woocommerce': {
        const id = String(this.nextWooId++);
        return { externalId: id, number: id };
      }
      case 'pos': {
        const store = storeCode ?? this.pickStore();
        const dateKey = localDateKey(placedAt, this.profile.utcOffsetMinutes);
        const key = `${store}:${dateKey}`;
        const seq = (this.receiptSeq.get(key) ?? 0) + 1;
        this.receiptSeq.set(key, seq);
        const receipt = `${dateKey}-${String(seq).padStart(4, '0')}`;
        return { externalId: `${store}:${receipt}`, number: receipt };
      }
    }
  }
}

/** Parses a point-of-sale external id "SH01:20260315-0042" into its store, day and sequence. */
export function parseReceiptId(externalId: string): { storeCode: string; dateKey: string; seq: number } | null {
  const match = /^([^:]+):(\d{8})-(\d+)$/.exec(externalId);
  return match ? { storeCode: match[1], dateKey: match[2], seq: Number(match[3]) } : null;
}
