import type { MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import type { Logger } from 'pino';

import { PriceConflictService } from '../analytics/price-conflicts.service';
import { SalesSummaryService } from '../analytics/sales-summary.service';
import { ApiKeyService } from '../auth/api-key.service';
import { CampaignService } from '../campaigns/campaign.service';
import { PriceCartService } from '../campaigns/price-cart.service';
import { CampaignCache } from '../campaigns/campaign-cache';
import { CampaignPerformanceService } from '../campaigns/performance/campaign-performance.service';
import { CatalogService } from '../catalog/catalog.service';
import { ChannelService } from '../channels/channel.service';
import { AuditLogService } from '../audit/audit-log.service';
import { CustomerMergeService } from '../customers/customer-merge.service';
import { CustomerErasureService } from '../privacy/customer-erasure.service';
import { CustomerService } from '../customers/customer.service';
import type { SegmentRules } from '../customers/segment-rules';

import type { SqlReader } from '../db/sql-reader';
import type { SqlWriter } from '../db/sql-writer';
import type { LiveEvents } from '../events/live-events';
import { ImportService } from '../ingest/import.service';
import { GroupCommit } from '../ingest/store/group-commit';
import { IngestService } from '../ingest/ingest.service';
import type { PluginRegistry } from '../ingest/plugin-registry';
import { OrderService } from '../orders/order.service';
import type { RateLimiter } from '../rate-limit/rate-limiter';
import type { RequestActivity } from './request-activity';

/** The application services, one instance each per process. */
export interface Services {
  readonly apiKeys: ApiKeyService;
  readonly channels: ChannelService;
  readonly campaigns: CampaignService;
  readonly priceCarts: PriceCartService;
  readonly campaignPerformance: CampaignPerformanceService;
  /** The SKU catalog: titles and unit costs. */
  readonly catalog: CatalogService;
  readonly customers: CustomerService;
  readonly customerMerges: CustomerMergeService;
  /** eraseCustomer: a customer's personal data out of every table and stored payload. */
  readonly customerErasures: CustomerErasureService;
  /** The audit log of administrative changes (written with each change, read by ADMIN). */
  readonly auditLog: AuditLogService;
  readonly salesSummary: SalesSummaryService;
  readonly priceConflicts: PriceConflictService;
  readonly orders: OrderService;
  readonly ingest: IngestService;
  readonly imports: ImportService;
  /** The write path every ingested change goes through. */
  readonly commits: GroupCommit;
  /** Live order events: the event log's tail, subscribers' streams, the bus between processes. */
  readonly live: LiveEvents;
  /** Rate limits per API key (GraphQL, imports) and per channel (webhooks). */
  readonly rateLimits: RateLimiter;
}

/** Where services read and write besides the ORM. */
export interface Storage {
  reader: SqlReader;
  writer: SqlWriter;
}

export function createServices(
  orm: MikroORM,
  plugins: PluginRegistry,
  log: Logger,
  storage: Storage,
  live: LiveEvents,
  segmentRules: SegmentRules,
  rateLimits: RateLimiter,
  requests?: RequestActivity,
): Services {
  const commits = new GroupCommit(storage.writer, {
    // every commit may have appended events: tell the tails (here and in other processes) to read
    onCommitted: () => live.log.committed(),
    // other requests wait while a SQLite group holds the thread
    contended: requests ? () => requests.busy : undefined,
  });
  const channels = new ChannelService(plugins);
  const ingest = new IngestService(orm, plugins, log, storage.reader, commits, storage.writer, rateLimits);
  channels.onChange((code) => ingest.forgetChannel(code));
  return {
    commits,
    live,
    apiKeys: new ApiKeyService(),
    channels,
    campaigns: new CampaignService(),
    priceCarts: new PriceCartService(new CampaignCache(() => orm.em.fork() as SqlEntityManager)),
    campaignPerformance: new CampaignPerformanceService(),
    catalog: new CatalogService(),
    customers: new CustomerService(segmentRules),
    customerMerges: new CustomerMergeService(() => live.log.committed()),
    customerErasures: new CustomerErasureService(),
    auditLog: new AuditLogService(),
    salesSummary: new SalesSummaryService(),
    priceConflicts: new PriceConflictService(),
    orders: new OrderService(),
    ingest,
    imports: new ImportService(log, commits),
    rateLimits,
  };
}
