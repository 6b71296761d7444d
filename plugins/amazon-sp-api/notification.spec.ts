/** ORDER_CHANGE notifications and the delivery id. */
import plugin from './index';
import { deliver, ORDER_CHANGE, raw, recordsOf, sample, sampleText, variant } from './test-fixtures';

const src = raw(ORDER_CHANGE);
const change = src.Payload.OrderChangeNotification;

describe('ORDER_CHANGE', () => {
  it('makes a buyer cancel a cancellation of the order, at the time of the change', () => {
    expect(recordsOf(deliver(sample(ORDER_CHANGE)))).toEqual([
      { kind: 'cancellation', orderExternalId: change.AmazonOrderId, occurredAt: new Date(change.OrderChangeTrigger.TimeOfOrderChange), reason: change.OrderChangeTrigger.ChangeReason },
    ]);
  });

  it('makes a Canceled order status a cancellation too', () => {
    const canceled = variant(ORDER_CHANGE, (b) => {
      const n = b.Payload.OrderChangeNotification;
      Object.assign(n, { OrderChangeType: 'OrderStatusChange' });
      n.OrderChangeTrigger.ChangeReason = 'Order status changed';
      n.Summary.OrderStatus = 'Canceled';
      n.Summary.OrderItems[0].IsBuyerRequestedCancel = false;
    });
    expect(recordsOf(deliver(canceled))).toMatchObject([{ kind: 'cancellation', reason: 'Order status changed' }]);
  });

  it('skips any other change, with the reason', () => {
    const shipped = variant(ORDER_CHANGE, (b) => {
      const n = b.Payload.OrderChangeNotification;
      n.OrderChangeType = 'OrderStatusChange';
      n.OrderChangeTrigger.ChangeReason = 'Order status changed';
      n.Summary.OrderStatus = 'Shipped';
      n.Summary.OrderItems[0].IsBuyerRequestedCancel = false;
    });
    expect(deliver(shipped)).toEqual({ outcome: 'skip', reason: `ORDER_CHANGE OrderStatusChange of order ${change.AmazonOrderId} (status Shipped) is not a cancellation: the order's own responses carry the change` });
  });

  it('skips other notification types', () => {
    expect(deliver({ NotificationType: 'FEED_PROCESSING_FINISHED', Payload: {} }).outcome).toBe('skip');
  });
});

describe('deliveryId', () => {
  const request = (body: string, headers: Record<string, string> = {}) => ({ headers, rawBody: Buffer.from(body), secret: 's', settings: {} });

  it('is the notification id, however the notification is delivered', () => {
    expect(plugin.deliveryId(request(sampleText(ORDER_CHANGE), { 'x-amz-sns-message-id': 'sns-1' }))).toBe(src.NotificationMetadata.NotificationId);
  });

  it('is the SNS message id for a body without a notification id, else null', () => {
    expect(plugin.deliveryId(request('{"payload": {}}', { 'x-amz-sns-message-id': ' sns-1 ' }))).toBe('sns-1');
    expect(plugin.deliveryId(request('{"payload": {}}'))).toBeNull();
    expect(plugin.deliveryId(request('not json "NotificationId"'))).toBeNull();
  });
});
