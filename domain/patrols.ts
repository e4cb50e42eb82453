/**
 * The plan's patrol frequencies (二(二)1, 附件5 item 2) checked against patrol records for one
 * period: each district leader's town in a month, each 二级分网格长's villages in an ISO week,
 * each village's days. Pure: records and duties come in, one row per duty comes out, with the
 * numbers, so `patrols:check`, the office overview and the assessment read the same result.
 */
import { PATROL_MINIMUMS } from './plan.ts';

/** A period to check: an ISO week (`2026-W49`) or a calendar month (`2026-12`). */
export interface Period {
  kind: 'week' | 'month';
  label: string;
  /** First and last day, `YYYY-MM-DD`, inclusive. */
  from: string;
  to: string;
}

/** One patrol as recorded: who, where, on which day (Beijing date). */
export interface PatrolRecord {
  /** The patrolling person's key (a roster id, or a staff email). */
  person: string;
  townId: string;
  villageId: string | null;
  date: string;
}

/** Who must patrol where, taken from the roster. */
export interface PatrolDuties {
  districtLeaders: { person: string; name: string; towns: string[] }[];
  subLeaders: { person: string; name: string; villages: string[] }[];
  villages: { id: string; name: string }[];
}

export interface PatrolRow {
  level: 'district' | 'subLeader' | 'village';
  person: string | null;
  name: string;
  place: string;
  need: number;
  actual: number;
  met: boolean;
  /** Village rows: the days without any patrol. */
  missedDays?: string[];
}

const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const utc = (date: string) => Date.parse(`${date}T00:00:00Z`);

/** Parses `2026-W49` (ISO 8601 week, Monday first) or `2026-12`; throws a Chinese message otherwise. */
export function parsePeriod(text: string): Period {
  const week = /^(\d{4})-W(\d{2})$/.exec(text.trim());
  if (week) {
    const year = Number(week[1]);
    const n = Number(week[2]);
    // Week 1 holds 4 January; its Monday starts the ISO year.
    const jan4 = utc(`${year}-01-04`);
    const monday1 = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY_MS;
    const from = monday1 + (n - 1) * 7 * DAY_MS;
    const weeksInYear = isoWeekOf(iso(utc(`${year}-12-28`))).week;
    if (n < 1 || n > weeksInYear) throw new Error(`${year} 年只有 ${weeksInYear} 周（收到 ${text}）`);
    return { kind: 'week', label: text.trim(), from: iso(from), to: iso(from + 6 * DAY_MS) };
  }
  const month = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(text.trim());
  if (month) {
    const from = `${month[1]}-${month[2]}-01`;
    const next = new Date(utc(from));
    next.setUTCMonth(next.getUTCMonth() + 1);
    return { kind: 'month', label: text.trim(), from, to: iso(next.getTime() - DAY_MS) };
  }
  throw new Error(`时段应写成 ISO 周（如 2026-W49）或月份（如 2026-12），收到 ${JSON.stringify(text)}`);
}

/** The ISO week of a date: `{ year, week }` (the ISO year can differ from the calendar year). */
export function isoWeekOf(date: string): { year: number; week: number } {
  const d = utc(date);
  const thursday = d + (3 - ((new Date(d).getUTCDay() + 6) % 7)) * DAY_MS;
  const year = new Date(thursday).getUTCFullYear();
  return { year, week: 1 + Math.floor((thursday - utc(`${year}-01-01`)) / (7 * DAY_MS)) };
}

/** The weeks (Monday dates) that lie wholly inside the period: a month's partial weeks are not judged. */
function wholeWeeks(p: Period): string[] {
  const out: string[] = [];
  let d = utc(p.from);
  while ((new Date(d).getUTCDay() + 6) % 7 !== 0) d += DAY_MS;
  for (; d + 6 * DAY_MS <= utc(p.to); d += 7 * DAY_MS) out.push(iso(d));
  return out;
}

/**
 * Checks every duty in `period`, counting only days up to `today` (a period still running is
 * judged on the days that have passed; the rest of a week or month is not yet due).
 */
export function checkPatrols(
  duties: PatrolDuties,
  records: readonly PatrolRecord[],
  period: Period,
  today: string,
): PatrolRow[] {
  const inPeriod = records.filter((r) => r.date >= period.from && r.date <= period.to && r.date <= today);
  const rows: PatrolRow[] = [];
  const finished = today >= period.to;

  if (period.kind === 'month' && finished) {
    for (const l of duties.districtLeaders) {
      for (const town of l.towns) {
        const actual = inPeriod.filter((r) => r.person === l.person && r.townId === town).length;
        const need = PATROL_MINIMUMS.districtPerTownPerMonth;
        rows.push({
          level: 'district',
          person: l.person,
          name: l.name,
          place: town,
          need,
          actual,
          met: actual >= need,
        });
      }
    }
  }

  const weeks =
    period.kind === 'week'
      ? finished
        ? [period.from]
        : []
      : wholeWeeks(period).filter((w) => iso(utc(w) + 6 * DAY_MS) <= today);
  for (const s of duties.subLeaders) {
    for (const village of s.villages) {
      for (const monday of weeks) {
        const sunday = iso(utc(monday) + 6 * DAY_MS);
        const actual = inPeriod.filter(
          (r) => r.person === s.person && r.villageId === village && r.date >= monday && r.date <= sunday,
        ).length;
        const need = PATROL_MINIMUMS.subLeaderPerVillagePerWeek;
        const place = weeks.length > 1 ? `${village} · ${monday} 起一周` : village;
        rows.push({ level: 'subLeader', person: s.person, name: s.name, place, need, actual, met: actual >= need });
      }
    }
  }

  const last = today < period.to ? today : period.to;
  const days: string[] = [];
  for (let d = utc(period.from); d <= utc(last); d += DAY_MS) days.push(iso(d));
  for (const v of duties.villages) {
    const patrolled = new Set(inPeriod.filter((r) => r.villageId === v.id).map((r) => r.date));
    const missedDays = days.filter((d) => !patrolled.has(d));
    const need = days.length * PATROL_MINIMUMS.villagePerDay;
    const actual = days.length - missedDays.length;
    rows.push({
      level: 'village',
      person: null,
      name: v.name,
      place: v.id,
      need,
      actual,
      met: missedDays.length === 0,
      missedDays,
    });
  }
  return rows;
}
