import { ERASED, PersonalData } from './personal-data';

const WEB = 1;
const STORE = 2;

const jane = new PersonalData({
  emails: ['jane.doe@example.com', ' Relay-1@marketplace.example ', null],
  phone: '+14155550123',
  name: 'Jane Doe',
  orders: [{ id: 10, channelId: WEB, externalId: '727' }],
  identities: [{ channelId: WEB, externalId: 'C-42' }],
});

describe('PersonalData.mentionedIn', () => {
  it('finds one of the e-mails in any case', () => {
    expect(jane.mentionedIn('{"billing":{"email":"JANE.DOE@Example.com"}}', STORE, null)).toBe(true);
  });

  it('finds a relay alias the identity had', () => {
    expect(jane.mentionedIn('{"BuyerEmail":"relay-1@marketplace.example"}', WEB, null)).toBe(true);
  });

  it('finds one of their orders by its id under an id key, on its channel only', () => {
    expect(jane.mentionedIn('{"id": 727, "total": "29.35"}', WEB, null)).toBe(true);
    expect(jane.mentionedIn('{"AmazonOrderId":"727"}', WEB, null)).toBe(true);
    expect(jane.mentionedIn('{"id": 727}', STORE, null)).toBe(false);
  });

  it('does not take the same number under another key for their order', () => {
    expect(jane.mentionedIn('{"quantity": 727, "total": "727.00"}', WEB, null)).toBe(false);
  });

  it("finds their phone written the channel's local way", () => {
    expect(jane.mentionedIn('{"phone":"(415) 555-0123"}', STORE, 'US')).toBe(true);
    expect(jane.mentionedIn('{"phone":"(415) 555-0124"}', STORE, 'US')).toBe(false);
  });

  it('finds nothing in an empty body', () => {
    expect(jane.mentionedIn('', WEB, null)).toBe(false);
    expect(jane.mentionedIn(null, WEB, null)).toBe(false);
  });
});

describe('PersonalData.redactJson', () => {
  it('empties the values under personal keys and keeps ids, amounts and products', () => {
    const part = {
      AmazonOrderId: '727',
      BuyerEmail: 'relay-1@marketplace.example',
      BuyerName: 'Jane Doe',
      ShippingAddress: { Name: 'Jane Doe', City: 'Seattle', PostalCode: 98121 },
      OrderItems: [{ Title: 'Tea', SellerSKU: 'TEA-1', ItemPrice: { Amount: '5.00' } }],
    };
    expect(jane.redactJson(part, null)).toEqual({
      AmazonOrderId: '727',
      BuyerEmail: null,
      BuyerName: null,
      ShippingAddress: { Name: null, City: null, PostalCode: null },
      OrderItems: [{ Title: 'Tea', SellerSKU: 'TEA-1', ItemPrice: { Amount: '5.00' } }],
    });
  });

  it('empties their e-mail or phone under any key', () => {
    expect(jane.redactJson({ contact: 'jane.doe@example.com', other: '+1 415 555 0123', kept: 'hello' }, 'US')).toEqual({ contact: null, other: null, kept: 'hello' });
  });
});

describe('PersonalData.redactText', () => {
  it('replaces their e-mails, name and phone in a refusal reason', () => {
    expect(jane.redactText('bad total for Jane Doe <JANE.DOE@example.com>, (415) 555-0123', 'US')).toBe(`bad total for ${ERASED} <${ERASED}>, ${ERASED}`);
  });
});
