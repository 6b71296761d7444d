import type { TestGateway } from '../../src/testing/test-gateway';

/** What the webhook route answered. */
export interface WebhookAnswer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  /** The body as text, for answers that are not JSON. */
  text: string;
  requestId: string | null;
}

/**
 * Posts a body to `POST /channels/{code}/webhooks` byte for byte. `postWebhook` sends text (it
 * re-encodes a Buffer as UTF-8), which would change a body of bytes that are not UTF-8 after it
 * was signed; this sends the Buffer itself, on a kept-alive connection.
 */
export async function postRawWebhook(t: TestGateway, channelCode: string, body: Buffer | string, headers: Record<string, string>): Promise<WebhookAnswer> {
  const res = await fetch(`${t.url}/channels/${encodeURIComponent(channelCode)}/webhooks`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
  });
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  return { status: res.status, body: parsed, text, requestId: res.headers.get('x-request-id') };
}
