import { cell } from './dom';
import { formatMoney } from './money';
import type { Money, SalesTicker } from './operations';

const list = (amounts: Money[]) => (amounts.length ? amounts.map(formatMoney).join(' · ') : '—');

/** The server's rolling figures per channel: orders, revenue and average order value, per currency. */
export function renderTicker(ticker: SalesTicker, body: HTMLTableSectionElement, windowLabel: HTMLElement): void {
  windowLabel.textContent = String(ticker.windowSeconds);
  const rows = ticker.channels.map((channel) => {
    const row = document.createElement('tr');
    row.dataset.testid = 'ticker-row';
    row.dataset.channel = channel.channelCode;
    row.append(
      cell(channel.channelCode),
      cell(String(channel.orders), 'count'),
      cell(list(channel.revenue), 'amount'),
      cell(list(channel.averageOrderValue), 'amount'),
    );
    return row;
  });
  if (!rows.length) {
    const empty = document.createElement('tr');
    const td = cell('No orders in this window yet.', 'empty');
    td.colSpan = 4;
    empty.append(td);
    rows.push(empty);
  }
  body.replaceChildren(...rows);
}
