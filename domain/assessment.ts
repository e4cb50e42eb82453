/**
 * The quarterly assessment of a town's grid (附件5 of the plan): the score of each item, the
 * one-vote veto, bonus and one-off penalties, the grade, the ranking, the annual mean and the
 * interviews the results call for. Pure: the evidence (roster checks, patrols, the case ledger,
 * the office's entries) is gathered elsewhere and passed in as counts and flags.
 *
 * Two readings the plan leaves open are explicit here:
 * - The veto (四(一)): "此项考核评估分值即为0" is read either as the item's score becoming 0
 *   (`'item'`, the default: item 5 has per-case deductions of its own, which only makes sense
 *   if its veto zeroes that item) or as the whole score becoming 0 (`'whole'`). Every result
 *   states the reading it used.
 * - The operation section never goes below 0: a one-off penalty of 60 takes the whole section.
 * The plan sets no ceiling on the bonus beyond its own +10, so a total can exceed 100.
 */
import type { ASSESSMENT_PENALTIES } from './plan.ts';
import { datesFromTo } from './workdays.ts';
import {
  ASSESSMENT_BONUS,
  ASSESSMENT_DUE_DAY,
  ASSESSMENT_GRADES,
  ASSESSMENT_ITEMS,
  INTERVIEW_RULES,
  PATROL_SHORTFALL_POINTS,
} from './plan.ts';

export type VetoReading = 'item' | 'whole';
export type Grade = (typeof ASSESSMENT_GRADES)[number]['grade'] | '不合格';
export type ItemNo = keyof typeof ASSESSMENT_ITEMS;
export type ConstructionItem = 1 | 2 | 3 | 4;
export type Penalty = (typeof ASSESSMENT_PENALTIES)[number];

export interface Quarter {
  year: number;
  quarter: 1 | 2 | 3 | 4;
}

/** One construction item as the office assessed it. */
export interface ConstructionEvidence {
  /** Done as the plan requires; false puts the item under the veto. */
  implemented: boolean;
  /** The office's score when done only in part (0 to the item's points); full points when omitted. */
  score?: number;
  /**
   * Item 2: patrol duties not met in the quarter (domain/patrol-shortfalls.ts); each takes
   * `PATROL_SHORTFALL_POINTS`, the item stopping at 0. Overrides `score`.
   */
  shortfalls?: number;
}

/** What one town's quarter is assessed on. */
export interface QuarterEvidence {
  unitId: string;
  quarter: Quarter;
  construction: Record<ConstructionItem, ConstructionEvidence>;
  /** Item 5: problems found by higher inspection, complaints or media that the grid neither found nor reported. */
  item5: { implemented: boolean; cases: number };
  /** Item 6: problems reported from below not assigned, or not jointly enforced, in time. */
  item6Cases: number;
  /** Item 7: cases handled or rectified inadequately or falsely. */
  item7Cases: number;
  /** Major problems found and handled, approved by the leading group. */
  approvedMajorProblems: number;
  /** One-off penalties: for each problem, every level it meets (only the highest counts). */
  penalties: { problem: string; levels: Penalty[] }[];
  /** 四(三) situations that fail the quarter outright, described. */
  automaticFail: string[];
}

export interface ItemScore {
  item: ItemNo;
  points: number;
  score: number;
  /** Zeroed by the veto (under the 'item' reading) or part of a vetoed whole. */
  vetoed: boolean;
  /** How the score came about, in Chinese, for the report. */
  working: string;
}

export interface QuarterResult {
  unitId: string;
  quarter: Quarter;
  reading: VetoReading;
  items: ItemScore[];
  construction: number;
  /** Items 5–7 before one-off penalties. */
  operationBeforePenalties: number;
  penalty: number;
  operation: number;
  bonus: number;
  total: number;
  grade: Grade;
  /** Items not done as required (1–5). */
  vetoedItems: ItemNo[];
  automaticFail: string[];
}

const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));

/** `2026Q4` → { year: 2026, quarter: 4 }; throws on anything else. */
export function parseQuarter(text: string): Quarter {
  const m = /^(\d{4})Q([1-4])$/.exec(text.trim().toUpperCase());
  if (!m) throw new Error(`季度应写成 YYYYQn，如 2026Q4（收到 ${JSON.stringify(text)}）`);
  return { year: Number(m[1]), quarter: Number(m[2]) as Quarter['quarter'] };
}

export const formatQuarter = (q: Quarter): string => `${q.year}Q${q.quarter}`;

export function nextQuarter(q: Quarter): Quarter {
  return q.quarter === 4
    ? { year: q.year + 1, quarter: 1 }
    : { year: q.year, quarter: (q.quarter + 1) as Quarter['quarter'] };
}

/** The dates (YYYY-MM-DD) in the following quarter's first month by which the self-assessment and the report to the city are due. */
export function assessmentDueDates(q: Quarter): { selfAssessment: string; reportToCity: string } {
  const n = nextQuarter(q);
  const month = String((n.quarter - 1) * 3 + 1).padStart(2, '0');
  const day = (d: number) => `${n.year}-${month}-${String(d).padStart(2, '0')}`;
  return { selfAssessment: day(ASSESSMENT_DUE_DAY.selfAssessment), reportToCity: day(ASSESSMENT_DUE_DAY.reportToCity) };
}

export type AssessmentTask = keyof typeof ASSESSMENT_DUE_DAY;

/** A due date of the quarterly assessment to remind of on a given day. */
export interface AssessmentReminder {
  /** The town's self-assessment to the office, or the office's report to the city. */
  task: AssessmentTask;
  /** The quarter assessed (the one just ended), e.g. `2026Q4`. */
  quarter: string;
  due: string;
  /** `late`: the due date fell on a day off; this is the first working day after it. */
  state: 'ahead' | 'today' | 'late';
}

/**
 * The assessment due dates to remind of on `day` (a working day): in the first month of a
 * quarter, each of the two due dates from the month's first day through the due date, and on
 * the first working day after it when the due date was a day off (a due date on a holiday or
 * a weekend, e.g. 3 October, is still reminded of once). Towns get `selfAssessment`, the
 * office both.
 */
export function assessmentReminders(day: string, isWorkingDay: (date: string) => boolean): AssessmentReminder[] {
  const month = Number(day.slice(5, 7));
  if ((month - 1) % 3 !== 0) return [];
  const current: Quarter = { year: Number(day.slice(0, 4)), quarter: ((month - 1) / 3 + 1) as Quarter['quarter'] };
  const assessed: Quarter =
    current.quarter === 1
      ? { year: current.year - 1, quarter: 4 }
      : { year: current.year, quarter: (current.quarter - 1) as Quarter['quarter'] };
  const dues = assessmentDueDates(assessed);
  const out: AssessmentReminder[] = [];
  for (const task of Object.keys(ASSESSMENT_DUE_DAY) as AssessmentTask[]) {
    const due = dues[task];
    let state: AssessmentReminder['state'] | null = day < due ? 'ahead' : day === due ? 'today' : null;
    // A due date on a day off: once more on the first working day after it.
    const firstWorkingDayAfter = () =>
      datesFromTo(due, day)
        .slice(1, -1)
        .every((d) => !isWorkingDay(d));
    if (state === null && !isWorkingDay(due) && firstWorkingDayAfter()) state = 'late';
    if (state) out.push({ task, quarter: formatQuarter(assessed), due, state });
  }
  return out;
}

/** The grade of a score; a quarter failed outright is 不合格 whatever its score. */
export function gradeOf(score: number, failedOutright = false): Grade {
  if (failedOutright) return '不合格';
  return ASSESSMENT_GRADES.find((g) => score >= g.min)?.grade ?? '不合格';
}

/** `points` less `per` for each of `count` (what is counted, e.g. 起), never below 0, with the working. */
function deduct(points: number, per: number, count: number, what: string): { score: number; working: string } {
  const score = clamp(points - per * count, 0, points);
  return { score, working: `${points} − ${per} × ${count} ${what} = ${score}` };
}

function deduction(item: 5 | 6 | 7, cases: number): { score: number; working: string } {
  const { points, perCase } = ASSESSMENT_ITEMS[item];
  return deduct(points, perCase, cases, '起');
}

/** Scores one town's quarter under the given reading of the veto. */
export function assessQuarter(e: QuarterEvidence, reading: VetoReading = 'item'): QuarterResult {
  const vetoedItems: ItemNo[] = [];
  const items: ItemScore[] = [];
  for (const item of [1, 2, 3, 4] as const) {
    const { points } = ASSESSMENT_ITEMS[item];
    const c = e.construction[item];
    if (!c.implemented) {
      vetoedItems.push(item);
      items.push({ item, points, score: 0, vetoed: true, working: '未按要求落实（一票否决）' });
      continue;
    }
    if (c.shortfalls !== undefined) {
      const d = deduct(points, PATROL_SHORTFALL_POINTS, c.shortfalls, '处巡查未达频次');
      items.push({ item, points, score: d.score, vetoed: false, working: d.working });
      continue;
    }
    const score = clamp(c.score ?? points, 0, points);
    items.push({
      item,
      points,
      score,
      vetoed: false,
      working: c.score === undefined ? '按要求落实' : `评定 ${score} 分`,
    });
  }
  const five = deduction(5, e.item5.cases);
  if (!e.item5.implemented) vetoedItems.push(5);
  items.push({
    item: 5,
    points: ASSESSMENT_ITEMS[5].points,
    score: e.item5.implemented ? five.score : 0,
    vetoed: !e.item5.implemented,
    working: e.item5.implemented ? five.working : '未按要求落实（一票否决）',
  });
  for (const item of [6, 7] as const) {
    const d = deduction(item, item === 6 ? e.item6Cases : e.item7Cases);
    items.push({ item, points: ASSESSMENT_ITEMS[item].points, score: d.score, vetoed: false, working: d.working });
  }

  const sum = (from: number, to: number) =>
    items.filter((i) => i.item >= from && i.item <= to).reduce((a, i) => a + i.score, 0);
  const construction = sum(1, 4);
  const operationBeforePenalties = sum(5, 7);
  const penalty = e.penalties.reduce((a, p) => a + Math.max(0, ...p.levels), 0);
  const operation = Math.max(0, operationBeforePenalties - penalty);
  const bonus = Math.min(ASSESSMENT_BONUS.max, ASSESSMENT_BONUS.perProblem * Math.max(0, e.approvedMajorProblems));
  const wholeVetoed = reading === 'whole' && vetoedItems.length > 0;
  if (wholeVetoed) for (const i of items) i.vetoed = true;
  const total = wholeVetoed ? 0 : construction + operation + bonus;
  return {
    unitId: e.unitId,
    quarter: e.quarter,
    reading,
    items,
    construction,
    operationBeforePenalties,
    penalty,
    operation,
    bonus,
    total,
    grade: gradeOf(total, e.automaticFail.length > 0),
    vetoedItems,
    automaticFail: e.automaticFail,
  };
}

/** Competition ranking by total (equal totals share a rank: 1, 1, 3). */
export function rank(results: readonly QuarterResult[]): { unitId: string; total: number; rank: number }[] {
  const sorted = [...results].sort((a, b) => b.total - a.total || a.unitId.localeCompare(b.unitId));
  return sorted.map((r) => ({
    unitId: r.unitId,
    total: r.total,
    rank: 1 + sorted.filter((o) => o.total > r.total).length,
  }));
}

/** The year's result: the mean of its quarters (provisional until all four are in). */
export function annualResult(quarters: readonly QuarterResult[]): {
  mean: number;
  quarters: number;
  provisional: boolean;
  grade: Grade;
} {
  const mean = quarters.length ? quarters.reduce((a, q) => a + q.total, 0) / quarters.length : 0;
  return { mean, quarters: quarters.length, provisional: quarters.length < 4, grade: gradeOf(mean) };
}

export type Trigger =
  | { kind: 'interview-deputy'; reason: string }
  | { kind: 'interview-principal'; reason: string }
  | { kind: 'special-inspection'; reason: string }
  | { kind: 'accountability'; reason: string };

const isFailed = (r: QuarterResult) => r.grade === '不合格';
const sameQuarter = (a: Quarter, b: Quarter) => a.year === b.year && a.quarter === b.quarter;

/**
 * What the results up to quarter `at` call for (二(三)5–6): one failed quarter → the deputy in
 * charge is interviewed; two failed quarters, or three under 80, in the year → the main leader;
 * two consecutive failed quarters (across a new year too) → a special inspection; a failed year
 * (all four quarters in) → referral for accountability. `history` is one town's results.
 */
export function triggersAt(history: readonly QuarterResult[], at: Quarter): Trigger[] {
  const current = history.find((r) => sameQuarter(r.quarter, at));
  if (!current) return [];
  const year = history.filter((r) => r.quarter.year === at.year && r.quarter.quarter <= at.quarter);
  const out: Trigger[] = [];
  if (isFailed(current)) out.push({ kind: 'interview-deputy', reason: `${formatQuarter(at)} 考核不合格` });
  const failed = year.filter(isFailed).length;
  const low = year.filter((r) => r.total < INTERVIEW_RULES.lowScore).length;
  if (isFailed(current) && failed >= INTERVIEW_RULES.failedForPrincipal) {
    out.push({ kind: 'interview-principal', reason: `${at.year} 年已有 ${failed} 个季度考核不合格` });
  } else if (current.total < INTERVIEW_RULES.lowScore && low >= INTERVIEW_RULES.lowForPrincipal) {
    out.push({
      kind: 'interview-principal',
      reason: `${at.year} 年已有 ${low} 个季度低于 ${INTERVIEW_RULES.lowScore} 分`,
    });
  }
  let run = 0;
  for (let q = at; ;) {
    const r = history.find((h) => sameQuarter(h.quarter, q));
    if (!r || !isFailed(r)) break;
    run++;
    q =
      q.quarter === 1
        ? { year: q.year - 1, quarter: 4 }
        : { year: q.year, quarter: (q.quarter - 1) as Quarter['quarter'] };
  }
  if (run >= INTERVIEW_RULES.consecutiveForInspection) {
    out.push({ kind: 'special-inspection', reason: `连续 ${run} 个季度考核不合格` });
  }
  if (at.quarter === 4 && year.length === 4) {
    const annual = annualResult(year);
    if (annual.grade === '不合格') {
      out.push({ kind: 'accountability', reason: `${at.year} 年度平均 ${annual.mean.toFixed(1)} 分，不合格` });
    }
  }
  return out;
}
