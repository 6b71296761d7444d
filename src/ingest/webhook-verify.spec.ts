import crypto, { createHmac } from 'node:crypto';

import type { ChannelPlugin } from '../plugin-sdk';
import { PluginRegistry } from './plugin-registry';

const SECRET = 'whsec_webhook_verify_spec';
const BODY = Buffer.from('{"id":"1001","total":"30.00"}');
const NOTIFICATION_URL = 'https://salesgraph.example.com/channels/store/webhooks';

const hmac = (body: Buffer | string, encoding: 'hex' | 'base64') => createHmac('sha256', SECRET).update(body).digest(encoding);

/** One way a channel signs its deliveries: the header and how its value is made from the body. */
interface Scheme {
  header: string;
  sign(body: Buffer): string;
}

const SALESGRAPH: Scheme = { header: 'x-salesgraph-signature', sign: (body) => `sha256=${hmac(body, 'hex')}` };

/** Every signature scheme of each built-in plugin (a plugin added without its schemes here fails below). */
const SCHEMES: Record<string, Scheme[]> = {
  'amazon-sp-api': [SALESGRAPH],
  'pos-csv': [SALESGRAPH],
  shopify: [{ header: 'x-shopify-hmac-sha256', sign: (body) => hmac(body, 'base64') }],
  'square-pos': [
    { header: 'x-square-hmacsha256-signature', sign: (body) => hmac(Buffer.concat([Buffer.from(NOTIFICATION_URL), body]), 'base64') },
    SALESGRAPH,
  ],
  woocommerce: [{ header: 'x-wc-webhook-signature', sign: (body) => hmac(body, 'base64') }, SALESGRAPH],
};

const registry = PluginRegistry.load();
const verify = (plugin: ChannelPlugin, headers: Record<string, string>) =>
  plugin.verify({ headers, rawBody: BODY, secret: SECRET, settings: { notificationUrl: NOTIFICATION_URL } });

/** The same signature with one character of the digest changed: as long, and wrong. */
const tampered = (signature: string) => `${signature.slice(0, 10)}${signature[10] === 'a' ? 'b' : 'a'}${signature.slice(11)}`;

afterEach(() => jest.restoreAllMocks());

describe('webhook signatures of the built-in plugins', () => {
  it('has the signature schemes of every built-in plugin listed', () => {
    expect(registry.names()).toEqual(Object.keys(SCHEMES).sort());
  });

  describe.each(Object.entries(SCHEMES).flatMap(([name, schemes]) => schemes.map((scheme) => [name, scheme.header, scheme] as const)))(
    '%s with %s',
    (name, header, scheme) => {
      const plugin = () => registry.get(name)!;

      it('accepts the right signature, compared in constant time', () => {
        const compare = jest.spyOn(crypto, 'timingSafeEqual');
        expect(verify(plugin(), { [header]: scheme.sign(BODY) })).toEqual({ ok: true });
        expect(compare).toHaveBeenCalled();
      });

      it('refuses a signature of the same length that differs, compared in constant time', () => {
        const compare = jest.spyOn(crypto, 'timingSafeEqual');
        const wrong = tampered(scheme.sign(BODY));
        expect(wrong).toHaveLength(scheme.sign(BODY).length);
        expect(verify(plugin(), { [header]: wrong })).toMatchObject({ ok: false });
        expect(compare).toHaveBeenCalled();
      });

      it('refuses the signature of another body', () => {
        expect(verify(plugin(), { [header]: scheme.sign(Buffer.from(`${BODY} `)) })).toMatchObject({ ok: false });
      });
    },
  );
});
