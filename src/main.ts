import 'reflect-metadata';

import { ConfigError, loadConfig } from './config/config';
import { createLogger } from './server/logger';
import { startGateway } from './server/gateway';

/** `npm start`: the gateway on PORT (4000), embedded SQLite unless DATABASE_URL says otherwise. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const gateway = await startGateway(config, { logger: log });
  if (gateway.generatedAdminKey) {
    process.stdout.write(
      `\n  No admin key existed, so one was made. It is shown this once (only its hash is stored):\n\n` +
        `    ${gateway.generatedAdminKey}\n\n` +
        `  Try:  curl -s ${gateway.url}/graphql -H 'Authorization: Bearer ${gateway.generatedAdminKey}' \\\n` +
        `          -H 'Content-Type: application/json' -d '{"query":"{ channels { code name } }"}'\n\n`,
    );
  }
  let signalled = false;
  const shutdown = (signal: string) => {
    if (signalled) return;
    signalled = true;
    log.info({ signal }, 'shutting down: finishing in-flight requests');
    gateway.stop().then(
      () => process.exit(0),
      (error) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`salesgraph: ${error.message}\n`);
  } else {
    process.stderr.write(`salesgraph failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  }
  process.exit(1);
});
