import type { WebhookRequest } from '../../src/plugin-sdk';

/**
 * The delivery id: a notification's own `NotificationMetadata.NotificationId` (the same
 * however it is delivered and retried), else the `x-amz-sns-message-id` header of an SNS
 * delivery, else null (API responses pushed by a connector have no id: a repeat is told by its
 * content). Never throws.
 */
export function amazonDeliveryId(request: WebhookRequest): string | null {
  const body = request.rawBody.toString('utf8');
  if (body.includes('"NotificationId"')) {
    try {
      const id = (JSON.parse(body) as { NotificationMetadata?: { NotificationId?: unknown } } | null)?.NotificationMetadata?.NotificationId;
      if (typeof id === 'string' && id.trim() !== '') return id.trim();
    } catch {
      // not JSON: normalize will say so
    }
  }
  const sns = request.headers['x-amz-sns-message-id']?.trim();
  return sns ? sns : null;
}
