import { registerEnumType } from 'type-graphql';

export enum ChannelKind {
  STOREFRONT = 'STOREFRONT',
  MARKETPLACE = 'MARKETPLACE',
  OFFLINE_STORE = 'OFFLINE_STORE',
}

registerEnumType(ChannelKind, {
  name: 'ChannelKind',
  description: 'What sort of channel: a web storefront, a marketplace or a physical store.',
});
