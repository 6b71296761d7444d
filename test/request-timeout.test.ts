import http from 'node:http';

import { CreateChannelDocument } from '../src/testing/generated/graphql';
import { startTestGateway, TEST_ADMIN_KEY, type TestGateway } from '../src/testing/test-gateway';

// A large import streams its file for minutes: the body may take as long as
// SALESGRAPH_REQUEST_TIMEOUT_MS allows (an hour by default), not Node's five minutes.

const HEADER = 'store_code,receipt_id,sold_at,sku,title,quantity,unit_price,discount,tax,currency,customer_email,customer_phone,customer_name';
const row = (i: number) => `SLOW,${i},2026-03-01T10:00:00+01:00,SKU-1,Tea,1,5.00,0,0,EUR,,,`;

/** POSTs a CSV import whose rows trickle in over `seconds`; resolves with the HTTP status. */
function slowImport(t: TestGateway, seconds: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${t.url}/channels/store-slow/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_ADMIN_KEY}`, 'content-type': 'text/csv', 'transfer-encoding': 'chunked' },
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    req.on('error', reject);
    req.write(`${HEADER}\n`);
    let sent = 0;
    const timer = setInterval(() => {
      if (req.destroyed) return clearInterval(timer);
      req.write(`${row(++sent)}\n`);
      if (sent >= seconds * 4) {
        clearInterval(timer);
        req.end();
      }
    }, 250);
  });
}

async function gatewayWithLimit(requestTimeoutMs: number): Promise<TestGateway> {
  const t = await startTestGateway({ requestTimeoutMs });
  const res = await t.gql(CreateChannelDocument, { input: { code: 'store-slow', name: 'slow', kind: 'OFFLINE_STORE', plugin: 'pos-csv', currencyCode: 'EUR' } });
  expect(res.errors).toBeUndefined();
  return t;
}

describe('a request body that takes long to arrive', () => {
  it('is cut off with 408 past the configured time', async () => {
    const t = await gatewayWithLimit(1000);
    try {
      expect(await slowImport(t, 4)).toBe(408);
    } finally {
      await t.stop();
    }
  });

  it('is taken whole within it', async () => {
    const t = await gatewayWithLimit(30_000);
    try {
      expect(await slowImport(t, 3)).toBe(200);
    } finally {
      await t.stop();
    }
  });
});
