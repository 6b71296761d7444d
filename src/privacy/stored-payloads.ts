import type { SqlEntityManager as EntityManager } from '@mikro-orm/knex';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';

import { PayloadRedaction } from './payload-redaction';
import type { PersonalData } from './personal-data';

/** Values bound per statement, well under every driver's limit. */
const CHUNK = 200;

const chunks = <T>(list: readonly T[], size = CHUNK): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
};
const marks = (list: readonly unknown[]) => list.map(() => '?').join(', ');
/** A LIKE pattern that finds `text` anywhere (with `escape '\'`). */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const asJson = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);

type Row = Record<string, unknown>;

/**
 * Finds and redacts one customer's stored payloads inside the caller's transaction: archived
 * deliveries (their body and what was fetched for them removed), dead letters (body removed,
 * reason cleaned) and the kept parts of their orders (personal fields emptied, the rest kept for
 * joining later parts). Candidates are found in SQL by what the payload must contain (one of the
 * customer's e-mails anywhere; on their channels, one of their orders or channel ids, or their
 * phone's last digits), then each is checked with {@link PersonalData.mentionedIn}.
 */
export class StoredPayloads {
  private readonly postgres: boolean;

  constructor(
    private readonly tx: EntityManager,
    private readonly person: PersonalData,
    /** Each channel's country, for reading phone numbers written without their country code. */
    private readonly countries: ReadonlyMap<number, string | null>,
    /** As the dialect stores a time (SQLite: epoch milliseconds). */
    private readonly now: unknown,
  ) {
    this.postgres = tx.getPlatform() instanceof PostgreSqlPlatform;
  }

  private async ids(sql: string, params: unknown[]): Promise<number[]> {
    const rows = (await this.tx.execute(sql, params)) as Row[];
    return rows.map((r) => Number(r.id));
  }

  private async rowsById(table: string, columns: string, ids: readonly number[]): Promise<Row[]> {
    const rows: Row[] = [];
    for (const part of chunks(ids)) rows.push(...((await this.tx.execute(`select ${columns} from ${table} where id in (${marks(part)})`, part)) as Row[]));
    return rows;
  }

  /** Texts on the customer's channels that may name them: their orders' and identities' ids, their phone's tail. */
  private channelTokens(channelId: number): string[] {
    const tokens = [...(this.person.externalIds.get(channelId) ?? [])];
    if (this.person.phoneTail) tokens.push(this.person.phoneTail);
    return tokens;
  }

  private mentions(row: Row, ...texts: unknown[]): boolean {
    const channelId = Number(row.channel_id);
    const country = this.countries.get(channelId) ?? null;
    return texts.some((text) => this.person.mentionedIn(typeof text === 'string' ? text : text == null ? null : JSON.stringify(text), channelId, country));
  }

  /** Archived deliveries of the customer's orders or naming them: body and fetched emptied. */
  async redactArchive(): Promise<number> {
    const found = new Set<number>();
    const open = 'select id from payload_archive where redacted_at is null and ';
    for (const email of this.person.emails) {
      const like = containing(email);
      for (const id of await this.ids(`${open}(lower(body) like ? escape '\\' or lower(coalesce(fetched, '')) like ? escape '\\')`, [like, like])) found.add(id);
    }
    const orderIds = this.postgres
      ? (n: number) => `exists (select 1 from jsonb_array_elements_text(result -> 'orderIds') as o(v) where o.v in (${'?, '.repeat(n - 1)}?))`
      : (n: number) => `exists (select 1 from json_each(result, '$.orderIds') as o where o.value in (${'?, '.repeat(n - 1)}?))`;
    const ordered = new Set<number>();
    for (const part of chunks([...this.person.orderIds])) {
      for (const id of await this.ids(`${open}${orderIds(part.length)}`, part)) ordered.add(id);
    }
    for (const channelId of this.person.channelIds) {
      for (const part of chunks(this.channelTokens(channelId), CHUNK / 2)) {
        const likes = part.map(() => "body like ? escape '\\' or coalesce(fetched, '') like ? escape '\\'").join(' or ');
        const params = part.flatMap((token) => [containing(token), containing(token)]);
        for (const id of await this.ids(`${open}channel_id = ? and (${likes})`, [channelId, ...params])) found.add(id);
      }
    }
    const rows = await this.rowsById('payload_archive', 'id, channel_id, body, fetched', [...found].filter((id) => !ordered.has(id)));
    const theirs = [...ordered, ...rows.filter((row) => this.mentions(row, row.body, row.fetched)).map((row) => Number(row.id))];
    for (const part of chunks(theirs)) {
      await this.tx.execute(
        `update payload_archive set body = '', fetched = null, redacted_at = ?, redaction = ? where id in (${marks(part)})`,
        [this.now, PayloadRedaction.ERASURE, ...part],
        'run',
      );
    }
    return theirs.length;
  }

  /** Dead letters naming the customer: body emptied (they can no longer be replayed), reason cleaned. */
  async redactDeadLetters(): Promise<number> {
    const channels = this.person.channelIds;
    const conditions = [
      ...(channels.length ? [`channel_id in (${marks(channels)})`] : []),
      ...this.person.emails.map(() => "lower(body) like ? escape '\\'"),
    ];
    if (!conditions.length) return 0;
    const rows = (await this.tx.execute(
      `select id, channel_id, body, reason from dead_letter where redacted_at is null and (${conditions.join(' or ')})`,
      [...channels, ...this.person.emails.map(containing)],
    )) as Row[];
    const theirs = rows.filter((row) => this.mentions(row, row.body, row.reason));
    for (const row of theirs) {
      const reason = this.person.redactText(String(row.reason), this.countries.get(Number(row.channel_id)) ?? null);
      await this.tx.execute(
        "update dead_letter set body = '', reason = ?, redacted_at = ?, redaction = ? where id = ?",
        [reason, this.now, PayloadRedaction.ERASURE, row.id],
        'run',
      );
    }
    return theirs.length;
  }

  /** The kept parts of the customer's orders, and parts naming one of their e-mails: personal fields emptied. */
  async redactOrderParts(orders: ReadonlyArray<{ channelId: number; externalId: string }>): Promise<number> {
    const rows = new Map<number, Row>();
    const byChannel = new Map<number, string[]>();
    for (const order of orders) byChannel.set(order.channelId, [...(byChannel.get(order.channelId) ?? []), order.externalId]);
    for (const [channelId, externalIds] of byChannel) {
      for (const part of chunks(externalIds)) {
        const found = (await this.tx.execute(
          `select id, channel_id, data from order_part where channel_id = ? and order_external_id in (${marks(part)})`,
          [channelId, ...part],
        )) as Row[];
        for (const row of found) rows.set(Number(row.id), row);
      }
    }
    const text = this.postgres ? 'data::text' : 'data';
    for (const email of this.person.emails) {
      const found = (await this.tx.execute(`select id, channel_id, data from order_part where lower(${text}) like ? escape '\\'`, [containing(email)])) as Row[];
      for (const row of found) if (this.mentions(row, row.data)) rows.set(Number(row.id), row);
    }
    let changed = 0;
    for (const row of rows.values()) {
      const data = asJson(row.data);
      const redacted = this.person.redactJson(data, this.countries.get(Number(row.channel_id)) ?? null);
      if (JSON.stringify(redacted) === JSON.stringify(data)) continue;
      await this.tx.execute('update order_part set data = ? where id = ?', [JSON.stringify(redacted), row.id], 'run');
      changed++;
    }
    return changed;
  }
}
