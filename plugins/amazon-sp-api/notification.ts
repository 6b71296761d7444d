import { PayloadReader, record, skip, type NormalizeResult } from '../../src/plugin-sdk';

/**
 * An ORDER_CHANGE notification (SP-API Notifications, v1.0 payload). It is a cancellation when
 * Amazon says the order is `Canceled`, or when the buyer asked to cancel it: a
 * `BuyerRequestedChange` whose `ChangeReason` speaks of a cancel, or every item of the summary
 * flagged `IsBuyerRequestedCancel`. Any other change is skipped with the reason: the order's
 * own API responses carry what changed.
 */
export function orderChange(payload: unknown): NormalizeResult {
  const notification = PayloadReader.of(payload);
  const change = notification.at('Payload').at('OrderChangeNotification');
  const orderId = change.id('AmazonOrderId');
  const type = change.optString('OrderChangeType');
  const trigger = change.optAt('OrderChangeTrigger');
  const reason = trigger?.optString('ChangeReason') ?? null;
  const summary = change.optAt('Summary');
  const status = summary?.optString('OrderStatus') ?? null;
  const items = summary?.optItems('OrderItems') ?? [];
  const everyItemCancelRequested = items.length > 0 && items.every((item) => item.optBool('IsBuyerRequestedCancel') === true);
  const buyerCancel = (type === 'BuyerRequestedChange' && reason !== null && /cancel/i.test(reason)) || everyItemCancelRequested;
  if (status !== 'Canceled' && !buyerCancel) {
    return skip(`ORDER_CHANGE ${type ?? '(no type)'} of order ${orderId} (status ${status ?? 'not given'}) is not a cancellation: the order's own responses carry the change`);
  }
  return record({
    kind: 'cancellation',
    orderExternalId: orderId,
    occurredAt: trigger?.optDate('TimeOfOrderChange') ?? notification.date('EventTime'),
    reason: reason ?? (status === 'Canceled' ? 'Canceled' : 'Buyer Requested Cancel'),
  });
}
