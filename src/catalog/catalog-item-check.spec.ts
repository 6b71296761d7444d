import { checkCatalogItem, type CatalogItemDraft } from './catalog-item-check';

const item = (change: Partial<CatalogItemDraft>): CatalogItemDraft => ({ sku: 'MUG-1', title: 'Mug', ...change });

describe('checkCatalogItem', () => {
  it('keeps a JPY cost without decimals and an EUR cost with two, in minor units', () => {
    expect(checkCatalogItem(item({ cost: '5980', currencyCode: 'JPY' }))).toEqual({
      ok: true,
      item: { sku: 'MUG-1', title: 'Mug', costMinor: 5980, currencyCode: 'JPY' },
    });
    expect(checkCatalogItem(item({ cost: '12.05', currencyCode: 'eur' }))).toEqual({
      ok: true,
      item: { sku: 'MUG-1', title: 'Mug', costMinor: 1205, currencyCode: 'EUR' },
    });
  });

  it('trims the SKU and title', () => {
    expect(checkCatalogItem({ sku: '  MUG-1 ', title: ' Mug\t' })).toEqual({
      ok: true,
      item: { sku: 'MUG-1', title: 'Mug', costMinor: null, currencyCode: null },
    });
  });

  it('reads a blank cost and currency as no cost', () => {
    expect(checkCatalogItem(item({ cost: ' ', currencyCode: '' }))).toMatchObject({ ok: true, item: { costMinor: null, currencyCode: null } });
  });

  it('takes a zero cost, and zeros past the currency decimals', () => {
    expect(checkCatalogItem(item({ cost: '0', currencyCode: 'USD' }))).toMatchObject({ ok: true, item: { costMinor: 0 } });
    expect(checkCatalogItem(item({ cost: '1.500', currencyCode: 'USD' }))).toMatchObject({ ok: true, item: { costMinor: 150 } });
  });

  it('counts characters, not UTF-16 units: 200 emoji make a valid SKU', () => {
    expect(checkCatalogItem(item({ sku: '🍵'.repeat(200) }))).toMatchObject({ ok: true });
    expect(checkCatalogItem(item({ sku: '🍵'.repeat(201) }))).toMatchObject({ ok: false, field: 'sku' });
  });

  it.each([
    ['an empty SKU', { sku: '   ' }, 'sku', 'INVALID_SKU'],
    ['a SKU of 201 characters', { sku: 'S'.repeat(201) }, 'sku', 'INVALID_SKU'],
    ['a SKU with a line break', { sku: 'A\nB' }, 'sku', 'INVALID_SKU'],
    ['an empty title', { title: '' }, 'title', 'INVALID_TITLE'],
    ['a title of 501 characters', { title: 'T'.repeat(501) }, 'title', 'INVALID_TITLE'],
    ['a cost without currency', { cost: '1.00' }, 'currencyCode', 'INVALID_CURRENCY'],
    ['a currency without cost', { currencyCode: 'USD' }, 'cost', 'INVALID_COST'],
    ['an unknown currency', { cost: '1.00', currencyCode: 'ABC' }, 'currencyCode', 'INVALID_CURRENCY'],
    ['too many decimals', { cost: '1.005', currencyCode: 'USD' }, 'cost', 'INVALID_COST'],
    ['decimals on a JPY cost', { cost: '5980.5', currencyCode: 'JPY' }, 'cost', 'INVALID_COST'],
    ['a negative cost', { cost: '-0.01', currencyCode: 'USD' }, 'cost', 'INVALID_COST'],
    ['a cost with a thousands separator', { cost: '1,200.00', currencyCode: 'USD' }, 'cost', 'INVALID_COST'],
    ['a cost in exponent notation', { cost: '1e3', currencyCode: 'USD' }, 'cost', 'INVALID_COST'],
    ['a cost past the safe integers', { cost: '90071992547409.93', currencyCode: 'USD' }, 'cost', 'INVALID_COST'],
  ])('refuses %s, naming the field', (_label, change, field, code) => {
    expect(checkCatalogItem(item(change))).toMatchObject({ ok: false, field, code });
  });
});
