import type { Allocation, CartLine, NotApplied, NotAppliedReason } from './pricing-types';

/** A cart line while the campaigns are applied in turn: what it cost and what is left of it. */
export interface WorkingLine {
  readonly line: CartLine;
  /** quantity × unit price. */
  readonly subtotalMinor: number;
  /** The subtotal less what the campaigns applied so far took off the line. */
  netMinor: number;
  readonly allocations: Allocation[];
}

/** Why a campaign gives nothing, before the quote names the campaign (see NotApplied). */
export type Refusal = Omit<NotApplied, 'campaignId' | 'code'>;

/** A refusal for `reason`, with its sentence and, for some reasons, a figure. */
export function refuse(reason: NotAppliedReason, detail: string, extra: Pick<Refusal, 'shortByMinor' | 'excludedBy'> = {}): Refusal {
  return { reason, detail, ...extra };
}

/** True for a refusal, false for whatever a check returns when it passes. */
export function isRefusal<T extends object>(outcome: T | Refusal): outcome is Refusal {
  return 'reason' in outcome;
}

/** Byte-wise string order, the same on every machine and locale. */
export function compareCodes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
