import { ReferenceKind, type EntityClass, type EntityManager, type EntityMetadata, type MetadataStorage } from '@mikro-orm/core';

type Row = Record<string, unknown>;
type Converter = (value: unknown) => unknown;

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

const mappers = new WeakMap<MetadataStorage, Map<string, (row: Row) => object>>();

function mapperFor<T extends object>(metadata: MetadataStorage, entity: EntityClass<T>): (row: Row) => T {
  let byEntity = mappers.get(metadata);
  if (!byEntity) mappers.set(metadata, (byEntity = new Map()));
  let mapper = byEntity.get(entity.name);
  if (!mapper) {
    const columns = columnsOf(metadata, metadata.get(entity.name));
    const prototype = plainView(entity.prototype as object, columns.map((c) => c.property));
    mapper = (row) => {
      const instance = Object.create(prototype) as Record<string, unknown>;
      for (const c of columns) {
        const value = row[c.column];
        instance[c.property] = c.reference
          ? value === null || value === undefined
            ? null
            : Object.assign(Object.create(c.reference), { id: Number(value) })
          : c.convert(value);
      }
      return instance;
    };
    byEntity.set(entity.name, mapper);
  }
  return mapper as (row: Row) => T;
}

/**
 * A fast, read-only row → entity mapping for the GraphQL read path: builds instances of the
 * entity class (so its getters and type-graphql fields work) straight from the driver's rows,
 * without the unit of work's identity map and change-tracking snapshots, which cost far more
 * than the query itself for a page of orders. Many-to-one relations become id-only references.
 * Instances made here are not managed: never persist them.
 */
export function mapRows<T extends object>(em: EntityManager, entity: EntityClass<T>, rows: readonly object[]): T[] {
  const map = mapperFor(em.getMetadata(), entity);
  return (rows as readonly Row[]).map(map);
}
