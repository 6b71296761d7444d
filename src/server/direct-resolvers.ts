import { GraphQLObjectType, GraphQLScalarType, type GraphQLField, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { getMetadataStorage } from 'type-graphql';

type Storage = ReturnType<typeof getMetadataStorage>;
type Params = NonNullable<Storage['fieldResolvers'][number]['params']>;
type Method = (...args: unknown[]) => unknown;
type Picker = (root: unknown, args: Record<string, unknown>, context: Record<string, unknown>, info: unknown) => unknown;

/** The classes type-graphql leaves as they are, whatever the declared type (its helpers/types.ts). */
const SIMPLE_TYPES: readonly unknown[] = [String, Boolean, Number, Date, Array, Promise];

/** type-graphql's convertToType: a plain object becomes an instance of its input class. */
function convertToType(target: unknown, data: unknown): unknown {
  if (data == null) return data;
  if (target instanceof GraphQLScalarType) return data;
  if (SIMPLE_TYPES.includes((data as object).constructor)) return data;
  if (data instanceof (target as new () => unknown)) return data;
  if (Array.isArray(data)) return data.map((item: unknown) => convertToType(target, item));
  const instance = new (target as new () => Record<string, unknown>)();
  for (const key of Object.keys(instance)) {
    if (instance[key] === undefined && !(key in (data as object))) delete instance[key];
  }
  return Object.assign(instance, data);
}

/** An input class's fields (its own, then its superclasses' it does not redeclare), each with its own input class's tree. */
interface InputTree {
  target: Function;
  fields: Array<{ name: string; target: unknown; tree: InputTree | null }>;
}

/**
 * Converts argument values to instances of their input classes exactly as type-graphql does on
 * every call (resolvers/convert-args.ts), with each class's fields found once instead of on
 * every object of every request (its walk looks each nested class up by a linear search).
 */
export class ArgumentConverter {
  private readonly trees = new Map<unknown, InputTree | null>();

  constructor(private readonly storage: Storage = getMetadataStorage()) {}

  /** The value of an argument declared with the type `target` (a class, a scalar or an enum), converted. */
  convert(target: unknown, value: unknown): unknown {
    if (value == null) return value;
    if (Array.isArray(value)) return value.map((item: unknown) => this.convert(target, item));
    const tree = this.tree(target);
    return tree ? this.convertInput(tree, value) : convertToType(target, value);
  }

  private convertInput(tree: InputTree, data: unknown): unknown {
    if (data == null) return data;
    if (Array.isArray(data)) return data.map((item: unknown) => this.convertInput(tree, item));
    const fields: Record<string, unknown> = {};
    for (const field of tree.fields) {
      const value = (data as Record<string, unknown>)[field.name];
      if (value === undefined) continue;
      if (value === null || !field.tree) fields[field.name] = convertToType(field.target, value);
      else if (Array.isArray(value)) fields[field.name] = value.map((item: unknown) => this.convertInput(field.tree!, item));
      else fields[field.name] = this.convertInput(field.tree, value);
    }
    return convertToType(tree.target, fields);
  }

  private tree(target: unknown): InputTree | null {
    const known = this.trees.get(target);
    if (known !== undefined) return known;
    const metadata = this.storage.inputTypes.find((t) => t.target === target);
    if (!metadata) {
      this.trees.set(target, null);
      return null;
    }
    const tree: InputTree = { target: metadata.target, fields: [] };
    // set before its fields, so that a class nested in itself (directly or not) finds it
    this.trees.set(target, tree);
    let declared = metadata.fields ?? [];
    for (let parent = Object.getPrototypeOf(metadata.target); parent.prototype !== undefined; parent = Object.getPrototypeOf(parent)) {
      const inherited = this.storage.inputTypes.find((t) => t.target === parent);
      if (!inherited) continue;
      const names = new Set(declared.map((f) => f.name));
      declared = [...declared, ...(inherited.fields ?? []).filter((f) => !names.has(f.name))];
    }
    for (const field of declared) {
      const fieldTarget = field.getType();
      tree.fields.push({ name: field.name, target: fieldTarget, tree: this.tree(fieldTarget) });
    }
    return tree;
  }
}

/**
 * The arguments of a resolver method from (root, args, context, info), or null when a parameter
 * needs type-graphql: @Args() classes, custom decorators, an @Arg with its own validation.
 */
function directArguments(params: Params, converter: ArgumentConverter): Picker | null {
  const ordered = [...params].sort((a, b) => a.index - b.index);
  const pickers: Picker[] = [];
  for (const param of ordered) {
    if (param.kind === 'root' && param.propertyName === undefined) pickers.push((root) => root);
    else if (param.kind === 'context') {
      const property = param.propertyName;
      pickers.push(property === undefined ? (_root, _args, context) => context : (_root, _args, context) => context[property]);
    } else if (param.kind === 'info') pickers.push((_root, _args, _context, info) => info);
    else if (param.kind === 'arg' && param.validateSettings === undefined && param.validateFn === undefined) {
      const name = param.name;
      const target = param.getType();
      pickers.push((_root, args) => converter.convert(target, args[name]));
    } else return null;
  }
  if (ordered.length === 2) {
    const [a, b] = pickers;
    return (root, args, context, info) => [a(root, args, context, info), b(root, args, context, info)];
  }
  if (ordered.length === 3) {
    const [a, b, c] = pickers;
    return (root, args, context, info) => [a(root, args, context, info), b(root, args, context, info), c(root, args, context, info)];
  }
  return (root, args, context, info) => pickers.map((pick) => pick(root, args, context, info));
}

/** One instance of each resolver class, as type-graphql's default container keeps. */
function methodOf(instances: Map<Function, Record<string, Method>>, target: Function, methodName: string): { instance: Record<string, Method>; method: Method } | null {
  let instance = instances.get(target);
  if (!instance) {
    instance = new (target as new () => Record<string, Method>)();
    instances.set(target, instance);
  }
  const method = instance[methodName];
  return typeof method === 'function' ? { instance, method } : null;
}

/**
 * type-graphql runs every resolver through its generic path on every call: the middleware chain,
 * the parameter metadata sorted and mapped, each argument converted through a walk of its input
 * classes that looks every nested class up again, then awaited. A list of 50 orders calls each
 * relation's resolver 50 times; a 10-line cart walks its input class 11 times.
 *
 * For the resolvers with no middleware and no auth roles whose parameters are only @Root(),
 * @Ctx(), @Info() and @Arg() (type-graphql's validation is off for the whole schema), this calls
 * the method directly, with the arguments converted as type-graphql converts them
 * (ArgumentConverter). A field resolver whose root is not an instance of its class (the read path
 * makes every entity one) falls back to type-graphql's resolver. Same method, same arguments.
 */
export function callResolversDirectly(schema: GraphQLSchema, resolverClasses: readonly Function[]): number {
  const storage = getMetadataStorage();
  const converter = new ArgumentConverter(storage);
  const instances = new Map<Function, Record<string, Method>>();
  let replaced = 0;

  for (const metadata of storage.fieldResolvers) {
    if (metadata.kind !== 'external' || !resolverClasses.includes(metadata.target)) continue;
    if (metadata.middlewares?.length || metadata.roles?.length || !metadata.getObjectType) continue;
    const objectClass = metadata.getObjectType();
    const typeName = storage.objectTypes.find((o) => o.target === objectClass)?.name;
    const type = typeName ? schema.getType(typeName) : undefined;
    if (!(type instanceof GraphQLObjectType)) continue;
    const field = type.getFields()[metadata.schemaName];
    const original = field?.resolve;
    const args = directArguments(metadata.params ?? [], converter);
    if (!original || !args) continue;
    const rootParam = metadata.params!.find((p) => p.kind === 'root');
    const rootClass = rootParam && rootParam.kind === 'root' ? rootParam.getType?.() : undefined;
    if (rootClass !== undefined && typeof rootClass !== 'function') continue;
    const found = methodOf(instances, metadata.target, metadata.methodName);
    if (!found) continue;
    const { instance, method } = found;
    const direct: GraphQLFieldResolver<unknown, Record<string, unknown>> = (root, fieldArgs, context, info) =>
      rootClass === undefined || root instanceof rootClass
        ? method.apply(instance, args(root, fieldArgs, context, info) as unknown[])
        : original(root, fieldArgs, context, info);
    field.resolve = direct;
    replaced++;
  }

  const roots: Array<[GraphQLObjectType | null | undefined, Storage['queries']]> = [
    [schema.getQueryType(), storage.queries],
    [schema.getMutationType(), storage.mutations],
  ];
  for (const [type, resolvers] of roots) {
    if (!type) continue;
    for (const metadata of resolvers) {
      if (!resolverClasses.includes(metadata.target) || metadata.middlewares?.length || metadata.roles?.length) continue;
      const field: GraphQLField<unknown, Record<string, unknown>> | undefined = type.getFields()[metadata.schemaName];
      const args = directArguments(metadata.params ?? [], converter);
      if (!field?.resolve || !args) continue;
      const found = methodOf(instances, metadata.target, metadata.methodName);
      if (!found) continue;
      const { instance, method } = found;
      field.resolve = (root, fieldArgs, context, info) => method.apply(instance, args(root, fieldArgs, context, info) as unknown[]);
      replaced++;
    }
  }
  return replaced;
}
