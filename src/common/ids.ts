import { badUserInput } from './errors';

/** Parses a GraphQL ID of an entity (a positive integer in string form). */
export function parseId(id: string | number, argument = 'id'): number {
  const n = typeof id === 'number' ? id : /^\d{1,15}$/.test(id) ? Number(id) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0) throw badUserInput(`${argument} "${String(id)}" is not a valid id`, argument);
  return n;
}

/** Like parseId, but an id that cannot exist simply finds nothing. */
export function parseIdOrNull(id: string | number): number | null {
  const n = typeof id === 'number' ? id : /^\d{1,15}$/.test(id) ? Number(id) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}
