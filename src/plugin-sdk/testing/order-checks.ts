import { formatMinor, type Money } from '../../money';
import type { OrderLineRecord, OrderRecord } from '../records';
import { isValidDate, moneyProblems } from './result-shape';
import type { OrderBalance } from './types';

const STATUSES = ['PENDING', 'PAID', 'FULFILLED', 'CANCELLED', 'PARTIALLY_REFUNDED', 'REFUNDED'];
const ORDER_MONEY = ['subtotal', 'discountTotal', 'taxTotal', 'shippingTotal', 'total', 'refundedTotal'] as const;
const LINE_MONEY = ['unitPrice', 'discount', 'tax', 'total'] as const;

/** An order record as the check found it, with its place in the result (`records[0]`). */
export interface LocatedOrder {
  order: OrderRecord;
  where: string;
}

/** An amount as a decimal in its currency, or raw minor units when the currency is unusable. */
export function show(minor: number, currency: string): string {
  try {
    return `${formatMinor(minor, currency)} ${currency}`;
  } catch {
    return `${minor} minor units of ${currency}`;
  }
}

const lines = (order: OrderRecord): OrderLineRecord[] => (Array.isArray(order.lines) ? order.lines : []);

function inCurrency({ order, where }: LocatedOrder): string[] {
  const problems = moneyProblems({ minor: 0, currency: order.currency }, `${where}.currency`).filter((p) => p.includes('ISO'));
  const check = (m: Money | undefined, at: string) => {
    problems.push(...moneyProblems(m, at));
    if (m && typeof m === 'object' && m.currency !== order.currency) problems.push(`${at} is in ${m.currency}, not the order's ${order.currency}`);
  };
  for (const key of ORDER_MONEY) check(order[key], `${where}.${key}`);
  lines(order).forEach((line, i) => LINE_MONEY.forEach((key) => check(line[key], `${where}.lines[${i}].${key}`)));
  return problems;
}

function lineTotals({ order, where }: LocatedOrder): string[] {
  return lines(order).flatMap((line, i) => {
    const expected = line.unitPrice.minor * line.quantity - line.discount.minor + (order.taxesIncluded ? 0 : line.tax.minor);
    if (expected === line.total.minor) return [];
    const formula = `unitPrice × quantity − discount${order.taxesIncluded ? '' : ' + tax'}`;
    return [`${where}.lines[${i}].total is ${show(line.total.minor, order.currency)}, but ${formula} is ${show(expected, order.currency)}`];
  });
}

function subtotal({ order, where }: LocatedOrder): string[] {
  const expected = lines(order).reduce((sum, line) => sum + line.unitPrice.minor * line.quantity, 0);
  if (lines(order).length === 0 || expected === order.subtotal.minor) return [];
  return [`${where}.subtotal is ${show(order.subtotal.minor, order.currency)}, but Σ unitPrice × quantity is ${show(expected, order.currency)}`];
}

/** `total − (subtotal − discountTotal + shippingTotal (+ taxTotal))` of one order. */
export function balanceOf(order: OrderRecord, toleranceMinor: number): OrderBalance {
  const minor = (m: Money | undefined) => (typeof m?.minor === 'number' ? m.minor : Number.NaN);
  const parts = minor(order.subtotal) - minor(order.discountTotal) + minor(order.shippingTotal) + (order.taxesIncluded ? 0 : minor(order.taxTotal));
  const differenceMinor = minor(order.total) - parts;
  return {
    externalId: String(order.externalId),
    currency: order.currency,
    differenceMinor,
    difference: show(differenceMinor, order.currency),
    withinTolerance: Number.isFinite(differenceMinor) && Math.abs(differenceMinor) <= toleranceMinor,
  };
}

function quantities({ order, where }: LocatedOrder): string[] {
  return lines(order).flatMap((line, i) =>
    Number.isSafeInteger(line.quantity) && line.quantity > 0 ? [] : [`${where}.lines[${i}].quantity ${String(line.quantity)} is not a positive integer`],
  );
}

function externalId({ order, where }: LocatedOrder): string[] {
  return typeof order.externalId === 'string' && order.externalId.trim() !== '' ? [] : [`${where}.externalId ${JSON.stringify(order.externalId)} is empty`];
}

function placedAt({ order, where }: LocatedOrder): string[] {
  return isValidDate(order.placedAt) ? [] : [`${where}.placedAt ${String(order.placedAt)} is not a valid Date`];
}

function status({ order, where }: LocatedOrder): string[] {
  return STATUSES.includes(order.status) ? [] : [`${where}.status ${JSON.stringify(order.status)} is not one of ${STATUSES.join(', ')}`];
}

/** The per-order checks, by id and title; each gives the problems of one order. */
export const ORDER_CHECKS: ReadonlyArray<{ id: string; title: string; run: (o: LocatedOrder) => string[] }> = [
  { id: 'money-currency', title: "all Money is in the order's currency", run: inCurrency },
  { id: 'line-totals', title: 'each line total = unitPrice × quantity − discount (+ tax unless taxesIncluded), exactly', run: lineTotals },
  { id: 'subtotal', title: 'subtotal = Σ unitPrice × quantity, exactly', run: subtotal },
  { id: 'quantities', title: 'line quantities are positive integers', run: quantities },
  { id: 'external-id', title: 'externalId is non-empty', run: externalId },
  { id: 'placed-at', title: 'placedAt is a valid Date', run: placedAt },
  { id: 'status', title: 'status is one of the six', run: status },
];
