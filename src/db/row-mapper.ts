import { ReferenceKind, type EntityClass, type EntityMetadata, type MetadataStorage } from '@mikro-orm/core';

type Row = Record<string, unknown>;
type Converter = (value: unknown) => unknown;

/** Where the entities' metadata comes from: the storage itself, or anything that has it (an EntityManager, the MikroORM instance). */
export type MetadataSource = MetadataStorage | { getMetadata(): MetadataStorage };

export function metadataOf(source: MetadataSource): MetadataStorage {
  return 'getMetadata' in source && typeof source.getMetadata === 'function' ? source.getMetadata() : (source as MetadataStorage);
}

const toDate: Converter = (v) =>
  v === null || v === undefined
    ? null
    : v instanceof Date
      ? v
      : new Date(typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : (v as string | number));
const toNumber: Converter = (v) => (v === null || v === undefined ? null : Number(v));
const toBoolean: Converter = (v) => (v === null || v === undefined ? null : v === true || v === 1 || v === '1' || v === 't');
const toJson: Converter = (v) => (typeof v === 'string' ? JSON.parse(v) : (v ?? null));
const asIs: Converter = (v) => (v === undefined ? null : v);

interface Column {
  property: string;
  column: string;
  convert: Converter;
  /** For a many-to-one: the referenced entity's prototype, to make an id-only reference. */
  reference?: object;
}

function converterFor(type: string, runtimeType: string, customTypeName: string | undefined): Converter {
  if (customTypeName === 'BigIntType' || type === 'bigint') return toNumber;
  if (runtimeType === 'Date' || type === 'datetime' || type === 'Date') return toDate;
  if (runtimeType === 'boolean' || type === 'boolean') return toBoolean;
  if (type === 'json' || customTypeName === 'JsonType') return toJson;
  if (runtimeType === 'number' || type === 'integer' || type === 'number') return toNumber;
  return asIs;
}

/**
 * A prototype below the entity's own whose mapped properties are plain writable data: the ORM
 * puts change-tracking accessors on entity prototypes, which would wrap every instance made here.
 * Properties a row does not carry read as null from here.
 */
function plainView(prototype: object, properties: readonly string[]): object {
  const view = Object.create(prototype) as object;
  for (const property of properties) {
    Object.defineProperty(view, property, { value: null, writable: true, enumerable: false, configurable: true });
  }
  return view;
}

function columnsOf(metadata: MetadataStorage, meta: EntityMetadata): Column[] {
  const columns: Column[] = [];
  for (const prop of meta.props) {
    if (prop.persist === false || !prop.fieldNames?.length) continue;
    if (prop.kind === ReferenceKind.MANY_TO_ONE) {
      const target = metadata.get(prop.type);
      columns.push({
        property: prop.name,
        column: prop.fieldNames[0],
        convert: toNumber,
        reference: plainView(target.class.prototype as object, ['id']),
      });
    } else if (prop.kind === ReferenceKind.SCALAR) {
      columns.push({
        property: prop.name,
        column: prop.fieldNames[0],
        convert: converterFor(String(prop.type), String(prop.runtimeType), prop.customType?.constructor.name),
      });
    }
  }
  return columns;
}

type Mapper = (row: Row) => object;

/** A constructor of id-only references whose prototype is `reference` (one hidden class for all). */
function referenceMaker(reference: object): (id: unknown) => object | null {
  const Reference = function (this: { id: number }, id: number) {
    this.id = id;
  } as unknown as new (id: number) => object;
  Reference.prototype = reference;
  return (value) => (value === null || value === undefined ? null : new Reference(Number(value)));
}

/**
 * A mapper for rows carrying exactly `present` columns: a generated constructor that assigns
 * those properties in one fixed order, so every instance of a select list shares one hidden
 * class and the other mapped properties read as null from the prototype.
 */
function compileMapper(present: readonly Column[], prototype: object): Mapper {
  const converters = present.map((c) => (c.reference ? referenceMaker(c.reference) : c.convert));
  const body = present
    .map((c, i) => `this[${JSON.stringify(c.property)}] = convert[${i}](row[${JSON.stringify(c.column)}]);`)
    .join('\n');
  const Instance = new Function('convert', `return function Instance(row) {\n${body}\n};`)(converters) as new (row: Row) => object;
  Instance.prototype = prototype;
  return (row) => new Instance(row);
}

interface EntityMapping {
  columns: Column[];
  prototype: object;
  /** Mappers by the comma-joined column names of a statement's rows. */
  bySelectList: Map<string, Mapper>;
}

const MAX_SELECT_LISTS = 200;
const mappings = new WeakMap<MetadataStorage, Map<string, EntityMapping>>();

function mappingFor(metadata: MetadataStorage, entity: EntityClass<object>): EntityMapping {
  let byEntity = mappings.get(metadata);
  if (!byEntity) mappings.set(metadata, (byEntity = new Map()));
  let mapping = byEntity.get(entity.name);
  if (!mapping) {
    const columns = columnsOf(metadata, metadata.get(entity.name));
    const prototype = plainView(entity.prototype as object, columns.map((c) => c.property));
    mapping = { columns, prototype, bySelectList: new Map() };
    byEntity.set(entity.name, mapping);
  }
  return mapping;
}

function mapperFor(mapping: EntityMapping, row: Row): Mapper {
  const names = Object.keys(row);
  const key = names.join(',');
  let mapper = mapping.bySelectList.get(key);
  if (!mapper) {
    const present = mapping.columns.filter((c) => names.includes(c.column));
    mapper = compileMapper(present, mapping.prototype);
    if (mapping.bySelectList.size >= MAX_SELECT_LISTS) mapping.bySelectList.clear();
    mapping.bySelectList.set(key, mapper);
  }
  return mapper;
}

/**
 * A fast, read-only row → entity mapping for the GraphQL read path: builds instances of the
 * entity class (so its getters and type-graphql fields work) straight from the driver's rows,
 * without the unit of work's identity map and change-tracking snapshots, which cost far more
 * than the query itself for a page of orders. Many-to-one relations become id-only references;
 * mapped properties a row does not carry (columns not selected) are null.
 * Instances made here are not managed: never persist them.
 */
export function mapRows<T extends object>(source: MetadataSource, entity: EntityClass<T>, rows: readonly object[]): T[] {
  if (rows.length === 0) return [];
  const mapper = mapperFor(mappingFor(metadataOf(source), entity), rows[0] as Row);
  const out = new Array<T>(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = mapper(rows[i] as Row) as T;
  return out;
}
