/**
 * Chooses which customer placed each order of one channel: first orders of new customers are
 * spread over the whole window, and returning customers are chosen by how much they buy (a few
 * buy often, most rarely), so that almost every identity has at least one order.
 *
 * @packageDocumentation
 */

import type { Random } from './random';

/** Picks customers (by index into the run's customer list) for one channel's orders. */
export class CustomerPicker {
  private readonly cumulative: Float64Array;
  private readonly queue: number[];
  private queuePos = 0;
  private readonly seen = new Set<number>();

  /**
   * @param members - indexes of the customers with an identity on this channel.
   * @param propensity - per customer index, how much that customer buys.
   */
  constructor(
    private readonly members: ReadonlyArray<number>,
    propensity: ReadonlyArray<number>,
    rng: Random,
  ) {
    this.cumulative = new Float64Array(members.length);
    let total = 0;
    members.forEach((m, i) => {
      total += propensity[m];
      this.cumulative[i] = total;
    });
    this.queue = rng.shuffle(members);
  }

  /** True when the channel has no customers with an identity. */
  get empty(): boolean {
    return this.members.length === 0;
  }

  /**
   * The customer index for the next order, or null when the channel has no customers.
   *
   * @param ordersLeft - orders with a customer this channel still has to place, this one included.
   */
  pick(rng: Random, ordersLeft: number): number | null {
    if (this.members.length === 0) return null;
    while (this.queuePos < this.queue.length && this.seen.has(this.queue[this.queuePos])) this.queuePos++;
    const newcomers = this.queue.length - this.queuePos;
    if (newcomers > 0 && rng.chance(Math.min(1, newcomers / Math.max(1, ordersLeft)))) {
      const customer = this.queue[this.queuePos++];
      this.seen.add(customer);
      return customer;
    }
    const total = this.cumulative[this.cumulative.length - 1];
    const r = rng.next() * total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid] > r) hi = mid;
      else lo = mid + 1;
    }
    const customer = this.members[lo];
    this.seen.add(customer);
    return customer;
  }
}
