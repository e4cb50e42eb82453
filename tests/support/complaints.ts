/**
 * Complaints for forwarding tests, stored through intake's own INSERT
 * (functions/complaints/queries.ts), so a test row is always a row intake
 * could have written. Pure: runs in Node and in workerd.
 */
import type { Routing } from '../../domain/routing.ts';
import type { ChannelId } from '../../functions/forwarding/config.ts';
import type { ComplaintRow } from '../../functions/forwarding/message.ts';
import { enqueueStatements } from '../../functions/forwarding/store.ts';
import { newTrackingCode } from '../../domain/tracking-code.ts';
import { RECEIVED_NOTE } from '../../domain/complaint.ts';
import type { Category, PlaceType } from '../../domain/taxonomy.ts';
import { insertComplaint, type NewComplaint } from '../../functions/complaints/queries.ts';

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

/** The complaint as intake's store takes it (the production INSERT, functions/complaints/queries.ts). */
function asNewComplaint(c: ComplaintRow): NewComplaint {
  return {
    id: c.id,
    trackingCode: c.tracking_code,
    input: {
      category: c.category as Category,
      placeType: c.place_type as PlaceType,
      townId: c.town_id,
      villageId: c.village_id,
      address: c.address,
      description: c.description,
      observedAt: c.observed_at,
      anonymous: c.anonymous !== 0,
      contactName: c.contact_name,
      contactPhone: c.contact_phone,
      idempotencyKey: null,
    },
    routing: JSON.parse(c.routing) as Routing,
    receivedAt: c.received_at,
    ipHash: 'test-ip-hash',
    channel: c.channel === 'api' ? 'api' : 'web',
    receivedNote: RECEIVED_NOTE,
    payloadHash: '',
  };
}

/** The statements intake runs for a complaint row: the complaint and its 'received' event. */
export function complaintStatements(db: D1Database, c: ComplaintRow): D1PreparedStatement[] {
  return insertComplaint(db, asNewComplaint(c));
}

/**
 * Stores a complaint with its deliveries in one batch, as intake does with
 * `enqueueDeliveries` (which Node cannot import: it pulls in `cloudflare:email`).
 */
export async function storeComplaint(db: D1Database, c: ComplaintRow, channels: readonly ChannelId[]): Promise<void> {
  await db.batch([...complaintStatements(db, c), ...enqueueStatements(db, c.id, channels, c.received_at)]);
}
