/**
 * Photo storage: stripped bytes in R2 (binding PHOTOS) under random keys, one
 * row per photo in D1 (`photos`, migrations/0010_photos.sql).
 *
 * Order of writes: objects first, rows after. A row therefore never points at
 * a missing object; a crash between the two leaves only objects without rows,
 * which cleanup.ts deletes after an hour. Rows go in one D1 batch together
 * with the owner's own statements (e.g. the complaint insert), so an owner is
 * never stored without its photos nor photos without their owner.
 */
import type { PhotoOwnerKind, PhotoType, PreparedPhoto } from '../../domain/photos.ts';
import { hex, sha256Hex } from '../../domain/crypto.ts';

/** Prefix of every photo object in the bucket (the cleanup lists only these). */
export const PHOTO_KEY_PREFIX = 'photos/';

export interface PhotoOwner {
  kind: PhotoOwnerKind;
  id: string;
}

/** A stored photo as its row holds it. */
export interface StoredPhoto {
  id: string;
  ownerKind: PhotoOwnerKind;
  ownerId: string;
  key: string;
  type: PhotoType;
  size: number;
  sha256: string;
  public: boolean;
  createdAt: string;
}

interface PhotoRow {
  id: string;
  owner_kind: PhotoOwnerKind;
  owner_id: string;
  r2_key: string;
  content_type: PhotoType;
  size: number;
  sha256: string;
  public: number;
  created_at: string;
}

const COLUMNS = 'id, owner_kind, owner_id, r2_key, content_type, size, sha256, public, created_at';

function fromRow(r: PhotoRow): StoredPhoto {
  return {
    id: r.id,
    ownerKind: r.owner_kind,
    ownerId: r.owner_id,
    key: r.r2_key,
    type: r.content_type,
    size: r.size,
    sha256: r.sha256,
    public: r.public === 1,
    createdAt: r.created_at,
  };
}

/**
 * A new object key: 128 random bits, unrelated to the content, the owner or
 * the row id, so neither a photo nor a complaint lets anyone find another.
 */
export function newPhotoKey(): string {
  return PHOTO_KEY_PREFIX + hex(crypto.getRandomValues(new Uint8Array(16)));
}

/**
 * Puts one prepared (checked and stripped) photo into R2 under a new random
 * key and returns the row to insert; nothing is written to D1 yet. R2 checks
 * the SHA-256 on arrival, so a corrupted upload fails here.
 */
export async function putPhotoObject(
  bucket: R2Bucket,
  owner: PhotoOwner,
  photo: PreparedPhoto,
  now: Date,
): Promise<StoredPhoto> {
  const sha256 = await sha256Hex(photo.bytes);
  const key = newPhotoKey();
  // No owner or name in the object's metadata: the bucket alone tells nobody whose photo it is.
  await bucket.put(key, photo.bytes, { httpMetadata: { contentType: photo.type }, sha256 });
  return {
    id: crypto.randomUUID(),
    ownerKind: owner.kind,
    ownerId: owner.id,
    key,
    type: photo.type,
    size: photo.bytes.length,
    sha256,
    public: false,
    createdAt: now.toISOString(),
  };
}

/**
 * Puts every photo (putPhotoObject), in order. If one fails, the objects
 * already put are deleted (best effort) and the error is rethrown.
 */
export async function putPhotoObjects(
  bucket: R2Bucket,
  owner: PhotoOwner,
  photos: readonly PreparedPhoto[],
  now: Date,
): Promise<StoredPhoto[]> {
  const stored: StoredPhoto[] = [];
  try {
    for (const p of photos) stored.push(await putPhotoObject(bucket, owner, p, now));
    return stored;
  } catch (e) {
    await deletePhotoObjects(bucket, stored);
    throw e;
  }
}

/**
 * Deletes objects whose rows were never written (a refused or failed batch).
 * Best effort: what remains has no row and the orphan cleanup removes it.
 */
export async function deletePhotoObjects(bucket: R2Bucket, photos: readonly StoredPhoto[]): Promise<void> {
  if (photos.length) await bucket.delete(photos.map((p) => p.key)).catch(() => undefined);
}

/**
 * The INSERT for one stored photo, to run in a D1 batch with its owner's statements.
 * `ifComplaintRow` (a complaint's photo): write the row only if the complaint's
 * row exists by then, for intake's batch, which may decide not to write the
 * complaint (its rate-limit slot refused, or a retry whose idempotency key is
 * already stored): then no photo row is left without its complaint.
 */
export function insertPhotoStatement(
  db: D1Database,
  p: StoredPhoto,
  opts: { ifComplaintRow?: boolean } = {},
): D1PreparedStatement {
  const values = 'SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, ?8';
  const sql = opts.ifComplaintRow
    ? `INSERT INTO photos (${COLUMNS}) ${values} WHERE EXISTS (SELECT 1 FROM complaints WHERE id = ?3)`
    : `INSERT INTO photos (${COLUMNS}) ${values}`;
  return db.prepare(sql).bind(p.id, p.ownerKind, p.ownerId, p.key, p.type, p.size, p.sha256, p.createdAt);
}

/**
 * Stores photos for one owner: every object, then every row in one D1 batch
 * together with `ownerStatements` (the owner's own inserts, run first). If
 * anything fails, the objects already put are deleted (best effort; the
 * orphan cleanup removes any that remain) and the error is rethrown.
 */
export async function storePhotos(
  env: { DB: D1Database; PHOTOS: R2Bucket },
  owner: PhotoOwner,
  photos: readonly PreparedPhoto[],
  now: Date,
  ownerStatements: readonly D1PreparedStatement[] = [],
): Promise<StoredPhoto[]> {
  const stored = await putPhotoObjects(env.PHOTOS, owner, photos, now);
  try {
    const statements = [...ownerStatements, ...stored.map((p) => insertPhotoStatement(env.DB, p))];
    if (statements.length) await env.DB.batch(statements);
    return stored;
  } catch (e) {
    await deletePhotoObjects(env.PHOTOS, stored);
    throw e;
  }
}

/**
 * The owner of the photos attached to a case action: the action's ledger row
 * is numbered per case (case_actions.seq), and its id is only known after the
 * insert, so the owner is named by the case and the number, known before.
 */
export function caseActionOwner(complaintId: string, seq: number): PhotoOwner {
  return { kind: 'case_action', id: `${complaintId}:${seq}` };
}

/** The photo with row id `id`, or null. */
export async function getPhoto(db: D1Database, id: string): Promise<StoredPhoto | null> {
  const row = await db.prepare(`SELECT ${COLUMNS} FROM photos WHERE id = ?1`).bind(id).first<PhotoRow>();
  return row ? fromRow(row) : null;
}

/** An owner's photos, oldest first. */
export async function photosOf(db: D1Database, owner: PhotoOwner): Promise<StoredPhoto[]> {
  const { results } = await db
    .prepare(`SELECT ${COLUMNS} FROM photos WHERE owner_kind = ?1 AND owner_id = ?2 ORDER BY created_at, id`)
    .bind(owner.kind, owner.id)
    .all<PhotoRow>();
  return results.map(fromRow);
}

/**
 * Every photo of a case, oldest first: the complaint's own and those of its
 * actions (`seq` says which action; null for the complaint's).
 */
export async function photosOfCase(
  db: D1Database,
  complaintId: string,
): Promise<(StoredPhoto & { seq: number | null })[]> {
  const { results } = await db
    .prepare(
      `SELECT ${COLUMNS} FROM photos
       WHERE (owner_kind = 'complaint' AND owner_id = ?1) OR (owner_kind = 'case_action' AND owner_id LIKE ?2)
       ORDER BY created_at, id`,
    )
    .bind(complaintId, `${complaintId}:%`)
    .all<PhotoRow>();
  return results.map((r) => {
    const p = fromRow(r);
    return { ...p, seq: p.ownerKind === 'case_action' ? Number(p.ownerId.slice(complaintId.length + 1)) : null };
  });
}
