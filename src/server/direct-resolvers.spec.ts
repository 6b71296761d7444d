import 'reflect-metadata';

import path from 'node:path';

import {
  getNamedType,
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLScalarType,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { getMetadataStorage } from 'type-graphql';

import { ArgumentConverter } from './direct-resolvers';
import { buildGatewaySchema } from './schema';

/** type-graphql's own conversion of an @Arg, the one the direct resolvers replace. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const typeGraphql = require(path.join(path.dirname(require.resolve('type-graphql')), 'resolvers', 'convert-args.js')) as {
  convertArgToInstance(arg: { name: string; getType: () => unknown }, args: Record<string, unknown>): unknown;
};

type Variant = 'all' | 'nulls' | 'omitted';

/** A value of a GraphQL input type as variables give it: nullable fields all set, all null, or all left out. */
function sample(type: GraphQLInputType, variant: Variant, depth: number, seed: { n: number }): unknown {
  if (type instanceof GraphQLNonNull) return sample(type.ofType, variant, depth, seed);
  if (type instanceof GraphQLList) return [sample(type.ofType, variant, depth, seed), sample(type.ofType, variant, depth, seed)];
  if (type instanceof GraphQLEnumType) return type.getValues()[seed.n++ % type.getValues().length].value;
  if (type instanceof GraphQLScalarType) {
    seed.n++;
    switch (type.name) {
      case 'Int':
        return seed.n;
      case 'Float':
        return seed.n + 0.5;
      case 'Boolean':
        return seed.n % 2 === 0;
      case 'DateTime':
        return new Date(Date.UTC(2026, 0, 1 + seed.n));
      default:
        return `v${seed.n}`;
    }
  }
  const value: Record<string, unknown> = {};
  for (const field of Object.values((type as GraphQLInputObjectType).getFields())) {
    const required = field.type instanceof GraphQLNonNull;
    if (!required && (variant === 'omitted' || depth > 3)) continue;
    value[field.name] = !required && variant === 'nulls' ? null : sample(field.type, variant, depth + 1, seed);
  }
  return value;
}

/** A value with the class of every object in it, to compare two conversions exactly. */
function described(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(described);
  if (value instanceof Date) return { date: value.toISOString() };
  if (value === null || typeof value !== 'object') return value;
  const prototype = Object.getPrototypeOf(value) as { constructor?: { name: string } } | null;
  return { class: prototype?.constructor?.name ?? null, fields: Object.entries(value).map(([key, v]) => [key, described(v)]) };
}

describe('ArgumentConverter', () => {
  let schema: GraphQLSchema;
  const inputTypes = () => getMetadataStorage().inputTypes.filter((t) => schema.getType(t.name) instanceof GraphQLInputObjectType);

  beforeAll(async () => {
    schema = await buildGatewaySchema();
  });

  it('converts every input type of the schema exactly as type-graphql does, set, null and left out', () => {
    const converter = new ArgumentConverter();
    const types = inputTypes();
    expect(types.length).toBe(Object.values(schema.getTypeMap()).filter((t) => t instanceof GraphQLInputObjectType).length);
    let compared = 0;
    for (const metadata of types) {
      const type = schema.getType(metadata.name) as GraphQLInputObjectType;
      for (const variant of ['all', 'nulls', 'omitted'] as const) {
        const value = sample(type, variant, 0, { n: 0 });
        const ours = converter.convert(metadata.target, value);
        const theirs = typeGraphql.convertArgToInstance({ name: 'input', getType: () => metadata.target }, { input: value });
        expect({ type: metadata.name, variant, value: described(ours) }).toEqual({ type: metadata.name, variant, value: described(theirs) });
        expect(ours).toBeInstanceOf(metadata.target);
        compared++;
      }
    }
    expect(compared).toBe(types.length * 3);
  });

  it('converts lists of inputs, nulls, scalars and enums as type-graphql does', () => {
    const converter = new ArgumentConverter();
    const metadata = inputTypes().find((t) => t.name === 'PriceCartInput')!;
    const type = schema.getType('PriceCartInput') as GraphQLInputObjectType;
    const lineType = getNamedType(type.getFields().lines.type) as GraphQLInputObjectType;
    const line = getMetadataStorage().inputTypes.find((t) => t.name === lineType.name)!;
    const lines = [sample(lineType, 'all', 0, { n: 1 }), sample(lineType, 'omitted', 0, { n: 2 })];
    const cases: Array<[unknown, unknown]> = [
      [line.target, lines],
      [line.target, null],
      [line.target, undefined],
      [metadata.target, { ...(sample(type, 'all', 0, { n: 3 }) as object), unknownField: 'dropped' }],
      [String, 'text'],
      [Number, 5],
    ];
    for (const [target, value] of cases) {
      const ours = converter.convert(target, value);
      const theirs = typeGraphql.convertArgToInstance({ name: 'x', getType: () => target }, { x: value });
      expect(described(ours)).toEqual(described(theirs));
    }
    const converted = converter.convert(line.target, lines) as unknown[];
    expect(converted[0]).toBeInstanceOf(line.target);
    expect(Object.keys(converted[1] as object)).toEqual(Object.keys(lines[1] as object));
  });

  it('converts an input without a prototype (as variables may be coerced) to its class', () => {
    const converter = new ArgumentConverter();
    const type = schema.getType('PriceCartInput') as GraphQLInputObjectType;
    const metadata = inputTypes().find((t) => t.name === 'PriceCartInput')!;
    const value = Object.assign(Object.create(null) as object, sample(type, 'all', 0, { n: 0 }));
    const ours = converter.convert(metadata.target, value);
    const theirs = typeGraphql.convertArgToInstance({ name: 'input', getType: () => metadata.target }, { input: value });
    expect(described(ours)).toEqual(described(theirs));
    expect(ours).toBeInstanceOf(metadata.target);
  });

  it('builds instances as type-graphql does: defaults kept, undefined defaults dropped, inherited fields converted', () => {
    class Line {
      sku?: string;
    }
    class Base {
      kept = 'default';
      dropped: string | undefined = undefined;
      note?: string;
      lines?: Line[];
    }
    // redeclares `note` in its metadata only (as an @InputType redeclaring a field would)
    class Input extends Base {
      extra?: string;
    }
    const field = (name: string, type: unknown) => ({ name, getType: () => type });
    const storage = {
      inputTypes: [
        { target: Line, fields: [field('sku', String)] },
        { target: Base, fields: [field('kept', String), field('dropped', String), field('note', String), field('lines', Line)] },
        { target: Input, fields: [field('note', String), field('extra', String)] },
      ],
    } as unknown as ConstructorParameters<typeof ArgumentConverter>[0];
    const converted = new ArgumentConverter(storage).convert(Input, { note: 'n', lines: [{ sku: 'A', other: 1 }], ignored: true }) as Input;
    expect(converted).toBeInstanceOf(Input);
    expect(Object.keys(converted)).toEqual(['kept', 'note', 'lines']);
    expect(converted.kept).toBe('default');
    expect(converted.lines![0]).toBeInstanceOf(Line);
    expect({ ...converted.lines![0] }).toEqual({ sku: 'A' });
    expect(Object.keys(new ArgumentConverter(storage).convert(Input, { dropped: 'given' }) as object)).toEqual(['kept', 'dropped']);
  });
});
