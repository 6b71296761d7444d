import type { Row } from '../../db/sql-reader';
import type { Statement, Work } from '../../db/sql-writer';
import type { IdentityMatch } from '../../customers/identity-match';
import type { ArchiveRow, CustomerRow, EventType, LineRow, OrderRow } from './session';

import type { SlotKey } from './sales-slot-sql';

export type { SlotKey };

/** A pair naming a row within its channel: (channel id, external id). */
export type ChannelKey = [channelId: number, externalId: string];

/** What a group's prefetch reads, each list without repeats. */
export interface PrefetchKeys {
  deliveries: ChannelKey[];
  orders: ChannelKey[];
  refunds: ChannelKey[];
  identities: ChannelKey[];
  emails: string[];
  phones: string[];
}

/**
 * The one row a prefetch statement answers: each column a list of rows (JSON the driver or
 * {@link BatchDialect.rows} decodes), named as below.
 *
 * - `deliveries`: channel_id, delivery_id, result (the stored answer, decoded)
 * - `orders`: the columns of ORDER_SELECT
 * - `sums`: channel_id, order_external_id, currency_code, total (refunds per order and currency)
 * - `refunds`: channel_id, external_id
 * - `identities`: identity_id, channel_id, external_id, identity_email, and the customer's id, email, phone, name
 * - `emails`, `phones`: the oldest customer (id, email, phone, name) with each of them
 * - `cancellations`: channel_id, order_external_id, occurred_at
 */
export type PrefetchRow = Record<'deliveries' | 'orders' | 'sums' | 'refunds' | 'identities' | 'emails' | 'phones' | 'cancellations', Row[]>;

/** A channel identity a group links, with the customer it belongs to. */
export interface NewIdentity {
  customer: CustomerRow;
  channelId: number;
  externalId: string;
  email: string | null;
  emailMatchable: boolean;
  /** Why it is linked to this customer (see IdentityMatch). */
  matchedBy: IdentityMatch;
}

/** Everything a group writes besides its events, kept until its flush. */
export interface GroupRows {
  now: Date;
  customers: CustomerRow[];
  changedCustomers: CustomerRow[];
  identities: NewIdentity[];
  identityEmails: Array<[identityId: number, email: string]>;
  insertedOrders: OrderRow[];
  updatedOrders: OrderRow[];
  /** Orders whose lines are replaced: their stored lines are deleted first. */
  replacedLineOrders: number[];
  /** Each line with its order and position. */
  lines: Array<[OrderRow, LineRow, number]>;
  refunds: Array<[channelId: number, orderExternalId: string, refundId: string, amountMinor: number, currency: string, occurredAt: Date]>;
  cancellations: Array<[channelId: number, orderExternalId: string, occurredAt: Date, reason: string | null]>;
  archives: ArchiveRow[];
}

/** Where the ids of a group's new rows come from. */
export interface IdSource {
  /** Takes the ids a prefetch statement reserved with its row, if it does. */
  accept(row: Row): void;
  order(): Work<number>;
  customer(): Work<number>;
}

/**
 * The statements of a batched session in one SQL dialect: a prefetch that reads a group's rows
 * in one statement, and the writes of what the group kept, a few statements for every table.
 */
export interface BatchDialect {
  prefetch(keys: PrefetchKeys): Statement;
  /** The prefetch row's lists, decoded. */
  rows(row: Row): PrefetchRow;
  ids(): IdSource;
  writeRows(rows: GroupRows): Statement[];
  /**
   * Before the group's rows are written: takes the figures of the orders it changes, as stored,
   * out of their customers' stats (customer_stats, see CustomerStats) and their sales slots
   * (sales_slot, see SalesSlot), after whatever locks the sums need.
   */
  beforeWrites(customerIds: readonly number[], slots: readonly SlotKey[], changedOrderIds: readonly number[]): Statement[];
  /**
   * After the group's rows are written: adds the figures of the orders written to their customers'
   * stats and their slots, seeks again the first and last order times of `reboundCustomerIds`
   * (the customers an order changed in or left) and deletes their stats rows left empty, recounts
   * the first orders of `customerIds` (customer_acquisition, see CustomerAcquisition) and deletes
   * the slots among `slots` left empty.
   */
  refreshSums(
    customerIds: readonly number[],
    slots: readonly SlotKey[],
    writtenOrderIds: readonly number[],
    reboundCustomerIds: readonly number[],
  ): Statement[];
  /** Appends the events in the order given: the event log's order. */
  writeEvents(now: Date, events: ReadonlyArray<[EventType, number, number]>): Statement[];
}
