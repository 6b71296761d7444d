import { SalesSlot } from '../analytics/sales-slot.entity';
import { AuditLogEntry } from '../audit/audit-log.entity';
import { ApiKey } from '../auth/api-key.entity';
import { CampaignCoupon } from '../campaigns/campaign-coupon.entity';
import { CampaignAttributionState } from '../campaigns/attribution/attribution-state.entity';
import { Campaign } from '../campaigns/campaign.entity';
import { CatalogItem } from '../catalog/catalog-item.entity';
import { CampaignUsageRow } from '../campaigns/campaign-usage.entity';
import { OrderCampaign } from '../campaigns/order-campaign.entity';
import { Channel } from '../channels/channel.entity';
import { ChannelIdentity } from '../customers/channel-identity.entity';
import { Customer } from '../customers/customer.entity';
import { CustomerAcquisition } from '../customers/customer-acquisition.entity';
import { CustomerStats } from '../customers/customer-stats.entity';
import { EventLogState } from '../events/event-log-state.entity';
import { OrderEvent } from '../events/order-event.entity';
import { DeadLetter } from '../ingest/dead-letter.entity';
import { OrderPart } from '../ingest/order-part.entity';
import { PayloadArchive } from '../ingest/payload-archive.entity';
import { ChannelPullState } from '../ingest/pull-state.entity';
import { JobLease } from '../jobs/job-lease.entity';
import { OrderCancellation } from '../orders/order-cancellation.entity';
import { OrderRefund } from '../orders/order-refund.entity';
import { Order } from '../orders/order.entity';
import { OrderLine } from '../orders/order-line.entity';

/** Every persisted entity, listed once for the ORM and the migration generator. */
export const entities = [
  Channel,
  Customer,
  ChannelIdentity,
  CustomerStats,
  CustomerAcquisition,
  SalesSlot,
  Order,
  OrderLine,
  OrderRefund,
  OrderCancellation,
  OrderEvent,
  EventLogState,
  PayloadArchive,
  OrderPart,
  DeadLetter,
  Campaign,
  CampaignCoupon,
  CampaignUsageRow,
  OrderCampaign,
  CampaignAttributionState,
  CatalogItem,
  ApiKey,
  AuditLogEntry,
  ChannelPullState,
  JobLease,
];
