import { GraphQLObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { getMetadataStorage } from 'type-graphql';

type Params = NonNullable<ReturnType<typeof getMetadataStorage>['fieldResolvers'][number]['params']>;
type Method = (...args: unknown[]) => unknown;

/** The arguments of a resolver method from (root, context, info), or null when a parameter needs type-graphql (args, custom). */
function directArguments(params: Params): ((root: unknown, context: Record<string, unknown>, info: unknown) => unknown[]) | null {
  const ordered = [...params].sort((a, b) => a.index - b.index);
  const pickers: Array<(root: unknown, context: Record<string, unknown>, info: unknown) => unknown> = [];
  for (const param of ordered) {
    if (param.kind === 'root' && param.propertyName === undefined) pickers.push((root) => root);
    else if (param.kind === 'context') {
      const property = param.propertyName;
      pickers.push(property === undefined ? (_root, context) => context : (_root, context) => context[property]);
    } else if (param.kind === 'info') pickers.push((_root, _context, info) => info);
    else return null;
  }
  if (ordered.length === 3) {
    const [a, b, c] = pickers;
    return (root, context, info) => [a(root, context, info), b(root, context, info), c(root, context, info)];
  }
  return (root, context, info) => pickers.map((pick) => pick(root, context, info));
}

/**
 * type-graphql runs every @FieldResolver through its generic path on every call: the middleware
 * chain, the parameter metadata sorted and mapped, the root converted to its class. A list of 50
 * orders calls each relation's resolver 50 times. For the field resolvers whose parameters are
 * only @Root(), @Ctx() and @Info(), with no middleware and no auth roles, this calls the method
 * directly when the root already is an instance of its class (as every entity the read path
 * makes is), and falls back to type-graphql's resolver otherwise. Same method, same arguments.
 */
export function callFieldResolversDirectly(schema: GraphQLSchema, resolverClasses: readonly Function[]): number {
  const storage = getMetadataStorage();
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
    const args = directArguments(metadata.params ?? []);
    if (!original || !args) continue;
    const rootParam = metadata.params!.find((p) => p.kind === 'root');
    const rootClass = rootParam && rootParam.kind === 'root' ? rootParam.getType?.() : undefined;
    if (rootClass !== undefined && typeof rootClass !== 'function') continue;
    let instance = instances.get(metadata.target);
    if (!instance) {
      instance = new (metadata.target as new () => Record<string, Method>)();
      instances.set(metadata.target, instance);
    }
    const target = instance;
    const method = target[metadata.methodName];
    if (typeof method !== 'function') continue;
    const direct: GraphQLFieldResolver<unknown, Record<string, unknown>> = (root, fieldArgs, context, info) =>
      rootClass === undefined || root instanceof rootClass
        ? method.apply(target, args(root, context, info))
        : original(root, fieldArgs, context, info);
    field.resolve = direct;
    replaced++;
  }
  return replaced;
}
