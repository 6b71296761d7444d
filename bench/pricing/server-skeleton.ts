/**
 * The skeleton of a pricing server, measured beside the gateway: node:http, the request's JSON
 * body, the rules engine on campaigns read once at start, and the very answer the gateway gives
 * to the benchmark's priceCart query, written by hand. It has no GraphQL, no API key, no read of
 * campaign usage and no metrics: what any HTTP server of this engine pays at least, on the same
 * machine, for the same answer. The benchmark checks its answers byte for byte against the
 * gateway's.
 */
import 'reflect-metadata';

import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { SqlEntityManager } from '@mikro-orm/knex';

import type { Quote } from '../../src/campaigns/pricing/pricing-types';
import { quoteCart } from '../../src/campaigns/pricing/quote-cart';
import { openDatabase } from '../../src/db/database';
import { formatMinor } from '../../src/money/money';
import { readServerConfig, runServerChild } from '../query/common';
import { CHANNEL } from './campaigns';
import { benchDatabaseConfig, engineCart, noUsage, readEngineInputs, type BenchCartInput } from './direct-inputs';
import { SKELETON_EXTENSIONS_ENV } from './skeleton-env';

/** The answer to the benchmark's query (QUOTE in run.ts), fields in its order, and the gateway's extensions. */
function answer(q: Quote, extensions: unknown): unknown {
  const money = (minor: number) => ({ amount: formatMinor(minor, q.currency) });
  return {
    data: {
      priceCart: {
        currencyCode: q.currency,
        points: q.points,
        subtotal: money(q.subtotalMinor),
        discountTotal: money(q.discountMinor),
        total: money(q.totalMinor),
        lines: q.lines.map((l) => ({
          sku: l.sku,
          gift: l.gift,
          discount: money(l.discountMinor),
          total: money(l.totalMinor),
          allocations: l.allocations.map((a) => ({ campaign: { code: a.code }, amount: money(a.amountMinor) })),
        })),
        applied: q.applied.map((a) => ({ campaign: { code: a.code }, kind: a.kind, discount: money(a.discountMinor), couponCode: a.couponCode })),
        notApplied: q.notApplied.map((n) => ({ campaign: { code: n.code }, reason: n.reason })),
        rejectedCoupons: q.rejectedCoupons.map((r) => ({ code: r.code, reason: r.reason })),
      },
    },
    extensions: extensions ?? undefined,
  };
}

runServerChild(async () => {
  const config = readServerConfig();
  const extensions = JSON.parse(process.env[SKELETON_EXTENSIONS_ENV] ?? 'null') as unknown;
  const orm = await openDatabase(benchDatabaseConfig(config.db), { poolMax: 2 });
  const { channel, campaigns } = await readEngineInputs(orm.em.fork() as SqlEntityManager, CHANNEL.code);
  await orm.close();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let text: string;
      let status = 200;
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { variables: { input: BenchCartInput } };
        text = `${JSON.stringify(answer(quoteCart(engineCart(body.variables.input, channel, new Date()), campaigns, noUsage()), extensions))}\n`;
      } catch (error) {
        status = 400;
        text = JSON.stringify({ error: (error as Error).message });
      }
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
});
