import { badUserInput } from '../common/errors';

/** An event's opaque cursor: its position in the event log. */
export function encodeEventCursor(id: number): string {
  return Buffer.from(`event:${id}`, 'utf8').toString('base64url');
}

export function decodeEventCursor(cursor: string, argument = 'after'): number {
  const match = /^event:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw badUserInput(`${argument} is not an event cursor this API gave out`, argument);
  return Number(match[1]);
}
