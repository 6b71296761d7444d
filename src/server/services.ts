import type { MikroORM } from '@mikro-orm/core';
import type { Logger } from 'pino';

import { ApiKeyService } from '../auth/api-key.service';
import { ChannelService } from '../channels/channel.service';
import { CustomerService } from '../customers/customer.service';
import { IngestService } from '../ingest/ingest.service';
import type { PluginRegistry } from '../ingest/plugin-registry';
import { OrderService } from '../orders/order.service';

/** The application services, one instance each per process. */
export interface Services {
  readonly apiKeys: ApiKeyService;
  readonly channels: ChannelService;
  readonly customers: CustomerService;
  readonly orders: OrderService;
  readonly ingest: IngestService;
}

export function createServices(orm: MikroORM, plugins: PluginRegistry, log: Logger): Services {
  return {
    apiKeys: new ApiKeyService(),
    channels: new ChannelService(plugins),
    customers: new CustomerService(),
    orders: new OrderService(),
    ingest: new IngestService(orm, plugins, log),
  };
}
