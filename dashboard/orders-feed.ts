import { cell } from './dom';
import { formatMoney } from './money';
import type { OrderEvent } from './operations';

const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/**
 * The latest orders, newest first, one row per order (a later event about an order updates its
 * row and brings it to the top), at most `limit` rows.
 */
export class OrdersFeed {
  private readonly rows = new Map<string, HTMLTableRowElement>();

  constructor(
    private readonly body: HTMLTableSectionElement,
    private readonly limit = 50,
  ) {}

  add(event: OrderEvent): void {
    const { order } = event;
    const row = this.rows.get(order.id) ?? document.createElement('tr');
    row.dataset.testid = 'order-row';
    row.dataset.orderId = order.id;
    row.dataset.externalId = order.externalId;
    row.dataset.channel = order.channel.code;
    row.replaceChildren(
      cell(time.format(new Date(event.occurredAt)), 'time'),
      cell(order.channel.name),
      cell(order.number ?? order.externalId),
      cell(order.status.toLowerCase().replace(/_/g, ' '), `status status-${order.status.toLowerCase()}`),
      cell(formatMoney(order.total), 'amount'),
      cell(event.type.toLowerCase(), `event event-${event.type.toLowerCase()}`),
    );
    this.rows.set(order.id, row);
    this.body.prepend(row);
    while (this.rows.size > this.limit) {
      const oldest = this.body.lastElementChild as HTMLTableRowElement | null;
      if (!oldest) break;
      this.rows.delete(oldest.dataset.orderId ?? '');
      oldest.remove();
    }
  }
}
