import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import type { Logger } from 'pino';

import type { SqlWriter, Work } from '../../db/sql-writer';
import { BackgroundJob } from '../../jobs/background-job';
import { acquireLease, leaseHolderId, releaseLease } from '../../jobs/lease';
import { pricedCampaign } from '../campaign-pricing';
import { Campaign } from '../campaign.entity';
import { attributeOrder, type AttributableCampaign } from './attribute-order';
import { attributionChanges } from './attribution-changes';
import { AttributionSql, type Window } from './attribution-sql';

/** The end of a window that has none. */
const NEVER = Date.parse('9999-12-31T00:00:00Z');

/** The lease that lets one gateway process attribute at a time. */
export const ATTRIBUTION_LEASE = 'campaign-attribution';
/** Events, or orders of a campaign's window, read per transaction. */
const PAGE = 500;
const LEASE_TTL_MS = 60_000;

export interface CampaignAttributionOptions {
  orm: MikroORM;
  writer: SqlWriter;
  log: Logger;
  /** Time between runs (default 2 s). */
  intervalMs?: number;
  holder?: string;
}

export interface AttributionRun {
  /** Events read from the order event log. */
  events: number;
  /** Campaigns whose window was gone over again (new or changed). */
  campaigns: number;
}

/** From the earliest start to the latest end of the campaigns' windows; null without a scheduled campaign. */
function windowSpan(campaigns: readonly AttributableCampaign[]): Window | null {
  const scheduled = campaigns.filter((c) => c.startsAt !== null);
  if (!scheduled.length) return null;
  const from = Math.min(...scheduled.map((c) => c.startsAt!.getTime()));
  const to = scheduled.some((c) => c.endsAt === null) ? NEVER : Math.max(...scheduled.map((c) => c.endsAt!.getTime()));
  return { from: new Date(from), to: new Date(to) };
}

function attributable(campaign: Campaign): AttributableCampaign {
  const priced = pricedCampaign(campaign);
  return { ...priced, couponCodes: priced.coupons.map((c) => c.code), promotionIds: campaign.promotionIds };
}

/**
 * Keeps order_campaign, campaign_usage and the coupons' uses: in the background, in one gateway
 * process at a time (a lease in the database). Each run first goes over the window of every
 * campaign created or changed since it was last attributed, a page of orders per transaction,
 * then follows the order event log from where it left off, so that a new, changed, refunded or
 * cancelled order is attributed again within a run. Attribution is a pure function of an order
 * and the campaigns (attribute-order.ts); each page replaces the rows it recomputes and moves the
 * usage by the difference (attribution-changes.ts).
 */
export class CampaignAttributionJob {
  readonly holder: string;
  private readonly sql: AttributionSql;
  private readonly job: BackgroundJob<AttributionRun>;

  constructor(private readonly options: CampaignAttributionOptions) {
    this.holder = options.holder ?? leaseHolderId();
    this.sql = new AttributionSql(options.writer);
    this.job = new BackgroundJob({
      name: 'campaign attribution',
      log: options.log,
      run: () => this.run(),
      intervalMs: options.intervalMs ?? 2_000,
      onStopped: () => releaseLease(this.em(), ATTRIBUTION_LEASE, this.holder).then(() => undefined, () => undefined),
    });
  }

  /** Runs every interval after each run ends, until `stop`. */
  start(): void {
    this.job.start();
  }

  /** Stops the timer, waits for a run in progress to end after its current page, and releases the lease. */
  stop(): Promise<void> {
    return this.job.stop();
  }

  /** One run, to the end of the log (nothing when another process holds the lease). */
  runOnce(): Promise<AttributionRun> {
    return this.job.runOnce();
  }

  private get stopped(): boolean {
    return this.job.isStopped;
  }

  private em(): EntityManager {
    return this.options.orm.em.fork() as EntityManager;
  }

  private lease(): Promise<boolean> {
    return acquireLease(this.em(), { name: ATTRIBUTION_LEASE, holder: this.holder, ttlMs: LEASE_TTL_MS, now: Date.now() });
  }

  private transaction<T>(work: () => Work<T>): Promise<T> {
    return this.options.writer.transaction([work]).then(([result]) => result);
  }

  private async run(): Promise<AttributionRun> {
    const run: AttributionRun = { events: 0, campaigns: 0 };
    if (!(await this.lease())) return run;
    const sql = this.sql;
    // a first run starts at the log's end: the windows of all campaigns are gone over below;
    // so does a run that finds events it had not read pruned away (it was stopped for longer
    // than the log keeps them)
    await this.transaction(function* () {
      const cursor = yield* sql.readCursor();
      if (cursor !== null && cursor >= (yield* sql.prunedThrough())) return;
      if (cursor !== null) yield sql.forgetAttributions();
      yield sql.saveCursor(yield* sql.lastEventId());
    });
    const campaigns = await this.em().find(Campaign, {}, { populate: ['channelRefs', 'coupons'], orderBy: { id: 'asc' } });
    const all = campaigns.map(attributable);
    const span = windowSpan(all);
    for (const campaign of campaigns) {
      if (this.stopped) return run;
      if (campaign.attributedVersion === campaign.updatedAt.getTime()) continue;
      await this.reattribute(campaign, attributable(campaign));
      run.campaigns++;
    }
    if (!span) {
      // no campaign to attribute to: nothing to read but how far the log goes
      const skipped = await this.transaction(function* () {
        if (yield* sql.anyAttribution()) return false;
        yield sql.saveCursor(yield* sql.lastEventId());
        return true;
      });
      if (skipped) return run;
    }
    for (;;) {
      if (this.stopped) return run;
      const read = await this.transaction(function* () {
        const after = (yield* sql.readCursor()) ?? 0;
        const events = yield* sql.eventsAfter(after, PAGE);
        if (!events.length) return 0;
        const orderIds = [...new Set(events.map((e) => e.orderId))];
        // orders outside every window are read no further: their rows, if any, just go
        const orders = span ? yield* sql.orders(orderIds, span) : [];
        const before = yield* sql.attributions(orderIds);
        for (const change of attributionChanges(sql, before, orders.flatMap((o) => attributeOrder(o, all)))) yield change;
        yield sql.saveCursor(events[events.length - 1].id);
        return events.length;
      });
      run.events += read;
      if (read < PAGE) return run;
      if (!(await this.lease())) return run;
    }
  }

  /** Goes over a campaign's window a page at a time, then drops its orders outside the window. */
  private async reattribute(campaign: Campaign, attributable: AttributableCampaign): Promise<void> {
    const sql = this.sql;
    const from = campaign.startsAt ?? new Date('9999-12-31T00:00:00Z');
    let after: { placedAt: Date; id: number } | null = null;
    for (;;) {
      const page: Array<{ id: number; placedAt: Date }> = await this.transaction(function* () {
        const ids = yield* sql.orderIdsInWindow(from, campaign.endsAt, after, PAGE);
        const orderIds = ids.map((o) => o.id);
        const orders = yield* sql.orders(orderIds);
        const before = yield* sql.attributions(orderIds, [campaign.id]);
        for (const change of attributionChanges(sql, before, orders.flatMap((o) => attributeOrder(o, [attributable])))) yield change;
        return ids;
      });
      if (page.length < PAGE) break;
      after = page[page.length - 1];
      if (this.stopped || !(await this.lease())) return;
    }
    await this.transaction(function* () {
      const outside = yield* sql.attributionsOutside(campaign.id, from, campaign.endsAt);
      for (const change of attributionChanges(sql, outside, [])) yield change;
      yield sql.markAttributed(campaign.id, campaign.updatedAt.getTime());
    });
  }
}
