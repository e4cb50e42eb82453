/**
 * Stores one patrol (issue 14): the patrol row, its findings and, for each finding that opens a
 * case, the complaint row, its first public step, the case (trigger of migration 0007) and the
 * ledger's 'open' entry — all in one D1 batch, so a patrol never exists without its cases or a
 * case without its patrol. Photos taken on the patrol are put in R2 first and their rows join the batch. The patrol's idempotency key is UNIQUE: a patrol the phone sends
 * twice loses the second batch whole and gets the first patrol back.
 */
import { rosterIndex } from '../../domain/roster/current.ts';
import { routeProblem } from '../../domain/routing.ts';
import { parseComplaint, placesFromRoster, type ComplaintInput, type FieldError } from '../../domain/complaint.ts';
import { sha256Hex } from '../../domain/crypto.ts';
import { newTrackingCode } from '../../domain/tracking-code.ts';
import { CASE_SOURCES } from '../../domain/cases/model.ts';
import { patrolFingerprint, type PatrolInput } from '../../domain/patrol-input.ts';
import type { GridReach } from '../../domain/grid-scope.ts';
import { insertComplaint, type NewComplaint } from '../complaints/queries.ts';
import { StorageUnavailable } from '../complaints/store.ts';
import { openStatements } from '../staff/cases/open.ts';
import type { Caller } from '../staff/cases/act.ts';
import { storePhotos } from '../photos/store.ts';
import type { PreparedPhoto } from '../../domain/photos.ts';

const places = placesFromRoster(rosterIndex);

export type StorePatrolResult =
  | { ok: true; created: boolean; id: string; cases: { seq: number; trackingCode: string }[] }
  | { ok: false; status: 400 | 422; errors: FieldError[] };

interface PatrolIdRow {
  id: string;
  payload_hash: string;
}

/** The cases a stored patrol opened, by finding. */
async function casesOf(db: D1Database, patrolId: string): Promise<{ seq: number; trackingCode: string }[]> {
  const rows = await db
    .prepare(
      `SELECT f.seq AS seq, c.tracking_code AS trackingCode FROM patrol_findings f
       JOIN complaints c ON c.id = f.complaint_id WHERE f.patrol_id = ?1 ORDER BY f.seq`,
    )
    .bind(patrolId)
    .all<{ seq: number; trackingCode: string }>();
  return rows.results;
}

/** The patrol already stored under a key, or null. */
async function byKey(db: D1Database, key: string): Promise<PatrolIdRow | null> {
  return db.prepare('SELECT id, payload_hash FROM patrols WHERE idempotency_key = ?1').bind(key).first<PatrolIdRow>();
}

/** The complaint a case finding becomes, validated by the complaint schema like every case. */
function findingComplaints(
  p: PatrolInput,
  townId: string,
  now: Date,
): { inputs: (ComplaintInput | null)[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const inputs = p.findings.map((f, i) => {
    if (f.outcome !== 'case') return null;
    const r = parseComplaint(
      {
        category: f.category,
        placeType: f.placeType,
        townId,
        villageId: p.villageId,
        address: f.address,
        description: f.description,
        anonymous: true,
      },
      places,
      () => now,
    );
    if (r.ok) return r.value;
    errors.push(
      ...r.errors.map((e) => ({ field: `findings.${i}.${e.field}`, message: `第 ${i + 1} 个问题：${e.message}` })),
    );
    return null;
  });
  return { inputs, errors };
}

/**
 * Stores a validated patrol for `caller`, whose grid reach covers `p.villageId` (checked by
 * `parsePatrol`). A resend under the same key returns the first patrol (`created` false); the
 * same key with other content is 422. `photoErrors` (photos refused by the form's check) are
 * reported with every other problem and store nothing.
 * @throws StorageUnavailable when D1 fails.
 */
export async function storePatrol(
  env: { DB: D1Database; PHOTOS: R2Bucket },
  caller: Caller,
  reach: GridReach,
  p: PatrolInput,
  now: Date,
  photos: readonly PreparedPhoto[] = [],
  photoErrors: readonly FieldError[] = [],
): Promise<StorePatrolResult> {
  const db = env.DB;
  const townId = reach.villages.find((v) => v.id === p.villageId)!.townId;
  const hash = await sha256Hex(patrolFingerprint(p));
  const prior = await byKey(db, p.idempotencyKey);
  if (prior) return answerPrior(db, prior, hash);
  const { inputs, errors } = findingComplaints(p, townId, now);
  // The photos' problems are reported with the findings' ones, so the form shows them all at once.
  if (errors.length || photoErrors.length) return { ok: false, status: 400, errors: [...errors, ...photoErrors] };
  const at = now.toISOString();
  const village = reach.villages.find((v) => v.id === p.villageId)!;
  for (let attempt = 0; attempt < 3; attempt++) {
    const id = crypto.randomUUID();
    const complaints: (NewComplaint | null)[] = inputs.map((input) =>
      input
        ? {
            id: crypto.randomUUID(),
            trackingCode: newTrackingCode(),
            input,
            routing: routeProblem(rosterIndex, input)!,
            receivedAt: at,
            ipHash: null,
            channel: 'patrol',
            receivedNote: `网格巡查发现的问题（${village.name}，${p.date}），已登记给区网格办（来源：${CASE_SOURCES.patrol}）`,
            payloadHash: hash,
          }
        : null,
    );
    try {
      // Photo objects go to R2 first, then their rows in the patrol's own batch (functions/photos/store.ts):
      // a resend that loses on the idempotency key deletes the objects it put.
      await storePhotos(env, { kind: 'patrol', id }, photos, now, [
        db
          .prepare(
            `INSERT INTO patrols (id, idempotency_key, payload_hash, person, staff_email, staff_name, town_id, village_id,
               patrol_date, checked, note, finding_count, recorded_at, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)`,
          )
          .bind(
            id,
            p.idempotencyKey,
            hash,
            reach.person,
            caller.email,
            caller.name,
            townId,
            p.villageId,
            p.date,
            JSON.stringify(p.checked),
            p.note,
            p.findings.length,
            p.recordedAt,
            at,
          ),
        ...complaints.flatMap((c) =>
          c
            ? [
                ...insertComplaint(db, c),
                ...openStatements(db, c.id, caller, at, { source: 'patrol', patrol: id, villageId: p.villageId }),
              ]
            : [],
        ),
        ...p.findings.map((f, i) =>
          db
            .prepare(
              `INSERT INTO patrol_findings (patrol_id, seq, category, place_type, address, description, outcome,
                 rectify_note, complaint_id)
               VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)`,
            )
            .bind(
              id,
              i + 1,
              f.category,
              f.placeType,
              f.address,
              f.description,
              f.outcome,
              f.rectifyNote,
              complaints[i]?.id ?? null,
            ),
        ),
      ]);
      return {
        ok: true,
        created: true,
        id,
        cases: complaints.flatMap((c, i) => (c ? [{ seq: i + 1, trackingCode: c.trackingCode }] : [])),
      };
    } catch (e) {
      const again = await byKey(db, p.idempotencyKey).catch(() => null);
      if (again) return answerPrior(db, again, hash);
      if (/UNIQUE constraint failed: complaints\.tracking_code/.test(String(e))) continue;
      throw new StorageUnavailable('storing the patrol failed', { cause: e });
    }
  }
  throw new StorageUnavailable('no unused tracking code after 3 attempts');
}

async function answerPrior(db: D1Database, prior: PatrolIdRow, hash: string): Promise<StorePatrolResult> {
  if (prior.payload_hash !== hash) {
    return {
      ok: false,
      status: 422,
      errors: [{ field: 'idempotencyKey', message: '这个巡查记录编号已用于另一条不同的巡查记录；请刷新页面重新填写' }],
    };
  }
  return { ok: true, created: false, id: prior.id, cases: await casesOf(db, prior.id) };
}
