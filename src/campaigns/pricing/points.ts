import { currencyExponent } from '../../money/currency';

/** A multiplier of ×1, in hundredths. */
export const NO_MULTIPLIER = 100;

/**
 * The points a cart earns: floor(whole major units of its total × points per unit ×
 * multiplier / 100), the multiplier in hundredths (the highest applied, not a product of them).
 * @example cartPoints(8550, 'EUR', 1, 150) // 85 whole euros × 1.5 = 127
 */
export function cartPoints(totalMinor: number, currency: string, pointsPerUnit: number, multiplierHundredths: number): number {
  const wholeUnits = BigInt(totalMinor) / 10n ** BigInt(currencyExponent(currency));
  return Number((wholeUnits * BigInt(pointsPerUnit) * BigInt(multiplierHundredths)) / 100n);
}
