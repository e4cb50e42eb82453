/**
 * Hand-worked quarters of the town assessment (附件5). Each case shows its working in a
 * comment; the expected figures were counted by hand from the plan's rules, not computed.
 */
import { describe, expect, it } from 'vitest';
import {
  annualResult,
  assessQuarter,
  assessmentDueDates,
  assessmentReminders,
  parseQuarter,
  rank,
  triggersAt,
  type QuarterEvidence,
  type QuarterResult,
} from '../../domain/assessment.ts';
import { packageCalendar } from '../../domain/workdays.ts';

const Q = (text: string) => parseQuarter(text);

/** A quarter with every duty done and nothing found against the town. */
function clean(unitId: string, quarter = '2026Q3'): QuarterEvidence {
  return {
    unitId,
    quarter: Q(quarter),
    construction: {
      1: { implemented: true },
      2: { implemented: true },
      3: { implemented: true },
      4: { implemented: true },
    },
    item5: { implemented: true, cases: 0 },
    item6Cases: 0,
    item7Cases: 0,
    approvedMajorProblems: 0,
    penalties: [],
    automaticFail: [],
  };
}

describe('one quarter', () => {
  it('a clean quarter scores 100, 优秀', () => {
    const r = assessQuarter(clean('a'));
    expect([r.construction, r.operation, r.bonus, r.total, r.grade]).toEqual([40, 60, 0, 100, '优秀']);
  });

  it('deducts per case and stops each item at 0', () => {
    // item 5: 40 − 1×7 = 33; item 6: 10 − 5×1 = 5; item 7: 10 − 5×3 = −5 → 0.
    // construction 40, operation 33 + 5 + 0 = 38, total 78 → 合格.
    const r = assessQuarter({ ...clean('a'), item5: { implemented: true, cases: 7 }, item6Cases: 1, item7Cases: 3 });
    expect(r.items.map((i) => i.score)).toEqual([10, 12, 8, 10, 33, 5, 0]);
    expect([r.operation, r.total, r.grade]).toEqual([38, 78, '合格']);
  });

  it('takes only the highest penalty per problem, from the operation section, never below 0', () => {
    // Problem A meets −30 and −10: −30 counts. Problem B: −15. Operation 60 − 45 = 15; total 40 + 15 = 55 → 不合格.
    const r = assessQuarter({
      ...clean('a'),
      penalties: [
        { problem: 'A', levels: [10, 30] },
        { problem: 'B', levels: [15] },
      ],
    });
    expect([r.penalty, r.operation, r.total, r.grade]).toEqual([45, 15, 55, '不合格']);
    // −60 and −30 on a section already down to 50 (item 5: 10 cases): 50 − 90 → 0, total 40.
    const worse = assessQuarter({
      ...clean('a'),
      item5: { implemented: true, cases: 10 },
      penalties: [
        { problem: 'A', levels: [60] },
        { problem: 'B', levels: [30] },
      ],
    });
    expect([worse.operationBeforePenalties, worse.operation, worse.total]).toEqual([50, 0, 40]);
  });

  it('adds 2 per approved major problem, at most 10', () => {
    // 3 problems: +6 → 100 + 6 = 106 (the plan sets no ceiling on the total). 8 problems: +16 → +10.
    expect(assessQuarter({ ...clean('a'), approvedMajorProblems: 3 }).total).toBe(106);
    expect(assessQuarter({ ...clean('a'), approvedMajorProblems: 8 }).bonus).toBe(10);
  });

  it('uses the office’s partial score of a construction item', () => {
    // Item 2 partly met: 9 of 12. Item 6: one case (−5). 10 + 9 + 8 + 10 + 40 + 5 + 10 = 92 → 优秀.
    const e = clean('a');
    e.construction[2] = { implemented: true, score: 9 };
    const r = assessQuarter({ ...e, item6Cases: 1 });
    expect([r.construction, r.total, r.grade]).toEqual([37, 92, '优秀']);
  });
});

describe('item 2 from the patrol records', () => {
  it('takes PATROL_SHORTFALL_POINTS (1) per shortfall from item 2', () => {
    // 3 shortfalls: 12 − 1 × 3 = 9. 10 + 9 + 8 + 10 = 37; total 37 + 60 = 97 → 优秀.
    const e = clean('a');
    e.construction[2] = { implemented: true, shortfalls: 3 };
    const r = assessQuarter(e);
    expect(r.items[1]).toMatchObject({ score: 9, working: '12 − 1 × 3 处巡查未达频次 = 9' });
    expect([r.construction, r.total, r.grade]).toEqual([37, 97, '优秀']);
  });

  it('stops item 2 at 0, without a veto', () => {
    // 15 shortfalls: 12 − 15 = −3 → 0. 10 + 0 + 8 + 10 = 28; 28 + 60 = 88 → 良好, under both readings
    // (shortfalls reduce the item; they do not make it "not done as required").
    const e = clean('a');
    e.construction[2] = { implemented: true, shortfalls: 15 };
    expect([assessQuarter(e).total, assessQuarter(e, 'whole').total]).toEqual([88, 88]);
    expect(assessQuarter(e).vetoedItems).toEqual([]);
  });

  it('a 分网格长 coverage gap in the roster still vetoes item 2, whatever the shortfalls', () => {
    // 'item': 10 + 0 + 8 + 10 = 28; 28 + 60 = 88. 'whole': 0.
    const e = clean('a');
    e.construction[2] = { implemented: false, shortfalls: 2 };
    expect([assessQuarter(e).total, assessQuarter(e, 'whole').total]).toEqual([88, 0]);
  });
});

describe('the one-vote veto, both readings', () => {
  // Item 3 (8 points) not done; item 5 has 4 cases (36); everything else clean.
  const e: QuarterEvidence = { ...clean('a'), item5: { implemented: true, cases: 4 } };
  e.construction = { ...e.construction, 3: { implemented: false } };

  it("'item': only that item becomes 0", () => {
    // 10 + 12 + 0 + 10 = 32; 36 + 10 + 10 = 56; total 88 → 良好.
    const r = assessQuarter(e, 'item');
    expect([r.construction, r.operation, r.total, r.grade, r.reading]).toEqual([32, 56, 88, '良好', 'item']);
    expect(r.vetoedItems).toEqual([3]);
  });

  it("'whole': the whole score becomes 0", () => {
    const r = assessQuarter(e, 'whole');
    expect([r.total, r.grade, r.reading]).toEqual([0, '不合格', 'whole']);
    expect(r.items.every((i) => i.vetoed)).toBe(true);
  });

  it('item 5 under the veto: its 40 points go, its per-case working does not apply', () => {
    // 'item': 40 + 0 + 10 + 10 = 60 → 合格 (at the boundary). 'whole': 0.
    const v = { ...clean('a'), item5: { implemented: false, cases: 3 } };
    expect([assessQuarter(v).total, assessQuarter(v).grade]).toEqual([60, '合格']);
    expect(assessQuarter(v, 'whole').total).toBe(0);
  });
});

describe('grades, ranking, the year', () => {
  it('grade boundaries: 90 优秀, 89 良好, 80 良好, 79 合格, 60 合格, 59 不合格', () => {
    const at = (cases5: number) => assessQuarter({ ...clean('a'), item5: { implemented: true, cases: cases5 } });
    expect([at(10).grade, at(11).grade, at(20).grade, at(21).grade, at(40).grade]).toEqual([
      '优秀',
      '良好',
      '良好',
      '合格',
      '合格',
    ]);
    // 59: item 5 at 0 (40 cases) and item 7 one case: 40 + 0 + 10 + 5 = 55 → 不合格; a −5 penalty on 60 → 55 too.
    expect(assessQuarter({ ...clean('a'), item5: { implemented: true, cases: 41 }, item7Cases: 1 }).grade).toBe(
      '不合格',
    );
  });

  it('a 四(三) situation fails the quarter whatever the score', () => {
    const r = assessQuarter({ ...clean('a'), automaticFail: ['群众反复举报（三次及以上）问题未妥善解决'] });
    expect([r.total, r.grade]).toEqual([100, '不合格']);
  });

  it('ranks by total, equal totals sharing a place', () => {
    const results = [
      assessQuarter({ ...clean('b'), item6Cases: 1 }), // 95
      assessQuarter(clean('a')), // 100
      assessQuarter({ ...clean('c'), item7Cases: 1 }), // 95
      assessQuarter({ ...clean('d'), item5: { implemented: true, cases: 30 } }), // 70
    ];
    expect(rank(results)).toEqual([
      { unitId: 'a', total: 100, rank: 1 },
      { unitId: 'b', total: 95, rank: 2 },
      { unitId: 'c', total: 95, rank: 2 },
      { unitId: 'd', total: 70, rank: 4 },
    ]);
  });

  it('the year is the mean of its quarters', () => {
    // 100, 78, 55, 95 → 328 / 4 = 82 → 良好.
    const qs = [100, 78, 55, 95].map((t, i) => ({ ...quarterWithTotal('a', `2026Q${i + 1}`, t) }));
    expect(annualResult(qs)).toEqual({ mean: 82, quarters: 4, provisional: false, grade: '良好' });
    expect(annualResult(qs.slice(0, 2))).toMatchObject({ mean: 89, provisional: true });
  });

  it('due dates fall in the next quarter’s first month', () => {
    expect(assessmentDueDates(Q('2026Q4'))).toEqual({ selfAssessment: '2027-01-03', reportToCity: '2027-01-05' });
    expect(assessmentDueDates(Q('2026Q2'))).toEqual({ selfAssessment: '2026-07-03', reportToCity: '2026-07-05' });
    expect(() => parseQuarter('2026Q5')).toThrow(/YYYYQn/);
  });

  it('reminds of the due dates in the quarter’s first month, and once after a due date that fell on a day off', () => {
    const on = (day: string) =>
      assessmentReminders(day, (d) => packageCalendar.isWorkingDay(d)).map((r) => `${r.task} ${r.due} ${r.state}`);
    // July 2026: the 3rd is a Friday (working), the 5th a Sunday.
    expect(on('2026-07-01')).toEqual(['selfAssessment 2026-07-03 ahead', 'reportToCity 2026-07-05 ahead']);
    expect(on('2026-07-03')).toEqual(['selfAssessment 2026-07-03 today', 'reportToCity 2026-07-05 ahead']);
    // Monday the 6th: the self-assessment was due on a working day (reminded that day) — no more;
    // the report was due on Sunday — once more today.
    expect(on('2026-07-06')).toEqual(['reportToCity 2026-07-05 late']);
    expect(on('2026-07-07')).toEqual([]);
    // October 2026: National Day holiday 1–7 October, so both fall in it; 8 October is the first
    // working day after them and reminds of both for 2026Q3, 9 October of neither.
    expect(on('2026-10-08')).toEqual(['selfAssessment 2026-10-03 late', 'reportToCity 2026-10-05 late']);
    expect(on('2026-10-09')).toEqual([]);
    // Not in a quarter's first month; and January reminds of the previous year's fourth quarter.
    expect(on('2026-08-03')).toEqual([]);
    expect(assessmentReminders('2026-01-02', () => true)[0]).toMatchObject({ quarter: '2025Q4', due: '2026-01-03' });
  });
});

/** A result with the given total (20 to 100): item 5 deductions first, then partial construction scores. */
function quarterWithTotal(unitId: string, quarter: string, total: number): QuarterResult {
  const e = clean(unitId, quarter);
  let short = 100 - total;
  e.item5 = { implemented: true, cases: Math.min(short, 40) };
  short -= e.item5.cases;
  for (const [item, points] of [
    [1, 10],
    [2, 12],
    [3, 8],
    [4, 10],
  ] as const) {
    const cut = Math.min(short, points);
    e.construction[item] = { implemented: true, score: points - cut };
    short -= cut;
  }
  const r = assessQuarter(e);
  expect(r.total).toBe(total);
  return r;
}

describe('interviews and inspections', () => {
  it('one failed quarter → the deputy in charge', () => {
    const h = [quarterWithTotal('a', '2026Q1', 55)];
    expect(triggersAt(h, Q('2026Q1')).map((t) => t.kind)).toEqual(['interview-deputy']);
  });

  it('a second failed quarter in the year → the main leader; consecutive → special inspection', () => {
    // Q1 55 (fail), Q2 85, Q3 50 (fail): two failures, not consecutive.
    const h = [
      quarterWithTotal('a', '2026Q1', 55),
      quarterWithTotal('a', '2026Q2', 85),
      quarterWithTotal('a', '2026Q3', 50),
    ];
    expect(triggersAt(h, Q('2026Q3')).map((t) => t.kind)).toEqual(['interview-deputy', 'interview-principal']);
    // Q4 also fails: consecutive with Q3.
    h.push(quarterWithTotal('a', '2026Q4', 58));
    expect(triggersAt(h, Q('2026Q4')).map((t) => t.kind)).toEqual([
      'interview-deputy',
      'interview-principal',
      'special-inspection',
    ]);
  });

  it('three quarters under 80 in a year → the main leader, without any failure', () => {
    const h = ['2026Q1', '2026Q2', '2026Q3'].map((q) => quarterWithTotal('a', q, 75));
    expect(triggersAt(h, Q('2026Q2'))).toEqual([]);
    expect(triggersAt(h, Q('2026Q3')).map((t) => t.kind)).toEqual(['interview-principal']);
  });

  it('consecutive failures across a new year count; the year boundary resets the yearly counts', () => {
    const h = [quarterWithTotal('a', '2026Q4', 40), quarterWithTotal('a', '2027Q1', 45)];
    expect(triggersAt(h, Q('2027Q1')).map((t) => t.kind)).toEqual(['interview-deputy', 'special-inspection']);
  });

  it('a failed year → accountability referral', () => {
    // 55 + 58 + 59 + 70 = 242 / 4 = 60.5 → 合格: no referral. 50 + 55 + 58 + 70 = 233 / 4 = 58.25 → referral.
    const ok = ['2026Q1', '2026Q2', '2026Q3', '2026Q4'].map((q, i) => quarterWithTotal('a', q, [55, 58, 59, 70][i]!));
    expect(triggersAt(ok, Q('2026Q4')).map((t) => t.kind)).not.toContain('accountability');
    const bad = ['2026Q1', '2026Q2', '2026Q3', '2026Q4'].map((q, i) => quarterWithTotal('a', q, [50, 55, 58, 70][i]!));
    expect(triggersAt(bad, Q('2026Q4')).find((t) => t.kind === 'accountability')?.reason).toContain('58.3');
  });
});
