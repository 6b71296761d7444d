/**
 * Cross-origin access and the dashboard's security headers, as a browser meets them: CORS is off
 * unless SALESGRAPH_CORS_ORIGINS names origins, and then applies to every route, POST /graphql and
 * the webhook route (served ahead of Express) and its preflight included.
 */
import http from 'node:http';

import { parseCorsOrigins } from '../src/config/config';
import { startTestGateway, TEST_ADMIN_KEY, type TestGateway } from '../src/testing/test-gateway';

const APP = 'https://app.example.com';
const ELSEWHERE = 'https://evil.example.net';

let closed: TestGateway;
let listed: TestGateway;
let anyOrigin: TestGateway;

beforeAll(async () => {
  closed = await startTestGateway();
  listed = await startTestGateway({ corsOrigins: parseCorsOrigins(`${APP}, http://localhost:5173`) });
  anyOrigin = await startTestGateway({ corsOrigins: parseCorsOrigins('*') });
});

afterAll(async () => {
  await closed?.stop();
  await listed?.stop();
  await anyOrigin?.stop();
});

/** A query from a page on `origin` (the node:http path of POST /graphql). */
const query = (t: TestGateway, origin: string) =>
  t.http().post('/graphql').set('origin', origin).set('authorization', `Bearer ${TEST_ADMIN_KEY}`).set('content-type', 'application/json').send({ query: '{ __typename }' });

/** The preflight a browser sends before that query. */
const preflight = (t: TestGateway, origin: string, path = '/graphql') =>
  t.http().options(path).set('origin', origin).set('access-control-request-method', 'POST').set('access-control-request-headers', 'authorization,content-type');

describe('CORS, off by default', () => {
  it('lets no other origin read an answer of POST /graphql', async () => {
    const res = await query(closed, APP);
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('grants no preflight of POST /graphql', async () => {
    const res = await preflight(closed, APP);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['access-control-allow-headers']).toBeUndefined();
  });

  it('adds nothing to the Express routes, the exports and health among them', async () => {
    for (const path of ['/healthz', '/exports/sales-summary.csv', '/dashboard']) {
      const res = await closed.http().get(path).set('origin', APP);
      expect([path, res.headers['access-control-allow-origin']]).toEqual([path, undefined]);
    }
  });
});

describe('CORS with SALESGRAPH_CORS_ORIGINS listing origins', () => {
  it('lets a listed origin read an answer of POST /graphql, and its request id', async () => {
    const res = await query(listed, APP);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ __typename: 'Query' });
    expect(res.headers['access-control-allow-origin']).toBe(APP);
    expect(res.headers.vary).toMatch(/\bOrigin\b/);
    expect(res.headers['access-control-expose-headers']).toMatch(/x-request-id/);
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('grants a listed origin the preflight of POST /graphql with the bearer header', async () => {
    const res = await preflight(listed, 'http://localhost:5173');
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(res.headers['access-control-allow-methods']).toBe('GET,POST');
    expect(res.headers['access-control-allow-headers']).toMatch(/(^|,)authorization(,|$)/);
    expect(res.headers['access-control-allow-headers']).toMatch(/(^|,)content-type(,|$)/);
    expect(res.headers['access-control-max-age']).toBe('600');
  });

  it('answers an origin not listed without Access-Control-Allow-Origin, on the query and its preflight', async () => {
    const res = await query(listed, ELSEWHERE);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers.vary).toMatch(/\bOrigin\b/);
    const pre = await preflight(listed, ELSEWHERE);
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('matches origins exactly: another scheme, port or subdomain is another origin', async () => {
    for (const origin of ['http://app.example.com', 'https://app.example.com:8443', 'https://x.app.example.com', 'https://app.example.com.evil.example.net']) {
      const res = await query(listed, origin);
      expect([origin, res.headers['access-control-allow-origin']]).toEqual([origin, undefined]);
    }
  });

  it('applies to the webhook route and the Express routes too', async () => {
    const webhook = await listed.http().post('/channels/nope/webhooks').set('origin', APP).set('content-type', 'application/json').send('{}');
    expect(webhook.status).toBe(404);
    expect(webhook.headers['access-control-allow-origin']).toBe(APP);
    const health = await listed.http().get('/healthz').set('origin', APP);
    expect(health.headers['access-control-allow-origin']).toBe(APP);
    const webhookPreflight = await preflight(listed, APP, '/channels/nope/webhooks');
    expect(webhookPreflight.status).toBe(204);
  });

  it('still needs a key: a granted origin without one gets 401', async () => {
    const res = await listed.http().post('/graphql').set('origin', APP).set('content-type', 'application/json').send({ query: '{ __typename }' });
    expect(res.status).toBe(401);
    expect(res.headers['access-control-allow-origin']).toBe(APP);
  });
});

describe('CORS with SALESGRAPH_CORS_ORIGINS=*', () => {
  it('lets any origin read answers, without credentials', async () => {
    const res = await query(anyOrigin, ELSEWHERE);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    const pre = await preflight(anyOrigin, ELSEWHERE);
    expect([pre.status, pre.headers['access-control-allow-origin']]).toEqual([204, '*']);
  });
});

/** A GET with the Host header a browser would send for `host` (supertest sets its own). */
function getWithHost(t: TestGateway, path: string, host: string): Promise<http.IncomingMessage> {
  const { port } = new URL(t.url);
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      res.resume();
      resolve(res);
    });
    req.on('error', reject);
  });
}

describe('the dashboard’s security headers', () => {
  it.each(['/dashboard', '/dashboard/app.js', '/dashboard/app.css', '/dashboard/favicon.svg'])('are on %s', async (path) => {
    const res = await closed.http().get(path);
    expect(res.status).toBe(200);
    const host = new URL(closed.url).host;
    expect(res.headers['content-security-policy']).toBe(
      [
        "default-src 'self'",
        `connect-src 'self' ws://${host} wss://${host}`,
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
      ].join(';'),
    );
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(res.headers['strict-transport-security']).toBeUndefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('name the socket by the address the browser used', async () => {
    const res = await getWithHost(closed, '/dashboard', 'sales.example.com:8080');
    expect(res.headers['content-security-policy']).toContain("connect-src 'self' ws://sales.example.com:8080 wss://sales.example.com:8080;");
  });

  it('write no other Host header into the policy', async () => {
    const res = await getWithHost(closed, '/dashboard', "x;script-src-elem *");
    expect(res.headers['content-security-policy']).toContain("connect-src 'self';");
    expect(res.headers['content-security-policy']).not.toContain('script-src-elem');
  });
});
