import type { CustomerRecord, PaymentRecord, PayloadReader, RefundRecord } from '../../src/plugin-sdk';
import { ownMoney } from './money';

/** A Payments API `Payment`: archived, changes no order by itself. The amount is `total_money` (with tip), else `amount_money`. */
export function paymentOf(payment: PayloadReader): PaymentRecord {
  return {
    kind: 'payment',
    orderExternalId: payment.optId('order_id'),
    paymentId: payment.id('id'),
    status: payment.string('status'),
    amount: ownMoney(payment, payment.isMissing('total_money') ? 'amount_money' : 'total_money'),
  };
}

/** Refund statuses that returned (or are returning) money; REJECTED and FAILED returned none. */
export const LIVE_REFUND = new Set(['PENDING', 'APPROVED', 'COMPLETED']);

/** A Refunds API `PaymentRefund`, linked to its order by `order_id`. */
export function refundOf(refund: PayloadReader): RefundRecord {
  return {
    kind: 'refund',
    orderExternalId: refund.id('order_id'),
    refundId: refund.id('id'),
    amount: ownMoney(refund, 'amount_money'),
    occurredAt: refund.date('created_at'),
  };
}

/** A Customers API `Customer`: `email_address`, `given_name` + `family_name`, `phone_number`. */
export function customerOf(customer: PayloadReader): CustomerRecord {
  const name = [customer.optString('given_name'), customer.optString('family_name')].filter((part): part is string => part !== null).join(' ');
  return {
    kind: 'customer',
    customer: {
      externalId: customer.id('id'),
      email: customer.optString('email_address'),
      emailMatchable: true,
      phone: customer.optString('phone_number'),
      name: name || customer.optString('company_name') || customer.optString('nickname'),
    },
    sourceUpdatedAt: customer.optDate('updated_at'),
  };
}
