/**
 * D1 queries for complaints. Public reads name their columns one by one and
 * never touch the private ones (contact_name, contact_phone, address,
 * description, ip_hash); the API and the site's status pages both read
 * through `findPublicComplaint`.
 */
import type { ComplaintInput } from '../../domain/complaint.ts';
import type { Routing } from '../../domain/routing.ts';
import type { Category, PlaceType } from '../../domain/taxonomy.ts';
import { formatTrackingCode } from '../../domain/tracking-code.ts';
import type { StaffSource } from '../../domain/cases/model.ts';

/** A complaint about to be stored. */
export interface NewComplaint {
  id: string;
  /** Compact upper-case form. */
  trackingCode: string;
  input: ComplaintInput;
  routing: Routing;
  receivedAt: string;
  /** Null for a case the office opened itself (no client address involved). */
  ipHash: string | null;
  /** How it arrived; a case the office opened carries its source (domain/cases/model.ts). */
  channel: 'web' | 'api' | StaffSource;
  /** Public note of the first timeline entry. */
  receivedNote: string;
  /** SHA-256 of the normalised submission, kept beside the idempotency key (migrations/0004). */
  payloadHash: string;
}

/** What the citizen gets back after submitting (and again on a retry). */
export interface Receipt {
  id: string;
  /** Compact upper-case form. */
  trackingCode: string;
  status: string;
  receivedAt: string;
}

export interface TimelineEntry {
  at: string;
  status: string;
  note: string | null;
}

/** Everything anyone holding the code may see. */
export interface PublicComplaint {
  /** Grouped for reading, e.g. `ABCD-EFGH-JKMN`. */
  trackingCode: string;
  category: Category;
  placeType: PlaceType;
  townId: string;
  villageId: string | null;
  status: string;
  receivedAt: string;
  routing: Routing;
  timeline: TimelineEntry[];
}

/**
 * The statements that store a complaint and its 'received' event; run them in one batch.
 * With `gate` (a rate_limit_hits id) the complaint row is written only if that
 * slot row exists, i.e. only if the slot statement earlier in the same batch
 * took it (rate-limit.ts `slotStatements`); the event follows the complaint
 * row. So one batch can decide and store, and stores nothing when refused.
 */
export function insertComplaint(db: D1Database, c: NewComplaint, gate: string | null = null): D1PreparedStatement[] {
  const i = c.input;
  return [
    db
      .prepare(
        `INSERT INTO complaints (id, tracking_code, idempotency_key, category, place_type, town_id, village_id,
           address, description, observed_at, anonymous, contact_name, contact_phone, routing, status,
           received_at, ip_hash, channel, idempotency_hash)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, 'received', ?15, ?16, ?17, ?18
         WHERE ?19 IS NULL OR EXISTS (SELECT 1 FROM rate_limit_hits WHERE id = ?19)`,
      )
      .bind(
        c.id,
        c.trackingCode,
        i.idempotencyKey,
        i.category,
        i.placeType,
        i.townId,
        i.villageId,
        i.address,
        i.description,
        i.observedAt,
        i.anonymous ? 1 : 0,
        i.contactName,
        i.contactPhone,
        JSON.stringify(c.routing),
        c.receivedAt,
        c.ipHash,
        c.channel,
        i.idempotencyKey ? c.payloadHash : null,
        gate,
      ),
    db
      .prepare(
        `INSERT INTO complaint_events (complaint_id, at, status, note, actor)
         SELECT ?1, ?2, 'received', ?3, 'system' WHERE EXISTS (SELECT 1 FROM complaints WHERE id = ?1)`,
      )
      .bind(c.id, c.receivedAt, c.receivedNote),
  ];
}

export interface ReceiptRow {
  id: string;
  tracking_code: string;
  status: string;
  received_at: string;
  idempotency_hash: string | null;
}

/** A complaint stored under an idempotency key, with the hash of the payload it was stored with. */
export interface KeyedReceipt {
  receipt: Receipt;
  /** Null for complaints stored before migrations/0004. */
  payloadHash: string | null;
}

/** The statement that reads the complaint stored under an idempotency key; read its rows with `keyedReceipt`. */
export function selectByIdempotencyKey(db: D1Database, key: string | null): D1PreparedStatement {
  return db
    .prepare(
      'SELECT id, tracking_code, status, received_at, idempotency_hash FROM complaints WHERE idempotency_key = ?1',
    )
    .bind(key);
}

/** The receipt in a row of `selectByIdempotencyKey`, or null for no row. */
export function keyedReceipt(r: ReceiptRow | null | undefined): KeyedReceipt | null {
  if (!r) return null;
  return {
    receipt: { id: r.id, trackingCode: r.tracking_code, status: r.status, receivedAt: r.received_at },
    payloadHash: r.idempotency_hash,
  };
}

/** The complaint stored under an idempotency key, if any. */
export async function findByIdempotencyKey(db: D1Database, key: string): Promise<KeyedReceipt | null> {
  return keyedReceipt(await selectByIdempotencyKey(db, key).first<ReceiptRow>());
}

interface PublicRow {
  tracking_code: string;
  category: Category;
  place_type: PlaceType;
  town_id: string;
  village_id: string | null;
  status: string;
  received_at: string;
  routing: string;
}

/**
 * The public view of a complaint by its compact tracking code, with its timeline; null when unknown.
 * A merged complaint shows the status and later steps of the case it was merged into.
 */
export async function findPublicComplaint(db: D1Database, code: string): Promise<PublicComplaint | null> {
  const [head, events] = await db.batch([
    db
      .prepare(
        `SELECT c.tracking_code, c.category, c.place_type, c.town_id, c.village_id,
                COALESCE(t.status, c.status) AS status, c.received_at, c.routing
         FROM complaints c LEFT JOIN cases k ON k.complaint_id = c.id LEFT JOIN complaints t ON t.id = k.merged_into
         WHERE c.tracking_code = ?1`,
      )
      .bind(code),
    // A complaint merged into another case (migration 0007) shows its own steps up to the
    // merge, then the steps of the case it follows.
    db
      .prepare(
        `SELECT e.at, e.status, e.note FROM complaints c
         LEFT JOIN cases k ON k.complaint_id = c.id
         JOIN complaint_events e
           ON (e.complaint_id = c.id AND (k.merged_at IS NULL OR e.at <= k.merged_at))
           OR (e.complaint_id = k.merged_into AND e.at > k.merged_at)
         WHERE c.tracking_code = ?1 ORDER BY e.at, e.id`,
      )
      .bind(code),
  ]);
  const row = (head?.results as PublicRow[] | undefined)?.[0];
  if (!row) return null;
  return {
    trackingCode: formatTrackingCode(row.tracking_code),
    category: row.category,
    placeType: row.place_type,
    townId: row.town_id,
    villageId: row.village_id,
    status: row.status,
    receivedAt: row.received_at,
    routing: JSON.parse(row.routing) as Routing,
    timeline: (events?.results ?? []) as TimelineEntry[],
  };
}
