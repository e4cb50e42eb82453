/**
 * The quarterly assessment (附件5) from evidence: items 1–4 from the roster checks
 * (domain/roster/assess.ts), item 2 also from the patrol records' shortfalls (patrols.ts), items 5–7 from the shared
 * figures (figures.ts), bonus, penalties and outright failures from the office's entries
 * (0015). Scoring itself is domain/assessment.ts; this module only gathers and lists the
 * evidence, for towns and for departments (docs/statistics.md gives the readings).
 */
import {
  annualResult,
  assessQuarter,
  assessmentDueDates,
  formatQuarter,
  parseQuarter,
  rank,
  triggersAt,
  type ConstructionItem,
  type Penalty,
  type Quarter,
  type QuarterEvidence,
  type QuarterResult,
  type Trigger,
  type VetoReading,
} from '../../domain/assessment.ts';
import { gridChecksOf } from '../../domain/roster/assess.ts';
import type { RosterIndex } from '../../domain/roster/query.ts';
import { quarterPeriod } from '../../domain/statistics.ts';
import { computeFigures, type FigureContext, type Figures, type Query } from './figures.ts';
import { patrolAssessment, type PatrolAssessment } from './patrols.ts';

/** An office entry of assessment_entries (as the reports read it: corrections applied). */
export interface AssessmentEntry {
  id: number;
  quarter: string;
  unit: string;
  kind: 'bonus' | 'penalty' | 'fail';
  problem: string;
  level: Penalty | null;
  evidence: string;
  approved: number;
  enteredBy: string;
  enteredAt: string;
  /** The entry this one corrects, and why (0020); null for a first version. */
  supersedes: number | null;
  reason: string | null;
  /** The entry that corrects this one; null for the version in force. */
  supersededBy: number | null;
}

/** One unit's quarter: the scoring input, and the evidence in words for the report. */
export interface UnitEvidence {
  evidence: QuarterEvidence;
  notes: Record<string, string[]>;
}

function entriesFor(entries: AssessmentEntry[], unit: string) {
  const own = entries.filter((e) => e.unit === unit);
  const penalties = new Map<string, Penalty[]>();
  for (const e of own.filter((x) => x.kind === 'penalty')) {
    penalties.set(e.problem, [...(penalties.get(e.problem) ?? []), e.level!]);
  }
  return {
    approvedMajorProblems: own.filter((e) => e.kind === 'bonus' && e.approved).length,
    penalties: [...penalties].map(([problem, levels]) => ({ problem, levels })),
    fails: own.filter((e) => e.kind === 'fail').map((e) => `${e.problem}（${e.evidence}）`),
    notes: own.map((e) =>
      e.kind === 'bonus'
        ? `加分：${e.problem}（${e.approved ? '已批准' : '待领导小组批准，未计分'}；${e.evidence}）`
        : e.kind === 'penalty'
          ? `扣 ${e.level} 分：${e.problem}（${e.evidence}）`
          : `直接不及格：${e.problem}（${e.evidence}）`,
    ),
  };
}

/** Each town's evidence for one quarter. */
export function townEvidence(
  index: RosterIndex,
  quarter: Quarter,
  f: Figures,
  patrols: PatrolAssessment,
  entries: AssessmentEntry[],
): UnitEvidence[] {
  const departments = index.roster.departments.length;
  const summary = gridChecksOf(index.roster);
  return index.roster.towns.map((town) => {
    const townId = town.id;
    const notes: Record<string, string[]> = {};
    const construction = {} as QuarterEvidence['construction'];
    for (const item of [1, 2, 4] as const) {
      const { checked, unmet } = summary[townId]?.[item] ?? { checked: 0, unmet: [] };
      construction[item] = { implemented: unmet.length === 0 };
      notes[item] = unmet.length ? [...unmet] : [`名册核对 ${checked} 项均达标`];
    }
    notes[2]!.push(patrols.note);
    const patrolled = patrols.towns[townId];
    if (patrols.judged && patrolled) {
      construction[2].shortfalls = patrolled.shortfalls;
      notes[2]!.push(...patrolled.lines);
    }
    construction[3 as ConstructionItem] = { implemented: true };
    notes[3] = [`${departments} 个部门均已公布环境监管责任清单（名册校验要求每个部门至少一条职责）`];
    const t = f.towns.find((x) => x.town === townId);
    const u = f.units.find((x) => x.unit === `town:${townId}`);
    const item5 = t?.notFoundByGrid ?? 0;
    const item6 = u?.acceptedLate ?? 0;
    const item7 = u?.recheckFailedCases ?? 0;
    notes[5] = [`本季度辖区内非网格巡查发现的问题 ${item5} 件（不含不予受理和并单）`];
    notes[6] = [`交办后未在当日签收的案件 ${item6} 件`];
    notes[7] = [`复核未通过的案件 ${item7} 件`];
    const e = entriesFor(entries, `town:${townId}`);
    const automaticFail = [...e.fails];
    if (t && t.repeatUnresolved > 0) automaticFail.push(`${t.repeatUnresolved} 个问题被举报三次以上仍未解决`);
    notes.entries = e.notes;
    return {
      notes,
      evidence: {
        unitId: `town:${townId}`,
        quarter,
        construction,
        item5: { implemented: true, cases: item5 },
        item6Cases: item6,
        item7Cases: item7,
        approvedMajorProblems: e.approvedMajorProblems,
        penalties: e.penalties,
        automaticFail,
      },
    };
  });
}

/**
 * Each department's evidence (附件5 二): only what applies to a department is assessed — its
 * duty list (item 3), assigned cases handled on time (item 6: first feedback after the
 * deadline or none by it, and late acceptance) and re-check results (item 7). Items 1, 2, 4
 * and 5 concern a town's grid and count as met (不适用), so department totals are comparable
 * among departments, not with towns.
 */
export function departmentEvidence(
  index: RosterIndex,
  quarter: Quarter,
  f: Figures,
  entries: AssessmentEntry[],
): UnitEvidence[] {
  return index.roster.departments.map((d) => {
    const unit = `department:${d.id}`;
    const u = f.units.find((x) => x.unit === unit);
    const late = (u?.feedbackLate ?? 0) + (u?.acceptedLate ?? 0);
    const failed = u?.recheckFailedCases ?? 0;
    const e = entriesFor(entries, unit);
    const na = ['不适用于部门，按满分计'];
    return {
      notes: {
        1: na,
        2: na,
        3: [`已公布环境监管责任清单 ${d.duties.length} 条`],
        4: na,
        5: na,
        6: [
          `牵头承办 ${u?.assigned ?? 0} 件：未按期反馈 ${u?.feedbackLate ?? 0} 件，未当日签收 ${u?.acceptedLate ?? 0} 件`,
        ],
        7: [`复核未通过的案件 ${failed} 件`],
        entries: e.notes,
      },
      evidence: {
        unitId: unit,
        quarter,
        construction: {
          1: { implemented: true },
          2: { implemented: true },
          3: { implemented: d.duties.length > 0 },
          4: { implemented: true },
        },
        item5: { implemented: true, cases: 0 },
        item6Cases: late,
        item7Cases: failed,
        approvedMajorProblems: e.approvedMajorProblems,
        penalties: e.penalties,
        automaticFail: e.fails,
      },
    };
  });
}

const ENTRY_SELECT = `SELECT e.id, e.quarter, e.unit, e.kind, e.problem, e.level, e.evidence, e.approved,
    e.entered_by AS enteredBy, e.entered_at AS enteredAt, e.supersedes, e.reason,
    (SELECT s.id FROM assessment_entries s WHERE s.supersedes = e.id) AS supersededBy
  FROM assessment_entries e`;

/** The office's entries of a quarter, a superseded entry left out. */
export function assessmentEntries(q: Query, quarter: string): Promise<AssessmentEntry[]> {
  return q<AssessmentEntry>(
    `${ENTRY_SELECT}
     WHERE e.quarter = ?1 AND e.id NOT IN (SELECT supersedes FROM assessment_entries WHERE supersedes IS NOT NULL)
     ORDER BY e.id`,
    [quarter],
  );
}

/** Every version of the quarter's entries, superseded ones included, in order of entry. */
export function assessmentEntryHistory(q: Query, quarter: string): Promise<AssessmentEntry[]> {
  return q<AssessmentEntry>(`${ENTRY_SELECT} WHERE e.quarter = ?1 ORDER BY e.id`, [quarter]);
}

/** One entry by id (any version), or undefined. */
export async function assessmentEntryById(q: Query, id: number): Promise<AssessmentEntry | undefined> {
  return (await q<AssessmentEntry>(`${ENTRY_SELECT} WHERE e.id = CAST(?1 AS INTEGER)`, [String(id)]))[0];
}

export interface UnitReport {
  unitId: string;
  name: string;
  result: QuarterResult;
  /** The other reading's total and grade, for comparison. */
  other: { reading: VetoReading; total: number; grade: string };
  rank: number;
  notes: Record<string, string[]>;
  triggers: Trigger[];
  annual: ReturnType<typeof annualResult>;
}

export interface AssessmentReport {
  quarter: string;
  reading: VetoReading;
  dueDates: { selfAssessment: string; reportToCity: string };
  towns: UnitReport[];
  departments: UnitReport[];
}

const previous = (q: Quarter): Quarter =>
  q.quarter === 1 ? { year: q.year - 1, quarter: 4 } : { year: q.year, quarter: (q.quarter - 1) as Quarter['quarter'] };

/** One quarter's evidence for every town and department. */
async function quarterEvidence(q: Query, index: RosterIndex, quarter: Quarter, ctx: FigureContext) {
  const period = quarterPeriod(formatQuarter(quarter));
  const [f, patrols, entries] = await Promise.all([
    computeFigures(q, period, ctx),
    patrolAssessment(q, index.roster, period, ctx.today),
    assessmentEntries(q, period.label),
  ]);
  return {
    towns: townEvidence(index, quarter, f, patrols, entries),
    departments: departmentEvidence(index, quarter, f, entries),
  };
}

function reportOf(
  index: RosterIndex,
  current: UnitEvidence[],
  history: UnitEvidence[][],
  reading: VetoReading,
  at: Quarter,
): UnitReport[] {
  const results = current.map((u) => assessQuarter(u.evidence, reading));
  const ranks = rank(results);
  return current.map((u, i) => {
    const result = results[i]!;
    const past = history.map((h) => h.find((x) => x.evidence.unitId === u.evidence.unitId)!).filter(Boolean);
    const all = [...past.map((p) => assessQuarter(p.evidence, reading)), result];
    const other = assessQuarter(u.evidence, reading === 'item' ? 'whole' : 'item');
    const [kind, id] = u.evidence.unitId.split(':') as ['town' | 'department', string];
    return {
      unitId: u.evidence.unitId,
      name: (kind === 'town' ? index.town(id)?.name : index.department(id)?.name) ?? id,
      result,
      other: { reading: other.reading, total: other.total, grade: other.grade },
      rank: ranks.find((r) => r.unitId === u.evidence.unitId)!.rank,
      notes: u.notes,
      triggers: triggersAt(all, at),
      annual: annualResult(all.filter((r) => r.quarter.year === at.year)),
    };
  });
}

/**
 * The assessment of `quarterText` under `reading`: every town and department scored, ranked,
 * with the interview triggers and the year's mean from the earlier quarters of the year (and
 * the previous year's fourth, for two failed quarters in a row).
 */
export async function assessmentReport(
  q: Query,
  index: RosterIndex,
  quarterText: string,
  ctx: FigureContext,
  reading: VetoReading,
): Promise<AssessmentReport> {
  const at = parseQuarter(quarterText);
  const earlier: Quarter[] = [];
  for (let p = previous(at); p.year === at.year || (p.year === at.year - 1 && p.quarter === 4); p = previous(p)) {
    earlier.unshift(p);
  }
  const [now, ...past] = await Promise.all([at, ...earlier].map((x) => quarterEvidence(q, index, x, ctx)));
  return {
    quarter: formatQuarter(at),
    reading,
    dueDates: assessmentDueDates(at),
    towns: reportOf(
      index,
      now!.towns,
      past.map((p) => p.towns),
      reading,
      at,
    ),
    departments: reportOf(
      index,
      now!.departments,
      past.map((p) => p.departments),
      reading,
      at,
    ),
  };
}

/** Reads the ASSESSMENT_VETO_READING setting: `item` (default) or `whole`; an error naming the setting otherwise. */
export function vetoReadingSetting(value: string | undefined | null): VetoReading {
  const v = (value ?? '').trim();
  if (!v) return 'item';
  if (v === 'item' || v === 'whole') return v;
  throw new RangeError(`设置 ASSESSMENT_VETO_READING 应是 item（该项为 0 分）或 whole（总分为 0），现在是「${v}」`);
}
