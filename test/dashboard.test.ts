/**
 * The live sales dashboard at GET /dashboard, in a real headless Chromium (Debian's `chromium`
 * driven by playwright-core): a user opens the page, enters a DASHBOARD key and watches orders
 * pushed through the real Shopify webhook route arrive, the per-minute figures and the rolling
 * ticker follow them, and the page resume after its socket drops with every order exactly once.
 * A screenshot of the page is written to test/artifacts/dashboard.png.
 */
import fs from 'node:fs';
import path from 'node:path';

import { chromium, type Browser, type Page } from 'playwright-core';

import { Role } from '../src/auth/role';
import { startTestGateway, type TestGateway } from '../src/testing/test-gateway';
import { createShopifyChannel, sendShopify, shopifyWebhookFixtures, type Json } from './support/shopify';

/** What the page exposes to a browser test (the test runs without DOM types). */
declare const window: { salesgraphDashboard: { dropConnection(): void; pauseReconnect(ms: number): void } };
declare const sessionStorage: { length: number };

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.resolve(__dirname, 'artifacts');
const CHANNEL = 'shop-live';
/** A Shopify order of 270.37 USD (three lines, tax, no customer). */
const TEMPLATE = shopifyWebhookFixtures().find((f) => f.file === 'rest-2026-07-order-create-3lines-tax-no-customer.json')!.objects[0];
const TOTAL = '270.37';

let t: TestGateway;
let browser: Browser;
let page: Page;
let dashboardKey: string;
/** Console messages of the page that report a Content-Security-Policy violation. */
const violations: string[] = [];
/** Every URL the page requested. */
const requested: string[] = [];

/** A new Shopify order, its own id and number, pushed through POST /channels/{code}/webhooks. */
async function placeOrder(id: number): Promise<string> {
  const order: Json = { ...structuredClone(TEMPLATE), id, name: `#${id}`, order_number: id };
  const res = await sendShopify(t, CHANNEL, order, { topic: 'orders/create' });
  expect(res.body).toMatchObject({ result: 'created' });
  return String(id);
}

const state = () => page.getByTestId('connection-state');
const rowsOf = (externalId: string) => page.locator(`[data-testid="order-row"][data-external-id="${externalId}"]`);

beforeAll(async () => {
  t = await startTestGateway();
  await createShopifyChannel(t, CHANNEL);
  dashboardKey = await t.keyFor(Role.DASHBOARD);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  page.setDefaultTimeout(10_000); // a failing wait reports what it waited for, inside jest's 30 s
  page.on('console', (message) => {
    if (/Content[- ]Security[- ]Policy/i.test(message.text())) violations.push(message.text());
  });
  page.on('request', (request) => requested.push(request.url()));
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

describe('the live sales dashboard', () => {
  it('is served by the gateway, its script and styles too, with the security headers', async () => {
    for (const [url, type] of [
      ['/dashboard', 'text/html'],
      ['/dashboard/app.js', 'text/javascript'],
      ['/dashboard/app.css', 'text/css'],
    ]) {
      const res = await t.http().get(url);
      expect([url, res.status, res.headers['content-type']]).toEqual([url, 200, expect.stringContaining(type)]);
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      // its own socket only, not any WebSocket server
      expect(res.headers['content-security-policy']).toContain(`connect-src 'self' ws://${new URL(t.url).host} wss://${new URL(t.url).host}`);
      expect(res.headers['content-security-policy']).not.toMatch(/\bwss?:(?!\/\/)/);
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-frame-options']).toBe('DENY');
    }
  });

  it('refers to nothing outside the gateway and has no inline script', async () => {
    const html = (await t.http().get('/dashboard')).text;
    const references = [...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
    expect(references.length).toBeGreaterThan(0);
    expect(references.filter((ref) => !ref.startsWith('/dashboard/'))).toEqual([]);
    expect(html).not.toMatch(/https?:\/\//);
    expect([...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1].trim())).toEqual(['']);
  });

  it('asks for a key and goes live once a DASHBOARD key is entered', async () => {
    await page.goto(`${t.url}/dashboard`);
    await expect(state().textContent()).resolves.toBe('closed');
    await page.getByLabel('Dashboard API key').fill(dashboardKey);
    await page.getByRole('button', { name: 'Connect' }).click();
    await state().filter({ hasText: /^live$/ }).waitFor();
  });

  it('shows an order as soon as it comes through the webhook route', async () => {
    const externalId = await placeOrder(7_100_001);
    const row = rowsOf(externalId);
    await row.waitFor();
    await expect(row.innerText()).resolves.toMatch(new RegExp(`#7100001[\\s\\S]*${TOTAL} USD[\\s\\S]*created`));
    await expect(row.getAttribute('data-order-id')).resolves.toMatch(/\S/);
  });

  it('shows nothing while its socket is down, then every order placed meanwhile, each once', async () => {
    await page.evaluate(() => {
      window.salesgraphDashboard.pauseReconnect(60_000);
      window.salesgraphDashboard.dropConnection();
    });
    await state().filter({ hasText: /^reconnecting$/ }).waitFor();
    const missed = [await placeOrder(7_100_002), await placeOrder(7_100_003), await placeOrder(7_100_004)];
    await expect(page.getByTestId('order-row').count()).resolves.toBe(1);
    await expect(state().textContent()).resolves.toBe('reconnecting');

    await page.evaluate(() => window.salesgraphDashboard.pauseReconnect(0));
    await state().filter({ hasText: /^live$/ }).waitFor();
    await page.getByTestId('event-count').filter({ hasText: /^4$/ }).waitFor();
    const counts = await Promise.all(['7100001', ...missed].map(async (id) => [id, await rowsOf(id).count()]));
    expect(counts).toEqual([
      ['7100001', 1],
      ['7100002', 1],
      ['7100003', 1],
      ['7100004', 1],
    ]);
    // newest first
    await expect(page.getByTestId('order-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-external-id')))).resolves.toEqual([
      '7100004',
      '7100003',
      '7100002',
      '7100001',
    ]);
  });

  it("sums the charted minutes per channel in the channel's currency, to the cent", async () => {
    const totals = page.locator(`[data-testid="minute-total"][data-channel="${CHANNEL}"][data-currency="USD"]`);
    await totals.filter({ hasText: '1081.48' }).waitFor(); // 4 × 270.37
    await expect(totals.locator('td').allInnerTexts()).resolves.toEqual([CHANNEL, 'USD', '4', '1081.48']);
    await expect(page.locator('.uplot').count()).resolves.toBe(2);
    await expect(page.locator('.uplot .u-legend').first().innerText()).resolves.toContain(`${CHANNEL} · USD`);
  });

  it("shows the server's rolling figures for the channel", async () => {
    const row = page.locator(`[data-testid="ticker-row"][data-channel="${CHANNEL}"]`);
    await row.filter({ hasText: '1081.48 USD' }).waitFor();
    await expect(row.locator('td').allInnerTexts()).resolves.toEqual([CHANNEL, '4', '1081.48 USD', `${TOTAL} USD`]);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard.png'), fullPage: true });
  });

  it('loaded without a Content-Security-Policy violation or a request to another origin', () => {
    expect(violations).toEqual([]);
    expect(requested.length).toBeGreaterThan(0);
    expect(requested.filter((url) => !url.startsWith(`${t.url}/`))).toEqual([]);
  });

  it('closes with the reason when the key is refused, and asks again', async () => {
    const other = await browser.newPage();
    try {
      await other.goto(`${t.url}/dashboard`);
      await other.getByLabel('Dashboard API key').fill('sg_not_a_key');
      await other.getByRole('button', { name: 'Connect' }).click();
      await other.getByTestId('connection-reason').filter({ hasText: /refused \(440[13]\)/ }).waitFor();
      await expect(other.getByTestId('connection-state').textContent()).resolves.toBe('closed');
      await expect(other.getByLabel('Dashboard API key').isVisible()).resolves.toBe(true);
      await expect(other.evaluate(() => sessionStorage.length)).resolves.toBe(0);
    } finally {
      await other.close();
    }
  });
});
