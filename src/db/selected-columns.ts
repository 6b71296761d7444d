import { ReferenceKind, type EntityClass } from '@mikro-orm/core';
import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

import { metadataOf, type MetadataSource } from './row-mapper';

/** The names of the fields selected under `selectionSet`, through fragments, following `path`. */
function selectedFields(info: GraphQLResolveInfo, selectionSets: readonly SelectionSetNode[], path: readonly string[]): Set<string> {
  const names = new Set<string>();
  const nested: SelectionSetNode[] = [];
  const visit = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (path.length === 0) names.add(selection.name.value);
        else if (selection.name.value === path[0] && selection.selectionSet) nested.push(selection.selectionSet);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet);
      } else {
        const fragment = info.fragments[selection.name.value];
        if (fragment) visit(fragment.selectionSet);
      }
    }
  };
  selectionSets.forEach(visit);
  return path.length === 0 ? names : selectedFields(info, nested, path.slice(1));
}

/** The names of the fields the GraphQL selection under this field asks for (through fragments). */
export function selectedFieldNames(info: GraphQLResolveInfo): Set<string> {
  return selectedFields(info, info.fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : [])), []);
}

const cache = new WeakMap<readonly FieldNode[], Map<string, string>>();

/**
 * The columns of `entity` that the GraphQL selection under this field needs, as a select list
 * (`id, number, channel_id`), so a list query fetches only what the client asked for: a field
 * named like a property reads its column, `total` reads `total_minor` and the currency, a
 * relation reads its foreign key. `always` names properties every row needs (ids, cursor keys).
 * Cached per operation field, so a list of N parents computes it once.
 */
export function selectedColumns(
  source: MetadataSource,
  entity: EntityClass<object>,
  info: GraphQLResolveInfo,
  options: { path?: readonly string[]; always?: readonly string[]; alias?: string } = {},
): string {
  const key = options.path || options.alias ? `${entity.name}|${(options.path ?? []).join('.')}|${options.alias ?? ''}` : entity.name;
  let perField = cache.get(info.fieldNodes);
  const hit = perField?.get(key);
  if (hit) return hit;
  const meta = metadataOf(source).get(entity.name);
  const sets = info.fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
  const wanted = new Set([...(options.always ?? []), ...selectedFields(info, sets, options.path ?? [])]);
  const columns = new Set<string>();
  for (const name of wanted) {
    for (const candidate of [name, `${name}Minor`]) {
      const prop = meta.properties[candidate as never] as (typeof meta.props)[number] | undefined;
      if (!prop || !prop.fieldNames?.length || (prop.kind !== ReferenceKind.SCALAR && prop.kind !== ReferenceKind.MANY_TO_ONE)) continue;
      columns.add(prop.fieldNames[0]);
      if (candidate !== name && meta.properties['currencyCode' as never]) columns.add('currency_code');
    }
  }
  const prefix = options.alias ? `${options.alias}.` : '';
  const list = [...columns].sort().map((c) => `${prefix}${c}`).join(', ');
  if (!perField) cache.set(info.fieldNodes, (perField = new Map()));
  perField.set(key, list);
  return list;
}
