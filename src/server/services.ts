import { ApiKeyService } from '../auth/api-key.service';
import { ChannelService } from '../channels/channel.service';
import { CustomerService } from '../customers/customer.service';
import type { PluginRegistry } from '../ingest/plugin-registry';
import { OrderService } from '../orders/order.service';

/** The application services, one instance each per process. */
export interface Services {
  readonly apiKeys: ApiKeyService;
  readonly channels: ChannelService;
  readonly customers: CustomerService;
  readonly orders: OrderService;
}

export function createServices(plugins: PluginRegistry): Services {
  return {
    apiKeys: new ApiKeyService(),
    channels: new ChannelService(plugins),
    customers: new CustomerService(),
    orders: new OrderService(),
  };
}
