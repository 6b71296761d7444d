/**
 * The file's columns: our names, the `columns` setting (our name → the file's header) and the
 * mapping of a header row onto our names.
 */

/** Every column the plugin reads, by our name. */
export const COLUMNS = [
  'store_code', 'receipt_id', 'sold_at', 'sku', 'title', 'quantity', 'unit_price', 'discount', 'tax',
  'currency', 'customer_email', 'customer_phone', 'customer_name', 'original_receipt_id',
] as const;

export type ColumnName = (typeof COLUMNS)[number];

/** Columns a file must have (after mapping); the others may be left out (see README). */
export const REQUIRED: readonly ColumnName[] = ['store_code', 'receipt_id', 'sold_at', 'sku', 'title', 'quantity', 'unit_price', 'discount', 'tax'];

const KNOWN: ReadonlySet<string> = new Set(COLUMNS);

/** What `settings.columns` says: our name → the file's header. */
export type ColumnMapping = ReadonlyMap<ColumnName, string>;

export type MappingCheck = { ok: true; mapping: ColumnMapping } | { ok: false; message: string };

/** Reads and checks the `columns` setting, a JSON object string such as `{"receipt_id":"Beleg"}`. */
export function columnMapping(setting: unknown): MappingCheck {
  if (setting === undefined || setting === null || setting === '') return { ok: true, mapping: new Map() };
  const bad = (why: string): MappingCheck => ({ ok: false, message: `settings.columns ${why}; expected a JSON object mapping our column names to the file's headers, e.g. {"receipt_id":"Beleg"}` });
  if (typeof setting !== 'string') return bad('is not a string');
  let parsed: unknown;
  try {
    parsed = JSON.parse(setting);
  } catch (error) {
    return bad(`is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return bad('is not a JSON object');
  const mapping = new Map<ColumnName, string>();
  const headers = new Set<string>();
  for (const [ours, theirs] of Object.entries(parsed)) {
    if (!KNOWN.has(ours)) return bad(`names an unknown column "${ours}" (known: ${COLUMNS.join(', ')})`);
    if (typeof theirs !== 'string' || theirs.trim() === '') return bad(`maps "${ours}" to ${JSON.stringify(theirs)}, not a header name`);
    if (headers.has(theirs.trim())) return bad(`maps two columns to the header "${theirs.trim()}"`);
    headers.add(theirs.trim());
    mapping.set(ours as ColumnName, theirs.trim());
  }
  return { ok: true, mapping };
}

export type HeaderCheck = { ok: true; names: string[]; present: ReadonlySet<ColumnName> } | { ok: false; message: string };

/**
 * Maps a header row onto our names: a header the setting maps is renamed; a header that is one
 * of our names and not mapped elsewhere keeps it; any other header is kept under `unused:` and
 * ignored. Missing required columns and a column given twice are refused.
 */
export function mapHeader(header: readonly string[], mapping: ColumnMapping): HeaderCheck {
  const byHeader = new Map<string, ColumnName>([...mapping].map(([ours, theirs]) => [theirs, ours]));
  const names: string[] = [];
  const present = new Set<ColumnName>();
  for (const raw of header) {
    const h = raw.trim();
    const mapped = byHeader.get(h) ?? (KNOWN.has(h) && !mapping.has(h as ColumnName) ? (h as ColumnName) : null);
    if (mapped === null) {
      names.push(`unused:${h}`);
      continue;
    }
    if (present.has(mapped)) return { ok: false, message: `the header row gives the column ${mapped} twice` };
    present.add(mapped);
    names.push(mapped);
  }
  const missing = REQUIRED.filter((name) => !present.has(name));
  if (missing.length) {
    const hint = missing.map((name) => (mapping.has(name) ? `${name} (mapped to "${mapping.get(name)}")` : name)).join(', ');
    return { ok: false, message: `the header row lacks the column(s) ${hint}; map other headers with settings.columns` };
  }
  return { ok: true, names, present };
}
