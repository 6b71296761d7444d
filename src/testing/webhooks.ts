import { createHmac } from 'node:crypto';

import type { TestGateway } from './test-gateway';

/** Signs a body the way every plugin without its own scheme expects: X-Salesgraph-Signature. */
export function salesgraphSignature(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Posts a raw body to a channel's webhook route. */
export function postWebhook(t: TestGateway, channelCode: string, body: string | Buffer, headers: Record<string, string>) {
  const req = t.http().post(`/channels/${channelCode}/webhooks`);
  for (const [k, v] of Object.entries(headers)) req.set(k, v);
  // superagent would JSON-encode a Buffer sent as application/json: send the exact text
  return req.send(typeof body === 'string' ? body : body.toString('utf8'));
}
