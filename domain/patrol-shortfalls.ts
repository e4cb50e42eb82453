/**
 * 附件5 item 2 from the patrol log: the plan's patrol minimums (domain/patrols.ts
 * `checkPatrols`, the same rule `npm run patrols:check` applies) judged over a quarter, one
 * shortfall per duty not met in its unit of time, attributed to a town. Pure: the roster's
 * duties, the records and the day it is counted come in.
 *
 * Units of time over a quarter: each calendar month of the quarter (district leaders), and
 * each ISO week whose Thursday falls in the quarter (分网格长 and village daily patrols) — the
 * ISO rule for which year a week belongs to, so every week is judged in exactly one quarter and
 * a week crossing the quarter's edge is judged whole. Only finished months and weeks count.
 */
import {
  checkPatrols,
  isoWeekOf,
  parsePeriod,
  type PatrolDuties,
  type PatrolRecord,
  type PatrolRow,
} from './patrols.ts';

/** One duty not met: where it belongs, when, and the row with its numbers. */
export interface PatrolShortfall {
  townId: string;
  /** `2026-W40` or `2026-10`. */
  when: string;
  row: PatrolRow;
}

/** Which town each duty belongs to: villages by id, 分网格长 by roster id. */
export interface DutyTowns {
  villages: Record<string, string>;
  subLeaders: Record<string, string>;
}

export interface QuarterPatrolCheck {
  /** The days the records must cover: the Monday of the first week to the Sunday of the last. */
  from: string;
  to: string;
  /** The weeks and months judged (finished by `today`). */
  weeks: string[];
  months: string[];
  shortfalls: PatrolShortfall[];
}

const DAY_MS = 86_400_000;
const utc = (date: string) => Date.parse(`${date}T00:00:00Z`);
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The ISO weeks whose Thursday lies in `from`–`to`, as `{ label, monday, sunday }`. */
export function quarterWeeks(from: string, to: string): { label: string; monday: string; sunday: string }[] {
  let thursday = utc(from);
  while (new Date(thursday).getUTCDay() !== 4) thursday += DAY_MS;
  const out = [];
  for (; thursday <= utc(to); thursday += 7 * DAY_MS) {
    const monday = iso(thursday - 3 * DAY_MS);
    const { year, week } = isoWeekOf(monday);
    out.push({ label: `${year}-W${String(week).padStart(2, '0')}`, monday, sunday: iso(thursday + 3 * DAY_MS) });
  }
  return out;
}

/** The records' date range a quarter's check needs (its weeks may start before it or end after it). */
export function quarterPatrolRange(from: string, to: string): { from: string; to: string } {
  const weeks = quarterWeeks(from, to);
  return {
    from: weeks[0] && weeks[0].monday < from ? weeks[0].monday : from,
    to: weeks.at(-1) && weeks.at(-1)!.sunday > to ? weeks.at(-1)!.sunday : to,
  };
}

/**
 * Every patrol duty of the quarter `from`–`to` (its first and last day) not met, counting the
 * weeks and months finished by `today`. A duty whose town is unknown (a roster that names a
 * village nowhere) is left out rather than charged to a wrong town.
 */
export function quarterPatrolShortfalls(
  duties: PatrolDuties,
  towns: DutyTowns,
  records: readonly PatrolRecord[],
  from: string,
  to: string,
  today: string,
): QuarterPatrolCheck {
  const range = quarterPatrolRange(from, to);
  const shortfalls: PatrolShortfall[] = [];
  const townOf = (row: PatrolRow): string | undefined =>
    row.level === 'district'
      ? row.place
      : row.level === 'subLeader'
        ? towns.subLeaders[row.person ?? '']
        : towns.villages[row.place];
  const add = (when: string, rows: PatrolRow[]) => {
    for (const row of rows) {
      const townId = townOf(row);
      if (!row.met && townId) shortfalls.push({ townId, when, row });
    }
  };

  const weeks = quarterWeeks(from, to).filter((w) => w.sunday <= today);
  for (const w of weeks) {
    add(w.label, checkPatrols({ ...duties, districtLeaders: [] }, records, parsePeriod(w.label), today));
  }
  const months: string[] = [];
  for (let m = utc(from); m <= utc(to); m = Date.UTC(new Date(m).getUTCFullYear(), new Date(m).getUTCMonth() + 1, 1)) {
    const period = parsePeriod(iso(m).slice(0, 7));
    if (period.to > today) continue;
    months.push(period.label);
    add(
      period.label,
      checkPatrols({ districtLeaders: duties.districtLeaders, subLeaders: [], villages: [] }, records, period, today),
    );
  }
  return { ...range, weeks: weeks.map((w) => w.label), months, shortfalls };
}

/**
 * Records whose patrolling person looks like a roster id (not a staff email: village
 * supervisors record under their email) but is no district leader or 分网格长 of the roster in
 * force — someone since removed or renamed. Their patrols still count for the village's daily
 * patrol; they cannot meet a current holder's duty. Counted per person and town.
 */
export function recordsOutsideRoster(
  duties: PatrolDuties,
  records: readonly PatrolRecord[],
): { person: string; townId: string; count: number }[] {
  const known = new Set([...duties.districtLeaders, ...duties.subLeaders].map((d) => d.person));
  const counts = new Map<string, { person: string; townId: string; count: number }>();
  for (const r of records) {
    if (r.person.includes('@') || known.has(r.person)) continue;
    const key = `${r.townId}\u0000${r.person}`;
    const c = counts.get(key) ?? { person: r.person, townId: r.townId, count: 0 };
    c.count++;
    counts.set(key, c);
  }
  return [...counts.values()];
}
