/**
 * The one message model every channel renders: what the district grid office
 * needs to assign a complaint the day it arrives. Channels only format it;
 * none of them reads the database or decides what the message says.
 */
import { CATEGORIES, PLACE_TYPES } from '../../domain/taxonomy.ts';
import type { Routing } from '../../domain/routing.ts';
import { formatChinaTime } from '../../domain/time.ts';
import { formatTrackingCode } from '../../domain/tracking-code.ts';
import { FIELD_LABELS, multiLine, singleLine } from '../../domain/complaint-rules.ts';
import { statusPath } from '../../domain/paths.ts';
import { photoLinkSecret, signedPhotoLinks } from '../photos/link.ts';

/** The complaint columns (migrations/0001) that a forwarded message uses. */
export interface ComplaintRow {
  id: string;
  tracking_code: string;
  category: string;
  place_type: string;
  town_id: string;
  village_id: string | null;
  address: string | null;
  description: string;
  observed_at: string | null;
  anonymous: number;
  contact_name: string | null;
  contact_phone: string | null;
  routing: string;
  received_at: string;
  channel: string;
}

export interface Labelled {
  key: string;
  label: string;
}

export interface ForwardMessage {
  /** Compact form as stored (`ABCDEFGHJKMN`), and as people read it out (`ABCD-EFGH-JKMN`). */
  trackingCode: string;
  trackingCodeText: string;
  /** ISO 8601 UTC, and as shown to people (Beijing time). */
  receivedAt: string;
  receivedAtText: string;
  observedAt: string | null;
  observedAtText: string | null;
  category: Labelled;
  placeType: Labelled;
  town: { id: string; name: string };
  village: { id: string; name: string } | null;
  address: string | null;
  description: string;
  /** The routing suggestion stored with the complaint; null if it could not be read. */
  routing: Routing | null;
  anonymous: boolean;
  /** Null when anonymous. */
  contact: { name: string | null; phone: string | null } | null;
  /** Absolute link to the public status page. */
  statusUrl: string;
  /** How the complaint came in (web form, API, …). */
  source: string;
  /**
   * Signed, expiring links to the complaint's photos for the office's staff
   * (docs/photos.md), never the files; empty when there are none or links
   * cannot be made (PHOTO_LINK_SECRET unset: then `photoCount` still tells).
   */
  photos: { url: string; expiresAt: string }[];
  photoCount: number;
  /** A resend after an attempt whose outcome was lost: the reader may have seen it already. */
  resend?: boolean;
}

export const COMPLAINT_COLUMNS =
  'id, tracking_code, category, place_type, town_id, village_id, address, description, observed_at, ' +
  'anonymous, contact_name, contact_phone, routing, received_at, channel';

function parseRouting(json: string): Routing | null {
  try {
    const r = JSON.parse(json) as Partial<Routing> | null;
    if (!r || typeof r !== 'object' || !r.town || !Array.isArray(r.departments)) return null;
    return r as Routing;
  } catch {
    return null;
  }
}

/** Beijing time with its name, for messages read outside the site. */
function chinaTime(iso: string): string {
  return `${formatChinaTime(iso)}（北京时间）`;
}

/** The public status-page link for a tracking code (the same page intake links to). */
export function statusUrl(publicBaseUrl: string, trackingCode: string): string {
  return publicBaseUrl + statusPath(trackingCode);
}

/** Builds the message model from a stored complaint. */
export function buildMessage(row: ComplaintRow, publicBaseUrl: string): ForwardMessage {
  const routing = parseRouting(row.routing);
  const cat = row.category as keyof typeof CATEGORIES;
  const place = row.place_type as keyof typeof PLACE_TYPES;
  const anonymous = row.anonymous !== 0;
  return {
    trackingCode: row.tracking_code,
    trackingCodeText: formatTrackingCode(row.tracking_code),
    receivedAt: row.received_at,
    receivedAtText: chinaTime(row.received_at),
    observedAt: row.observed_at,
    observedAtText: row.observed_at ? chinaTime(row.observed_at) : null,
    category: { key: row.category, label: CATEGORIES[cat] ?? row.category },
    placeType: { key: row.place_type, label: PLACE_TYPES[place] ?? row.place_type },
    town: routing?.town ?? { id: row.town_id, name: row.town_id },
    village: routing?.village ?? (row.village_id ? { id: row.village_id, name: row.village_id } : null),
    address: row.address,
    description: row.description,
    routing,
    anonymous,
    contact: anonymous ? null : { name: row.contact_name, phone: row.contact_phone },
    statusUrl: statusUrl(publicBaseUrl, row.tracking_code),
    source: row.channel,
    photos: [],
    photoCount: 0,
  };
}

/**
 * How long the photo links in a forwarded message last, counted from the
 * complaint's receipt (not from sending): every attempt of a delivery then
 * carries the same links, so the body stays the same on every attempt (the
 * webhook's promise), and a message read after a long weekend still opens.
 */
export const FORWARD_PHOTO_LINK_TTL_SECONDS = 7 * 24 * 3600;

/** The photo links for a message, signed as of the complaint's receipt. */
async function messagePhotos(
  db: D1Database,
  row: ComplaintRow,
  publicBaseUrl: string,
  linkSecret: string | undefined,
): Promise<Pick<ForwardMessage, 'photos' | 'photoCount'>> {
  const complaintId = row.id;
  const secret = photoLinkSecret({ PHOTO_LINK_SECRET: linkSecret });
  const count = await db
    .prepare("SELECT count(*) AS n FROM photos WHERE owner_kind = 'complaint' AND owner_id = ?1")
    .bind(complaintId)
    .first<number>('n');
  if (!count) return { photos: [], photoCount: 0 };
  if (!secret) {
    console.error('forwarding: PHOTO_LINK_SECRET is not set; the message names the photos without links');
    return { photos: [], photoCount: count };
  }
  const links = await signedPhotoLinks(
    secret,
    db,
    { kind: 'complaint', id: complaintId },
    new Date(row.received_at),
    FORWARD_PHOTO_LINK_TTL_SECONDS,
  );
  return {
    photos: links.map((l) => ({ url: publicBaseUrl + l.path, expiresAt: l.expiresAt.toISOString() })),
    photoCount: count,
  };
}

/** Loads a complaint and builds its message; undefined if there is no such complaint. */
export async function loadMessage(
  db: D1Database,
  complaintId: string,
  publicBaseUrl: string,
  photoLinkSecret?: string,
): Promise<ForwardMessage | undefined> {
  const row = await db
    .prepare(`SELECT ${COMPLAINT_COLUMNS} FROM complaints WHERE id = ?1`)
    .bind(complaintId)
    .first<ComplaintRow>();
  if (!row) return undefined;
  return { ...buildMessage(row, publicBaseUrl), ...(await messagePhotos(db, row, publicBaseUrl, photoLinkSecret)) };
}

/** Marks a resend whose first send may have arrived, so readers of a chat or mailbox can drop the repeat. */
export const RESEND_MARK = '【补发，如已收到同一编号请忽略】';

/** The heading every channel uses, e.g. `环境投诉 ABCD-EFGH-JKMN：扬尘（老庄子镇）`. */
export function messageTitle(m: ForwardMessage): string {
  return `${m.resend ? RESEND_MARK : ''}环境投诉 ${m.trackingCodeText}：${m.category.label}（${m.town.name}）`;
}

/** The label of the status link, the last line of every message. */
export const STATUS_LABEL = '办理进度';
/** The label of the photo links (only in a message about a complaint with photos). */
export const PHOTOS_LABEL = '照片';

/** When the photo links stop working, as people read it. */
export function photoLinksNote(m: ForwardMessage): string {
  const until = m.photos[0]?.expiresAt;
  return until
    ? `（仅供工作人员查看，请勿转发给群众；链接 ${formatChinaTime(until)} 前有效，过期后请到案件页面查看）`
    : '（照片链接服务尚未配置，请到案件页面查看）';
}

/** One labelled line of the human-readable message. `multiline` marks free text that may span lines. */
export interface MessageField {
  label: string;
  value: string;
  multiline?: boolean;
  /** Citizen-written text: channels with markup must escape it. */
  userText?: boolean;
}

function person(p: { name: string; title?: string } | undefined): string | undefined {
  return p ? (p.title ? `${p.name}（${p.title}）` : p.name) : undefined;
}

/** The grid part of the routing suggestion, e.g. `老庄子镇 › 某村；二级分网格长 张三（副镇长）；包联区领导 …`. */
export function gridText(m: ForwardMessage): string {
  const r = m.routing;
  const place = [m.town.name, m.village?.name].filter(Boolean).join(' › ');
  const parts = [place];
  const sub = person(r?.subLeader);
  if (sub) parts.push(`二级分网格长 ${sub}`);
  const lead = person(r?.districtLeader);
  if (lead) parts.push(`包联区领导 ${lead}`);
  return parts.join('；');
}

/**
 * Citizen text made inert for people reading the message: nothing a chat or
 * mail client turns into a link (`http:`, `mailto:`, `tel:` and other schemes
 * get a full-width colon, a bare domain a full-width dot, `@` its full-width
 * form) and our quote marks replaced, so a value cannot close its quote early.
 */
export function inertText(s: string): string {
  return s
    .replace(/[「」]/g, (c) => (c === '「' ? '『' : '』'))
    .replace(/([a-z0-9+.-]):/gi, '$1：')
    .replace(/\.(?=[a-z])/gi, '．')
    .replace(/@/g, '＠');
}

/** A single-line citizen value: one line, inert, in 「」 so it cannot pass for one of our labels. */
export function quotedLine(v: string): string {
  return `「${inertText(singleLine(v))}」`;
}

/** Free citizen text: inert, each line behind a bar, so no line of it can pass for a field of ours. */
export function quotedBlock(v: string): string {
  return multiLine(v)
    .split('\n')
    .map((line) => `┃ ${inertText(line)}`)
    .join('\n');
}

/**
 * The labelled lines of the message, in the order the office reads them.
 * Text channels (robots, email) render exactly these; the webhook sends the
 * model itself as JSON.
 */
export function messageFields(m: ForwardMessage): MessageField[] {
  const f: MessageField[] = [
    { label: '投诉编号', value: m.trackingCodeText },
    { label: '收到时间', value: m.receivedAtText },
    { label: '问题类型', value: m.category.label },
    { label: '地点类型', value: m.placeType.label },
    { label: '镇（办事处）', value: m.town.name },
    { label: '村（居）', value: m.village?.name ?? '未填写' },
    { label: FIELD_LABELS.address, value: m.address ? quotedLine(m.address) : '未填写', userText: true },
  ];
  if (m.observedAtText) f.push({ label: FIELD_LABELS.observedAt, value: m.observedAtText });
  f.push(
    { label: FIELD_LABELS.description, value: quotedBlock(m.description), multiline: true, userText: true },
    { label: '建议网格', value: gridText(m) },
    {
      label: '建议承办部门',
      value: m.routing?.departments.length
        ? m.routing.departments.map((d) => d.name).join('、')
        : '未匹配，请区网格办研判',
    },
  );
  if (m.contact) {
    f.push(
      { label: '投诉人', value: m.contact.name ? quotedLine(m.contact.name) : '未填写', userText: true },
      {
        label: FIELD_LABELS.contactPhone,
        value: m.contact.phone ? quotedLine(m.contact.phone) : '未填写',
        userText: true,
      },
    );
  } else {
    f.push({ label: '投诉人', value: '匿名（未留姓名和电话）' });
  }
  if (m.photoCount > 0) {
    const lines = m.photos.map((p, i) => `${i + 1}. ${p.url}`);
    f.push({
      label: PHOTOS_LABEL,
      value: [`${m.photoCount} 张${photoLinksNote(m)}`, ...lines].join('\n'),
      multiline: lines.length > 0,
    });
  }
  f.push({ label: STATUS_LABEL, value: m.statusUrl });
  return f;
}
