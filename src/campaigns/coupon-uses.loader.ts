import DataLoader from 'dataloader';

import type { SqlReader } from '../db/sql-reader';

/** Coupon codes' uses as stored now (the attribution job moves them), one statement per batch. */
export const createCouponUsesLoader = (reader: SqlReader) =>
  new DataLoader<string, number>(async (codes) => {
    const rows = await reader.all(`select code, uses from campaign_coupon where code in (${codes.map(() => '?').join(', ')})`, [...codes]);
    const uses = new Map(rows.map((r) => [String(r.code), Number(r.uses)]));
    return codes.map((code) => uses.get(code) ?? 0);
  });
