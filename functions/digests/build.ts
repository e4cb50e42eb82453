/**
 * What one digest run writes, as one D1 batch: the run's row in
 * `digest_runs` first (its primary key (kind, day) makes an overlapping or
 * repeated run fail and roll back whole), then each body's digest with one
 * delivery per channel, and for the overdue run a 催办 step (and at the second
 * one a 督办 step) on every overdue case's ledger (migrations/0012).
 */
import { rosterWorkCalendar } from '../../domain/roster/current.ts';
import { runningClocks, type Clock } from '../../domain/cases/clocks.ts';
import {
  bodiesToAct,
  escalatesNow,
  todoSection,
  type DigestBody,
  type DigestKind,
  type TodoSection,
} from '../../domain/cases/digest.ts';
import { CASE_COLUMNS, CASE_FROM, clockInputOf, coHandlersOf, type CaseRow } from '../staff/cases/record.ts';
import { DIGEST_OUTBOX, enqueueStatements } from '../forwarding/store.ts';
import { channelsOf, type DigestConfig } from './config.ts';

/** One case in a digest, as stored in `digests.items`: ids and clock facts only, never citizen text. */
export interface DigestItem {
  /** complaints.id */
  c: string;
  s: TodoSection;
  /** The clock that put it there: its kind, due day and working days overdue. */
  k: Clock['kind'] | null;
  due: string | null;
  late: number;
}

const SECTION_ORDER: Record<TodoSection, number> = { overdue: 0, due_today: 1, new: 2 };

/** The actor the ledger records for steps the system takes (not a directory member). */
export const SYSTEM_ACTOR = { email: 'system', name: 'EnvGrid 系统（逾期督促）', role: 'system' } as const;

/** The open cases with their running clocks at `now`. */
async function openCases(db: D1Database, now: Date, cutoff: string) {
  const { results } = await db
    .prepare(
      `SELECT ${CASE_COLUMNS} FROM ${CASE_FROM}
       WHERE k.state NOT IN ('closed', 'rejected', 'merged') ORDER BY c.received_at`,
    )
    .all<CaseRow>();
  return results.map((row) => ({ row, clocks: runningClocks(clockInputOf(row), now, rosterWorkCalendar, cutoff) }));
}

const itemOf = (row: CaseRow, section: TodoSection, clock: Clock | null): DigestItem => ({
  c: row.id,
  s: section,
  k: clock?.kind ?? null,
  due: clock?.due ?? null,
  late: clock?.overdueWorkingDays ?? 0,
});

const byUrgency = (a: DigestItem, b: DigestItem) =>
  SECTION_ORDER[a.s] - SECTION_ORDER[b.s] || (a.due ?? '9').localeCompare(b.due ?? '9');

export interface PlannedRun {
  kind: DigestKind;
  day: string;
  /** Digests per body, items most urgent first (only bodies with something in them). */
  digests: Map<DigestBody, DigestItem[]>;
  /** Overdue cases to urge (overdue run only). */
  urge: { row: CaseRow; clock: Clock }[];
  /**
   * Bodies with a reminder in their to-do digest (roster publication limits, assessment due
   * dates): their digest is made even with no case in it.
   */
  reminded: ReadonlySet<DigestBody>;
}

/** Works out a run from the open cases at `now`. */
export async function planRun(
  db: D1Database,
  kind: DigestKind,
  day: string,
  now: Date,
  cutoff: string,
  reminded: ReadonlySet<DigestBody> = new Set(),
): Promise<PlannedRun> {
  const digests = new Map<DigestBody, DigestItem[]>();
  const urge: PlannedRun['urge'] = [];
  for (const { row, clocks } of await openCases(db, now, cutoff)) {
    if (kind === 'overdue') {
      const late = clocks.find((k) => k.overdue);
      if (!late) continue;
      urge.push({ row, clock: late });
      digests.set('office', [...(digests.get('office') ?? []), itemOf(row, 'overdue', late)]);
      continue;
    }
    const { section, clock } = todoSection(clocks, day);
    const view = { state: row.state, lead: row.lead, coHandlers: coHandlersOf(row) };
    for (const body of bodiesToAct(view))
      digests.set(body, [...(digests.get(body) ?? []), itemOf(row, section, clock)]);
  }
  for (const items of digests.values()) items.sort(byUrgency);
  const remind = kind === 'todo' ? reminded : new Set<DigestBody>();
  for (const body of remind) if (!digests.has(body)) digests.set(body, []);
  return { kind, day, digests, urge, reminded: remind };
}

/** The id of a body's digest of one kind on one day: the per-body-per-day key. */
export const digestId = (kind: DigestKind, day: string, body: DigestBody) => `${kind}:${day}:${body}`;

/** The 催办 step (and the 督办 step it may bring) for one overdue case, guarded by the version read. */
function urgeStatements(db: D1Database, u: PlannedRun['urge'][number], at: string, id: string): D1PreparedStatement[] {
  const { row, clock } = u;
  const n = row.urge_count + 1;
  const details = JSON.stringify({
    digest: id,
    clock: clock.kind,
    due: clock.due,
    overdueWorkingDays: clock.overdueWorkingDays,
    urge: n,
  });
  const note = `逾期催办（第 ${n} 次）：${clock.label}应于 ${clock.due} 完成，已逾期 ${clock.overdueWorkingDays} 个工作日`;
  // The ledger row takes seq = version + 1 only if nobody acted since the read; the update then moves the version on.
  const step = (action: 'urge' | 'supervise', version: number, internal: string) => [
    db
      .prepare(
        `INSERT INTO case_actions (complaint_id, seq, action, at, actor_email, actor_name, actor_role, actor_scope,
           from_state, to_state, internal_note, public_note, details)
         SELECT complaint_id, version + 1, ?3, ?4, ?5, ?6, ?7, NULL, state, state, ?8, NULL, ?9
           FROM cases WHERE complaint_id = ?1 AND version = ?2`,
      )
      .bind(row.id, version, action, at, SYSTEM_ACTOR.email, SYSTEM_ACTOR.name, SYSTEM_ACTOR.role, internal, details),
    db
      .prepare(
        `UPDATE cases SET version = version + 1,
           urge_count = urge_count + (?3 = 'urge'), supervised_at = CASE WHEN ?3 = 'supervise' THEN ?4 ELSE supervised_at END
         WHERE complaint_id = ?1 AND version = ?2`,
      )
      .bind(row.id, version, action, at),
  ];
  const out = step('urge', row.version, note);
  if (escalatesNow(n, row.supervised_at !== null)) {
    out.push(...step('supervise', row.version + 1, `经 ${n} 次催办仍逾期，转为督办，请区网格办跟踪督促`));
  }
  return out;
}

/** The statements of a planned run, to run as one batch; and the ids of the digests it queues. */
export function runStatements(
  db: D1Database,
  plan: PlannedRun,
  cfg: DigestConfig,
  now: Date,
): { statements: D1PreparedStatement[]; digestIds: string[] } {
  const at = now.toISOString();
  const body: D1PreparedStatement[] = [];
  const digestIds: string[] = [];
  for (const [who, items] of plan.digests) {
    const channels = channelsOf(cfg.bodies.get(who));
    if (channels.length === 0 || (items.length === 0 && !plan.reminded.has(who))) continue;
    const id = digestId(plan.kind, plan.day, who);
    digestIds.push(id);
    body.push(
      db
        .prepare('INSERT INTO digests (id, kind, day, body, created_at, items) VALUES (?1, ?2, ?3, ?4, ?5, ?6)')
        .bind(id, plan.kind, plan.day, who, at, JSON.stringify(items)),
      ...enqueueStatements(db, id, channels, at, DIGEST_OUTBOX),
    );
  }
  const officeDigest = digestId(plan.kind, plan.day, 'office');
  for (const u of plan.urge) body.push(...urgeStatements(db, u, at, officeDigest));
  const run = db
    .prepare('INSERT INTO digest_runs (kind, day, created_at, digests, urged) VALUES (?1, ?2, ?3, ?4, ?5)')
    .bind(plan.kind, plan.day, at, digestIds.length, plan.urge.length);
  return { statements: [run, ...body], digestIds };
}
