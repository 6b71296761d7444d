import { Field, ObjectType } from 'type-graphql';

import { badUserInput } from './errors';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 500;

@ObjectType({ simpleResolvers: true, description: 'Relay page information.' })
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field()
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true })
  startCursor: string | null;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

/** `first` checked against the limits: default 20, at most 500. */
export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (first < 0) throw badUserInput(`first must be 0 or more; got ${first}`, 'first');
  if (first > MAX_PAGE_SIZE) throw badUserInput(`first must be at most ${MAX_PAGE_SIZE}; got ${first}`, 'first');
  return first;
}

/** A position in a list ordered by (time, id), newest first. Opaque to clients. */
export interface KeysetCursor {
  at: number;
  id: number;
}

export function encodeCursor(at: Date, id: number): string {
  return Buffer.from(`${at.getTime()}:${id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined, argument = 'after'): KeysetCursor | null {
  if (cursor === null || cursor === undefined) return null;
  const match = /^(-?\d{1,15}):(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw badUserInput(`${argument} is not a cursor this API gave out`, argument);
  return { at: Number(match[1]), id: Number(match[2]) };
}

/** One edge of a page; its cursor is encoded when a client asks for it. */
export class PageEdge<T> {
  constructor(
    readonly node: T,
    private readonly cursorOf: (row: T) => string,
  ) {}

  get cursor(): string {
    return this.cursorOf(this.node);
  }
}

/**
 * Builds the edges and page info for rows fetched with `limit + 1` (the extra row says there is a
 * next page). `after` is the decoded cursor the page starts after (a keyset, or a list's own key
 * such as a SKU); null for the first page.
 */
export function slicePage<T>(rows: T[], limit: number, after: KeysetCursor | string | null, cursorOf: (row: T) => string) {
  const nodes = rows.length > limit ? rows.slice(0, limit) : rows;
  const edges = nodes.map((node) => new PageEdge(node, cursorOf));
  const pageInfo: PageInfo = {
    hasNextPage: rows.length > limit,
    hasPreviousPage: after !== null,
    startCursor: nodes.length ? cursorOf(nodes[0]) : null,
    endCursor: nodes.length ? cursorOf(nodes[nodes.length - 1]) : null,
  };
  return { edges, pageInfo };
}
