/**
 * The one code path that stores a complaint: the complaint row, its
 * 'received' event and its forwarding deliveries in one D1 batch, so either
 * all of them exist or none does. A concurrent retry with the same
 * idempotency key loses on the UNIQUE constraint and gets the first
 * complaint back instead.
 */
import { enqueueDeliveries } from '../forwarding/outbox.ts';
import { newTrackingCode } from '../../domain/tracking-code.ts';
import { findByIdempotencyKey, insertComplaint, type KeyedReceipt, type NewComplaint } from './queries.ts';

/** D1 could not store or read the complaint; the API answers 503 and nothing was stored. */
export class StorageUnavailable extends Error {
  override name = 'StorageUnavailable';
}

/**
 * The stored complaint, or the one that already held the idempotency key
 * (`created` false; the caller compares `payloadHash` before answering with it).
 */
export type Stored = KeyedReceipt & { created: boolean };

export interface StoreOptions {
  /** Queue the complaint for the office's channels (false for a case the office opened itself). Default true. */
  forward?: boolean;
  /** Further statements for the same batch (e.g. the case ledger's first entry), given the stored row. */
  also?: (c: NewComplaint) => D1PreparedStatement[];
}

/**
 * Stores a complaint under a fresh id and tracking code. Retries with a new
 * code in the (astronomically unlikely) case of a code collision.
 * @throws StorageUnavailable when D1 fails.
 */
export async function storeComplaint(
  env: Env,
  complaint: Omit<NewComplaint, 'id' | 'trackingCode'>,
  opts: StoreOptions = {},
): Promise<Stored> {
  const db = env.DB;
  const key = complaint.input.idempotencyKey;
  for (let attempt = 0; attempt < 3; attempt++) {
    const c: NewComplaint = { ...complaint, id: crypto.randomUUID(), trackingCode: newTrackingCode() };
    try {
      await db.batch([
        ...insertComplaint(db, c),
        ...(opts.forward === false ? [] : enqueueDeliveries(db, env, c.id, c.receivedAt)),
        ...(opts.also?.(c) ?? []),
      ]);
      return {
        receipt: { id: c.id, trackingCode: c.trackingCode, status: 'received', receivedAt: c.receivedAt },
        payloadHash: c.payloadHash,
        created: true,
      };
    } catch (e) {
      if (key) {
        const prior = await findByIdempotencyKey(db, key).catch(() => null);
        if (prior) return { ...prior, created: false };
      }
      if (/UNIQUE constraint failed: complaints\.tracking_code/.test(String(e))) continue;
      throw new StorageUnavailable('storing the complaint failed', { cause: e });
    }
  }
  throw new StorageUnavailable('no unused tracking code after 3 attempts');
}
