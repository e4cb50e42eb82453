/**
 * Patrol records for the 巡查清单 and assessment item 2, through one small interface: the
 * patrol log's own query (functions/patrols/queries.ts, migration 0014) and the patrol check's
 * own rule (domain/patrols.ts `checkPatrols`), so the assessment counts exactly what
 * `npm run patrols:check` counts.
 */
import type { StatsPeriod } from '../../domain/statistics.ts';
import type { PatrolRecord } from '../../domain/patrols.ts';
import { quarterPatrolRange, quarterPatrolShortfalls, recordsOutsideRoster } from '../../domain/patrol-shortfalls.ts';
import { patrolDuties } from '../../domain/grid-scope.ts';
import { PATROL_SHORTFALL_POINTS } from '../../domain/plan.ts';
import type { Roster } from '../../domain/roster/schema.ts';
import { PATROL_RECORDS_SQL } from '../patrols/queries.ts';
import { rowLine } from '../patrols/check.ts';
import type { Query } from './figures.ts';

export interface PatrolEvidence {
  /** Whether any patrol was recorded in the period. */
  available: boolean;
  records: PatrolRecord[];
  /** What the evidence rests on, in Chinese, for the ledger and the assessment report. */
  note: string;
}

/** The period's patrol records, with a note saying how many there are. */
export async function patrolRecords(q: Query, period: StatsPeriod): Promise<PatrolEvidence> {
  const records = await q<PatrolRecord>(PATROL_RECORDS_SQL, [period.from, period.to]);
  return {
    available: records.length > 0,
    records,
    note: records.length
      ? `${period.from} 至 ${period.to} 巡查记录 ${records.length} 条`
      : `${period.from} 至 ${period.to} 没有巡查记录`,
  };
}

/** Item 2's patrol evidence for one town: the shortfalls, and each in words. */
export interface TownPatrolEvidence {
  shortfalls: number;
  lines: string[];
}

/** Item 2 over a quarter, per town; `judged` false when the quarter has no patrol record at all. */
export interface PatrolAssessment {
  judged: boolean;
  note: string;
  towns: Record<string, TownPatrolEvidence>;
}

/**
 * The quarter's patrol shortfalls per town (domain/patrol-shortfalls.ts), judged against the
 * roster in force, counting the weeks and months finished by `today`. With no record at all in
 * the quarter the log was not in use and the frequencies are not scored (the note says so).
 */
export async function patrolAssessment(
  q: Query,
  roster: Roster,
  period: StatsPeriod,
  today: string,
): Promise<PatrolAssessment> {
  const range = quarterPatrolRange(period.from, period.to);
  const records = await q<PatrolRecord>(PATROL_RECORDS_SQL, [range.from, range.to]);
  const towns: Record<string, TownPatrolEvidence> = Object.fromEntries(
    roster.towns.map((t) => [t.id, { shortfalls: 0, lines: [] as string[] }]),
  );
  if (records.length === 0) {
    return { judged: false, note: `${range.from} 至 ${range.to} 没有巡查记录，巡查频次本季度不计分`, towns };
  }
  const duties = patrolDuties(roster);
  const dutyTowns = {
    villages: Object.fromEntries(roster.villages.map((v) => [v.id, v.town])),
    subLeaders: Object.fromEntries(roster.towns.flatMap((t) => t.subLeaders.map((s) => [s.id, t.id]))),
  };
  const check = quarterPatrolShortfalls(duties, dutyTowns, records, period.from, period.to, today);
  for (const s of check.shortfalls) {
    const t = towns[s.townId];
    if (!t) continue;
    t.shortfalls++;
    t.lines.push(`${s.when} ${rowLine(roster, s.row)}`);
  }
  for (const o of recordsOutsideRoster(duties, records)) {
    towns[o.townId]?.lines.push(
      `巡查人 ${o.person} 不在现行名册中：其 ${o.count} 条记录只计入村（居）每日巡查，不计入网格长、分网格长的频次`,
    );
  }
  const judged = [...check.weeks, ...check.months];
  return {
    judged: true,
    note: judged.length
      ? `${range.from} 至 ${range.to} 巡查记录 ${records.length} 条；已评定 ${check.weeks.length} 周、${check.months.length} 个月，每处未达频次扣 ${PATROL_SHORTFALL_POINTS} 分`
      : `${range.from} 至 ${range.to} 巡查记录 ${records.length} 条；尚无已结束的周或月，巡查频次暂不扣分`,
    towns,
  };
}
