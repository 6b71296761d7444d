/** Small text helpers: quoting values in messages, and WooCommerce's HTML entities in names. */

/** A value for a message, cut short: a payload may carry a 100 kB string where a code belongs. */
export const quoted = (text: string): string => JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);

/** The named entities WooCommerce and WordPress put in product and variation names. */
const NAMED: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  ndash: '\u2013',
  mdash: '\u2014',
  times: '\u00d7',
  hellip: '\u2026',
  lsquo: '\u2018',
  rsquo: '\u2019',
  ldquo: '\u201c',
  rdquo: '\u201d',
  trade: '\u2122',
  reg: '\u00ae',
  copy: '\u00a9',
};

/**
 * Decodes the HTML entities of a WooCommerce name ("Ship Your Idea &ndash; Color: Black" gives
 * "Ship Your Idea – Color: Black"): numeric ones and the named ones above. Any other `&name;`
 * is left as it is.
 */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return NAMED[name.toLowerCase()] ?? whole;
  });
}
