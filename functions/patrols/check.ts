/**
 * The plan's patrol frequencies for one week or month, read from the patrol log: the same
 * result for `npm run patrols:check`, `/api/staff/patrols/check` and the office overview. The
 * rules are domain/patrols.ts `checkPatrols`; this module fetches the records and words the rows.
 */
import { checkPatrols, type Period, type PatrolRecord, type PatrolRow } from '../../domain/patrols.ts';
import { patrolDuties } from '../../domain/grid-scope.ts';
import type { Roster } from '../../domain/roster/schema.ts';
import { PATROL_RECORDS_SQL } from './queries.ts';
import type { Query } from '../d1-query.ts';

/** What a check reports: every duty's row, and those below the minimum. */
export interface PatrolCheck {
  period: Period;
  today: string;
  rows: PatrolRow[];
  below: PatrolRow[];
}

/** Checks every duty of the roster in `period`, counting the days up to `today`. */
export async function checkPeriod(all: Query, roster: Roster, period: Period, today: string): Promise<PatrolCheck> {
  const records = await all<PatrolRecord>(PATROL_RECORDS_SQL, [period.from, period.to]);
  const rows = checkPatrols(patrolDuties(roster), records, period, today);
  return { period, today, rows, below: rows.filter((r) => !r.met) };
}

const LEVELS = {
  district: '一级网格长（每月每镇）',
  subLeader: '二级分网格长（每周每村）',
  village: '村（居）每日巡查',
} as const;

/** The place of a row in words: `新苑社区`, `新苑社区 · 2026-09-28 起一周`, `街道办事处`. */
export function placeName(roster: Roster, row: PatrolRow): string {
  const [id, week] = row.place.split(' · ');
  const name =
    row.level === 'district'
      ? roster.towns.find((t) => t.id === id)?.name
      : roster.villages.find((v) => v.id === id)?.name;
  return [name ?? id, week].filter(Boolean).join(' · ');
}

/** One row as a line of the report, with the numbers. */
export function rowLine(roster: Roster, row: PatrolRow): string {
  const who = row.level === 'village' ? placeName(roster, row) : `${row.name} · ${placeName(roster, row)}`;
  const days = row.missedDays?.length ? `；未巡查的日子：${row.missedDays.join('、')}` : '';
  return `${LEVELS[row.level]}  ${who}：应 ${row.need} 次，实际 ${row.actual} 次${days}`;
}
