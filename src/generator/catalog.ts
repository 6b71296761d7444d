/**
 * A small, realistic product catalog: products with colour and size variants, SKUs, titles in
 * four languages and prices on each currency's own price ladder (USD 29.99, JPY 3980, EUR 29.95,
 * CNY 199.00), all in integer minor units.
 *
 * @packageDocumentation
 */

import type { CatalogLanguage } from './channels';
import { centsToMinor } from './minor-units';
import type { Random } from './random';

/**
 * Typical shelf prices in minor units, one ladder per currency, from cheap to expensive. A
 * product sits at one index of the ladder in every currency. Currencies without a ladder use
 * the USD one re-expressed in their own exponent.
 */
const PRICE_LADDERS: Record<string, ReadonlyArray<number>> = {
  USD: [499, 999, 1499, 1999, 2499, 2999, 3499, 3999, 4999, 5999, 7999, 9999, 12999, 14999, 19999, 24999],
  JPY: [580, 1280, 1980, 2480, 2980, 3980, 4580, 4980, 5980, 7980, 9980, 12800, 15800, 19800, 24800, 32800],
  EUR: [495, 995, 1495, 1995, 2495, 2995, 3495, 3995, 4995, 5995, 7995, 9995, 12995, 14995, 19995, 24995],
  CNY: [2900, 6900, 9900, 12900, 15900, 19900, 23900, 26900, 32900, 39900, 49900, 69900, 89900, 99900, 129900, 169900],
  GBP: [450, 899, 1299, 1799, 2199, 2599, 2999, 3499, 4499, 4999, 6999, 8999, 10999, 12999, 17999, 21999],
};

type Names = Readonly<Record<CatalogLanguage, string>>;

/** A colour variant: a code used in SKUs and its name in each language. */
interface Colour {
  readonly code: string;
  readonly names: Names;
}

const COLOURS: Record<string, Colour> = {
  BLK: { code: 'BLK', names: { en: 'Black', ja: 'ブラック', zh: '黑色', de: 'Schwarz' } },
  WHT: { code: 'WHT', names: { en: 'White', ja: 'ホワイト', zh: '白色', de: 'Weiß' } },
  NVY: { code: 'NVY', names: { en: 'Navy', ja: 'ネイビー', zh: '藏青色', de: 'Marine' } },
  GRY: { code: 'GRY', names: { en: 'Heather Grey', ja: 'グレー', zh: '灰色', de: 'Grau meliert' } },
  OLV: { code: 'OLV', names: { en: 'Olive', ja: 'オリーブ', zh: '橄榄绿', de: 'Oliv' } },
  RED: { code: 'RED', names: { en: 'Red', ja: 'レッド', zh: '红色', de: 'Rot' } },
  BEI: { code: 'BEI', names: { en: 'Sand', ja: 'ベージュ', zh: '米色', de: 'Sand' } },
  BLU: { code: 'BLU', names: { en: 'Indigo', ja: 'インディゴ', zh: '靛蓝', de: 'Indigo' } },
  BRN: { code: 'BRN', names: { en: 'Brown', ja: 'ブラウン', zh: '棕色', de: 'Braun' } },
};

const APPAREL_SIZES = ['XS', 'S', 'M', 'L', 'XL'];
const SHOE_SIZES = ['39', '40', '41', '42', '43', '44', '45'];

/** A product as sold: a family of variants sharing a name and a price tier. */
export interface Product {
  /** SKU prefix, e.g. "TEE". */
  readonly code: string;
  readonly names: Names;
  readonly category: 'apparel' | 'footwear' | 'accessories' | 'home' | 'electronics' | 'beauty';
  /** Index into each currency's price ladder. */
  readonly tier: number;
  readonly colours: ReadonlyArray<string>;
  readonly sizes: ReadonlyArray<string>;
  /** Shipping weight in grams. */
  readonly grams: number;
  /** Relative popularity. */
  readonly weight: number;
}

function product(
  code: string,
  category: Product['category'],
  tier: number,
  names: [string, string, string, string],
  colours: string[] = [],
  sizes: string[] = [],
  grams = 300,
): Product {
  const [en, ja, zh, de] = names;
  return { code, category, tier, names: { en, ja, zh, de }, colours, sizes, grams, weight: 1 };
}

const BASE_PRODUCTS: Product[] = [
  product('TEE', 'apparel', 4, ['Organic Cotton Crew Tee', 'オーガニックコットン クルーネックTシャツ', '有机棉圆领T恤', 'Bio-Baumwoll-T-Shirt'], ['BLK', 'WHT', 'NVY', 'GRY'], APPAREL_SIZES, 180),
  product('SOCK', 'apparel', 2, ['Merino Hiking Socks (3-Pack)', 'メリノ ハイキングソックス 3足組', '美利奴徒步袜（3双装）', 'Merino-Wandersocken (3er-Pack)'], ['GRY', 'OLV'], ['S', 'M', 'L'], 150),
  product('CBL', 'electronics', 1, ['USB-C Braided Cable 2 m', 'USB-C 編組ケーブル 2m', 'USB-C 编织数据线 2米', 'USB-C-Kabel geflochten 2 m'], ['BLK', 'WHT'], [], 60),
  product('MUG', 'home', 1, ['Stoneware Mug', 'ストーンウェア マグカップ', '粗陶马克杯', 'Steingut-Becher'], ['WHT', 'NVY', 'BEI'], [], 400),
  product('HOOD', 'apparel', 9, ['Heavyweight Pullover Hoodie', 'ヘビーウェイト プルオーバーパーカー', '重磅套头卫衣', 'Schwerer Kapuzenpullover'], ['BLK', 'GRY', 'OLV'], APPAREL_SIZES, 650),
  product('BTL', 'home', 3, ['Insulated Water Bottle 750 ml', '真空断熱ボトル 750ml', '保温水杯 750ml', 'Isolierflasche 750 ml'], ['BLK', 'WHT', 'OLV', 'RED'], [], 350),
  product('CAP', 'accessories', 3, ['Washed Canvas Cap', 'ウォッシュドキャンバス キャップ', '水洗帆布棒球帽', 'Canvas-Cap'], ['BLK', 'NVY', 'BEI'], [], 90),
  product('OXF', 'apparel', 8, ['Slim Oxford Shirt', 'スリムフィット オックスフォードシャツ', '修身牛津纺衬衫', 'Slim-Fit-Oxfordhemd'], ['WHT', 'BLU'], APPAREL_SIZES, 300),
  product('CHN', 'apparel', 9, ['Stretch Chino Pants', 'ストレッチ チノパンツ', '弹力卡其裤', 'Stretch-Chinohose'], ['BEI', 'NVY', 'OLV', 'BLK'], ['S', 'M', 'L', 'XL'], 500),
  product('TOTE', 'accessories', 4, ['Canvas Tote Bag', 'キャンバス トートバッグ', '帆布托特包', 'Canvas-Tragetasche'], ['BEI', 'BLK'], [], 300),
  product('SPF', 'beauty', 2, ['Daily Sunscreen SPF 50', 'デイリー 日焼け止め SPF50', '日常防晒霜 SPF50', 'Sonnenschutz LSF 50'], [], [], 80),
  product('SRM', 'beauty', 5, ['Hydrating Face Serum 30 ml', '保湿美容液 30ml', '保湿精华液 30ml', 'Feuchtigkeitsserum 30 ml'], [], [], 90),
  product('PWR', 'electronics', 4, ['Power Bank 10,000 mAh', 'モバイルバッテリー 10000mAh', '充电宝 10000mAh', 'Powerbank 10.000 mAh'], ['BLK', 'WHT'], [], 220),
  product('CHG', 'electronics', 5, ['65 W GaN Charger', '65W GaN 充電器', '65W 氮化镓充电器', '65-W-GaN-Ladegerät'], ['BLK', 'WHT'], [], 150),
  product('CNDL', 'home', 2, ['Soy Candle Cedar & Amber', 'ソイキャンドル シダー＆アンバー', '雪松琥珀大豆香薰蜡烛', 'Sojakerze Zeder & Amber'], [], [], 380),
  product('DNM', 'apparel', 11, ['Selvedge Denim Jeans', 'セルビッジ デニムジーンズ', '赤耳牛仔裤', 'Selvedge-Jeans'], ['BLU', 'BLK'], ['S', 'M', 'L', 'XL'], 800),
  product('SWTR', 'apparel', 10, ['Merino Crew Sweater', 'メリノウール クルーネックセーター', '美利奴羊毛圆领毛衣', 'Merino-Rundhalspullover'], ['NVY', 'GRY', 'OLV'], APPAREL_SIZES, 400),
  product('WLT', 'accessories', 6, ['Leather Card Wallet', 'レザー カードウォレット', '真皮卡包', 'Leder-Kartenetui'], ['BLK', 'BRN'], [], 60),
  product('SNK', 'footwear', 11, ['Everyday Leather Sneakers', 'レザースニーカー', '日常真皮运动鞋', 'Leder-Sneaker'], ['WHT', 'BLK'], SHOE_SIZES, 1100),
  product('EAR', 'electronics', 10, ['Wireless Earbuds', 'ワイヤレスイヤホン', '无线耳机', 'Kabellose Ohrhörer'], ['BLK', 'WHT'], [], 120),
  product('BELT', 'accessories', 7, ['Full-Grain Leather Belt', 'フルグレインレザーベルト', '头层牛皮腰带', 'Vollleder-Gürtel'], ['BLK', 'BRN'], ['S', 'M', 'L'], 250),
  product('SLP', 'footwear', 5, ['Wool Slippers', 'ウール スリッパ', '羊毛拖鞋', 'Wollhausschuhe'], ['GRY', 'BEI'], ['S', 'M', 'L'], 400),
  product('TWL', 'home', 7, ['Organic Bath Towel Set', 'オーガニック バスタオルセット', '有机棉浴巾套装', 'Bio-Badetuch-Set'], ['WHT', 'GRY', 'BEI'], [], 1200),
  product('SPK', 'electronics', 9, ['Portable Bluetooth Speaker', 'ポータブル Bluetooth スピーカー', '便携蓝牙音箱', 'Tragbarer Bluetooth-Lautsprecher'], ['BLK', 'RED', 'BLU'], [], 600),
  product('SCF', 'accessories', 8, ['Cashmere Blend Scarf', 'カシミヤ混 マフラー', '羊绒混纺围巾', 'Kaschmir-Mischschal'], ['GRY', 'NVY', 'RED', 'BEI'], [], 200),
  product('SUN', 'accessories', 9, ['Polarized Sunglasses', '偏光サングラス', '偏光太阳镜', 'Polarisierte Sonnenbrille'], ['BLK', 'BRN'], [], 80),
  product('BPK', 'accessories', 10, ['Roll-Top Backpack 20 L', 'ロールトップ バックパック 20L', '卷口双肩包 20L', 'Rolltop-Rucksack 20 l'], ['BLK', 'OLV', 'NVY'], [], 900),
  product('RUN', 'footwear', 12, ['Lightweight Running Shoes', '軽量ランニングシューズ', '轻量跑鞋', 'Leichte Laufschuhe'], ['BLK', 'BLU', 'RED'], SHOE_SIZES, 700),
  product('RAIN', 'apparel', 12, ['Waterproof Rain Shell', '防水レインシェル', '防水冲锋衣', 'Wasserdichte Regenjacke'], ['BLK', 'OLV', 'RED'], APPAREL_SIZES, 450),
  product('THRW', 'home', 11, ['Wool Throw Blanket', 'ウール ブランケット', '羊毛盖毯', 'Wolldecke'], ['GRY', 'BEI', 'NVY'], [], 1300),
  product('LMP', 'home', 12, ['Ceramic Table Lamp', 'セラミック テーブルランプ', '陶瓷台灯', 'Keramik-Tischlampe'], ['WHT', 'BEI'], [], 2100),
  product('JKT', 'apparel', 13, ['Packable Down Jacket', 'パッカブル ダウンジャケット', '便携羽绒服', 'Packbare Daunenjacke'], ['BLK', 'NVY', 'OLV'], APPAREL_SIZES, 600),
  product('WTCH', 'accessories', 14, ['Minimalist Analog Watch', 'ミニマル アナログ腕時計', '极简指针腕表', 'Minimalistische Analoguhr'], ['BLK', 'BRN'], [], 150),
];

/** Every product, most popular first (popularity falls off like 1/(rank + 3)). */
export const PRODUCTS: ReadonlyArray<Product> = Object.freeze(
  BASE_PRODUCTS.map((p, rank) => Object.freeze({ ...p, weight: 1 / (rank + 3) })),
);

const PRODUCT_WEIGHTS = PRODUCTS.map((p) => p.weight);

/** One sellable item: a product in one colour and size. */
export interface Variant {
  readonly product: Product;
  /** e.g. "TEE-BLK-M", "MUG-WHT", "SPF". */
  readonly sku: string;
  /** Colour code, or null. */
  readonly colour: string | null;
  readonly size: string | null;
}

/** Every SKU of the catalog. */
export const VARIANTS: ReadonlyArray<Variant> = Object.freeze(
  PRODUCTS.flatMap((p) => {
    const colours: Array<string | null> = p.colours.length ? [...p.colours] : [null];
    const sizes: Array<string | null> = p.sizes.length ? [...p.sizes] : [null];
    return colours.flatMap((colour) =>
      sizes.map((size) => Object.freeze({ product: p, sku: [p.code, colour, size].filter(Boolean).join('-'), colour, size })),
    );
  }),
);

/** The unit price of a product in minor units of `currency`, from that currency's ladder. */
export function unitPriceMinor(product: Product, currency: string): number {
  const ladder = PRICE_LADDERS[currency];
  if (ladder) return ladder[Math.min(product.tier, ladder.length - 1)];
  const usd = PRICE_LADDERS.USD;
  return centsToMinor(usd[Math.min(product.tier, usd.length - 1)], currency);
}

/** The variant's options as shown to buyers, e.g. "Black / M" or "ブラック / M"; null without options. */
export function variantTitle(variant: Variant, language: CatalogLanguage): string | null {
  const parts = [variant.colour ? COLOURS[variant.colour].names[language] : null, variant.size].filter(Boolean);
  return parts.length ? parts.join(' / ') : null;
}

/** The product's name in `language`. */
export function productTitle(product: Product, language: CatalogLanguage): string {
  return product.names[language];
}

/** The line title as a channel shows it: "Merino Crew Sweater - Navy / M". */
export function lineTitle(variant: Variant, language: CatalogLanguage): string {
  const options = variantTitle(variant, language);
  return options ? `${variant.product.names[language]} - ${options}` : variant.product.names[language];
}

/** `count` distinct products, popular ones more likely, each in one random variant. */
export function pickVariants(rng: Random, count: number): Variant[] {
  const chosen: Product[] = [];
  const weights = PRODUCT_WEIGHTS.slice();
  for (let i = 0; i < count && i < PRODUCTS.length; i++) {
    const index = rng.weightedIndex(weights);
    chosen.push(PRODUCTS[index]);
    weights[index] = 0;
  }
  return chosen.map((p) => {
    const colour = p.colours.length ? rng.pick(p.colours) : null;
    const size = p.sizes.length ? rng.pick(p.sizes) : null;
    return { product: p, sku: [p.code, colour, size].filter(Boolean).join('-'), colour, size };
  });
}
