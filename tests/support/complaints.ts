/**
 * Complaints for forwarding tests, stored with SQL that matches
 * migrations/0001 (intake is built on another branch; once merged, end-to-end
 * tests go through its API). Pure: runs in Node and in workerd.
 */
import type { Routing } from '../../domain/routing.ts';
import type { ChannelId } from '../../functions/forwarding/config.ts';
import type { ComplaintRow } from '../../functions/forwarding/message.ts';
import { enqueueStatements } from '../../functions/forwarding/store.ts';
import { newTrackingCode } from '../../domain/tracking-code.ts';

export const SAMPLE_ROUTING: Routing = {
  town: { id: 'laozhuangzi', name: '老庄子镇' },
  village: { id: 'dazhuang', name: '大庄村' },
  subLeader: { name: '张三', title: '副镇长（示例）' },
  districtLeader: { name: '赵全成', title: '管委会副主任' },
  departments: [
    { id: 'cjj', name: '城市建设管理局' },
    { id: 'sthj', name: '生态环境分局' },
  ],
};

/** A complete complaint row; `overrides` replace any column. */
export function sampleComplaint(overrides: Partial<ComplaintRow> = {}): ComplaintRow {
  return {
    id: crypto.randomUUID(),
    tracking_code: newTrackingCode(),
    category: 'dust',
    place_type: 'construction_site',
    town_id: 'laozhuangzi',
    village_id: 'dazhuang',
    address: '大庄村东口工地',
    description: '工地没有苫盖，风一吹尘土很大。',
    observed_at: null,
    anonymous: 0,
    contact_name: '李四',
    contact_phone: '13812345678',
    routing: JSON.stringify(SAMPLE_ROUTING),
    received_at: '2026-11-26T06:05:09.000Z',
    channel: 'web',
    ...overrides,
  };
}

/** The INSERT for a complaint row (the columns of migrations/0001 that intake fills). */
export function insertComplaintStatement(db: D1Database, c: ComplaintRow): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO complaints (id, tracking_code, category, place_type, town_id, village_id, address, description,
         observed_at, anonymous, contact_name, contact_phone, routing, status, received_at, channel)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 'received', ?14, ?15)`,
    )
    .bind(
      c.id,
      c.tracking_code,
      c.category,
      c.place_type,
      c.town_id,
      c.village_id,
      c.address,
      c.description,
      c.observed_at,
      c.anonymous,
      c.contact_name,
      c.contact_phone,
      c.routing,
      c.received_at,
      c.channel,
    );
}

/** The 'received' event intake appends with every complaint. */
export function receivedEventStatement(db: D1Database, c: ComplaintRow): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO complaint_events (complaint_id, at, status, note, actor) VALUES (?1, ?2, 'received', ?3, 'system')`,
    )
    .bind(c.id, c.received_at, '已受理');
}

/**
 * Stores a complaint with its deliveries in one batch, as intake does with
 * `enqueueDeliveries` (which Node cannot import: it pulls in `cloudflare:email`).
 */
export async function storeComplaint(db: D1Database, c: ComplaintRow, channels: readonly ChannelId[]): Promise<void> {
  await db.batch([
    insertComplaintStatement(db, c),
    receivedEventStatement(db, c),
    ...enqueueStatements(db, c.id, channels, c.received_at),
  ]);
}
