/**
 * The one code path that stores a complaint: the complaint row, its
 * 'received' event and its forwarding deliveries in one D1 batch, so either
 * all of them exist or none does. A concurrent retry with the same
 * idempotency key loses on the UNIQUE constraint and gets the first
 * complaint back instead.
 */
import { enqueueDeliveries } from '../forwarding/outbox.ts';
import { newTrackingCode } from '../../domain/tracking-code.ts';
import {
  findByIdempotencyKey,
  insertComplaint,
  keyedReceipt,
  selectByIdempotencyKey,
  type KeyedReceipt,
  type NewComplaint,
  type ReceiptRow,
} from './queries.ts';
import { slotStatements, type Counter } from './rate-limit.ts';

/** D1 could not store or read the complaint; the API answers 503 and nothing was stored. */
export class StorageUnavailable extends Error {
  override name = 'StorageUnavailable';
}

/**
 * The stored complaint, or the one that already held the idempotency key
 * (`created` false; the caller compares `payloadHash` before answering with it).
 * `deliveries`: how many forwarding deliveries were queued with it.
 */
export type Stored = KeyedReceipt & { created: boolean; deliveries: number };

/** Nothing stored: the rate-limit slot was refused (`busy`: the global ceiling, else the client's limit). */
export interface Refused {
  created: false;
  refused: { busy: boolean };
}

/** A rate-limit slot to take in the same batch as the complaint (intake's one D1 round trip). */
export interface SlotRequest {
  counters: Counter[];
  nowMs: number;
}

export interface StoreOptions {
  /** Queue the complaint for the office's channels (false for a case the office opened itself). Default true. */
  forward?: boolean;
  /**
   * Further statements for the same batch (e.g. the case ledger's first entry), given the stored row.
   * With `slot` they run even when the slot is refused and no complaint is written: make them
   * conditional on the complaint row (`… WHERE EXISTS (SELECT 1 FROM complaints WHERE id = ?)`, as the
   * event and the deliveries are), or a refusal fails the whole batch and answers 503.
   */
  also?: (c: NewComplaint) => D1PreparedStatement[];
}

/**
 * Stores a complaint under a fresh id and tracking code. Retries with a new
 * code in the (astronomically unlikely) case of a code collision.
 *
 * With `slot`, the same batch first reads the complaint stored under the
 * idempotency key, then takes the rate-limit slot (refused when the key is
 * already stored or a counter is full), then writes the complaint only if
 * the slot was taken: a new complaint costs one D1 round trip, and a refusal
 * or a retry stores nothing and takes no slot.
 * @throws StorageUnavailable when D1 fails.
 */
export async function storeComplaint(
  env: Env,
  complaint: Omit<NewComplaint, 'id' | 'trackingCode'>,
  opts: StoreOptions & { slot: SlotRequest },
): Promise<Stored | Refused>;
export async function storeComplaint(
  env: Env,
  complaint: Omit<NewComplaint, 'id' | 'trackingCode'>,
  opts?: StoreOptions & { slot?: undefined },
): Promise<Stored>;
export async function storeComplaint(
  env: Env,
  complaint: Omit<NewComplaint, 'id' | 'trackingCode'>,
  opts: StoreOptions & { slot?: SlotRequest } = {},
): Promise<Stored | Refused> {
  const db = env.DB;
  const key = complaint.input.idempotencyKey;
  for (let attempt = 0; attempt < 3; attempt++) {
    const c: NewComplaint = { ...complaint, id: crypto.randomUUID(), trackingCode: newTrackingCode() };
    try {
      const slot = opts.slot ? slotStatements(db, opts.slot.counters, opts.slot.nowMs, key) : null;
      const deliveries = opts.forward === false ? [] : enqueueDeliveries(db, env, c.id, c.receivedAt);
      const results = await db.batch([
        ...(slot ? [selectByIdempotencyKey(db, key), ...slot.statements] : []),
        ...insertComplaint(db, c, slot?.marker ?? null),
        ...deliveries,
        ...(opts.also?.(c) ?? []),
      ]);
      if (slot) {
        const prior = keyedReceipt(results[0]?.results[0] as ReceiptRow | undefined);
        if (prior) return { ...prior, created: false, deliveries: 0 };
        const taken = slot.read(results[1], results[2]);
        if (!taken.ok) return { created: false, refused: { busy: taken.busy } };
      }
      return {
        receipt: { id: c.id, trackingCode: c.trackingCode, status: 'received', receivedAt: c.receivedAt },
        payloadHash: c.payloadHash,
        created: true,
        deliveries: deliveries.length,
      };
    } catch (e) {
      if (key) {
        const prior = await findByIdempotencyKey(db, key).catch(() => null);
        if (prior) return { ...prior, created: false, deliveries: 0 };
      }
      if (/UNIQUE constraint failed: complaints\.tracking_code/.test(String(e))) continue;
      throw new StorageUnavailable('storing the complaint failed', { cause: e });
    }
  }
  throw new StorageUnavailable('no unused tracking code after 3 attempts');
}
