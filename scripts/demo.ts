/**
 * `npm run demo`: the gateway with realistic data and a live stream of new orders.
 *
 * - Database: DATABASE_URL when set, otherwise `file:data/demo.sqlite` (kept apart from the
 *   default `data/salesgraph.sqlite`).
 * - On an empty database, seeds the three demo channels with 2,000 customers and 10,000 orders.
 * - Prints the URL, the admin key (when one was generated) and an example curl.
 * - Creates one live order every 2–3 seconds until SIGINT / SIGTERM.
 * - Logs of the gateway itself are at `warn` unless LOG_LEVEL says otherwise.
 */
import 'reflect-metadata';

import type { SqlEntityManager } from '@mikro-orm/knex';

import { ChannelKind } from '../src/channels/channel-kind';
import { ConfigError, loadConfig } from '../src/config/config';
import { createLiveOrder, DEMO_CHANNELS, Random, seedDatabase } from '../src/generator';
import { formatMinor } from '../src/money/money';
import { Order } from '../src/orders/order.entity';
import { startGateway, type Gateway } from '../src/server/gateway';

const DEMO_DATABASE_URL = 'file:data/demo.sqlite';
const DEMO_CUSTOMERS = 2_000;
const DEMO_ORDERS = 10_000;
const EXAMPLE_QUERY =
  '{ orders(first: 3) { totalCount edges { node { number total { amount currencyCode } channel { code } customer { name } } } } }';

function say(line = ''): void {
  process.stdout.write(`${line}\n`);
}

async function seedIfEmpty(gateway: Gateway): Promise<void> {
  const em = gateway.orm.em.fork() as SqlEntityManager;
  const existing = await em.count(Order, {});
  if (existing > 0) {
    say(`  The database already has ${existing.toLocaleString('en-US')} orders: not seeding.`);
    return;
  }
  say(`  Seeding ${DEMO_CHANNELS.map((c) => c.code).join(', ')} with ${DEMO_CUSTOMERS.toLocaleString('en-US')} customers and ${DEMO_ORDERS.toLocaleString('en-US')} orders…`);
  const started = Date.now();
  const result = await seedDatabase(em, {
    customers: DEMO_CUSTOMERS,
    orders: DEMO_ORDERS,
    channels: DEMO_CHANNELS,
    onProgress: (done, total) => {
      const percent = total === 0 ? 100 : Math.floor((done * 100) / total);
      say(`    ${String(percent).padStart(3)} %  ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} orders`);
    },
  });
  say(
    `  Seeded ${result.customers.toLocaleString('en-US')} customers, ${result.identities.toLocaleString('en-US')} channel identities, ` +
      `${result.orders.toLocaleString('en-US')} orders and ${result.lines.toLocaleString('en-US')} lines in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
  );
}

function printAccess(gateway: Gateway, configuredKey: string | undefined): void {
  const key = gateway.generatedAdminKey ?? configuredKey;
  say();
  say(`  salesgraph demo listening on ${gateway.url}  (GraphQL at ${gateway.url}/graphql)`);
  if (gateway.generatedAdminKey) {
    say('  No admin key existed, so one was made. It is shown this once (only its hash is stored):');
    say();
    say(`    ${gateway.generatedAdminKey}`);
  } else if (configuredKey) {
    say('  Admin key: the one in SALESGRAPH_ADMIN_KEY.');
  } else {
    say('  An admin key already exists in this database: use the key printed when it was first started');
    say('  (or start with SALESGRAPH_ADMIN_KEY=<key>).');
  }
  say();
  const body = JSON.stringify({ query: EXAMPLE_QUERY });
  say('  Try:');
  say(`    curl -s ${gateway.url}/graphql \\`);
  say(`      -H 'Authorization: Bearer ${key ?? '<admin key>'}' \\`);
  say(`      -H 'Content-Type: application/json' \\`);
  say(`      -d '${body}'`);
  say();
}

async function main(): Promise<void> {
  const env = { ...process.env };
  if (!env.DATABASE_URL?.trim()) env.DATABASE_URL = DEMO_DATABASE_URL;
  if (!env.LOG_LEVEL?.trim()) env.LOG_LEVEL = 'warn';
  const config = loadConfig(env);
  const gateway = await startGateway(config);
  try {
    await seedIfEmpty(gateway);
  } catch (error) {
    await gateway.stop();
    throw error;
  }
  printAccess(gateway, config.adminKey);

  const rng = new Random(Number(process.env.DEMO_SEED) || Date.now());
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;
  let stopping = false;

  const liveOrder = async () => {
    const em = gateway.orm.em.fork() as SqlEntityManager;
    const id = await createLiveOrder(em, rng);
    const order = await em.findOneOrFail(Order, id, { populate: ['channel'] });
    const amount = formatMinor(order.totalMinor, order.currencyCode);
    // A store receipt number repeats across stores: show the store too ("SH01:20261123-0001").
    const label = order.channel.kind === ChannelKind.OFFLINE_STORE ? order.externalId : (order.number ?? order.externalId);
    say(`  live order ${label.padEnd(20)} ${order.channel.code.padEnd(10)} ${amount.padStart(10)} ${order.currencyCode}  ${order.status}`);
  };
  const schedule = () => {
    if (stopping) return;
    timer = setTimeout(() => {
      inFlight = liveOrder()
        .catch((error: unknown) => say(`  live order failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => {
          inFlight = undefined;
          schedule();
        });
    }, rng.int(2000, 3000));
  };
  say('  Creating a live order every 2–3 seconds. Ctrl-C to stop.');
  schedule();

  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    if (timer) clearTimeout(timer);
    say(`\n  ${signal}: stopping…`);
    (async () => {
      await inFlight;
      await gateway.stop();
    })().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`demo: shutdown failed: ${error instanceof Error ? error.stack : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => shutdown(signal));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) process.stderr.write(`demo: ${error.message}\n`);
  else process.stderr.write(`demo failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
