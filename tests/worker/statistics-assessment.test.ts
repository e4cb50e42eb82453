/**
 * The quarterly assessment from evidence (functions/statistics/assessment.ts) on the
 * hand-counted October 2019 (tests/support/october-2019.ts), with the office's entries and a
 * roster in which one town lacks its office director, under both readings of the veto.
 * The working of every number is in the comments.
 */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { assessmentReport, type AssessmentReport } from '../../functions/statistics/assessment.ts';
import { d1Query } from '../../functions/statistics/figures.ts';
import { rosterIndex } from '../../domain/roster/current.ts';
import { indexRoster } from '../../domain/roster/query.ts';
import { packageCalendar } from '../../domain/workdays.ts';
import { storeCases } from './support/case-fixtures.ts';
import { A, B, october2019, today } from '../support/october-2019.ts';

const ctx = { cal: packageCalendar, today, cutoff: '17:30' };
// Town B without its 网格办公室主任: item 1 is not done as required (一票否决).
const roster = {
  ...rosterIndex.roster,
  towns: rosterIndex.roster.towns.map((t) => (t.id === B ? { ...t, officeDirector: undefined } : t)),
};
const index = indexRoster(roster);

const entry = (unit: string, kind: string, problem: string, level: number | null, approved = 0) =>
  env.DB.prepare(
    `INSERT INTO assessment_entries (quarter, unit, kind, problem, level, evidence, approved, entered_by, entered_at)
     VALUES ('2019Q4', ?1, ?2, ?3, ?4, '示例证据', ?5, 'office@example.org', '2019-12-01T00:00:00Z')`,
  ).bind(unit, kind, problem, level, approved);

beforeAll(async () => {
  await storeCases(october2019);
  const superseded = await entry(`town:${A}`, 'penalty', '示例问题一', 60).run();
  await env.DB.batch([
    entry(`town:${A}`, 'bonus', '示例重大问题甲', null, 1),
    entry(`town:${A}`, 'bonus', '示例重大问题乙（未批准）', null, 0),
    entry(`town:${A}`, 'penalty', '示例问题一', 10),
    entry(`town:${A}`, 'penalty', '示例问题一', 5),
    entry(`town:${A}`, 'penalty', '示例问题二', 5),
    ...Array.from({ length: 6 }, (_, i) => entry(`town:${B}`, 'bonus', `示例重大问题${i}`, null, 1)),
    // A correction: the 60 entered first is withdrawn (superseded by the 10 above).
    env.DB.prepare(
      `INSERT INTO assessment_entries (quarter, unit, kind, problem, level, evidence, supersedes, entered_by, entered_at)
       VALUES ('2019Q4', ?1, 'penalty', '示例问题一', 10, '更正：级别录错', ?2, 'office@example.org', '2019-12-01T01:00:00Z')`,
    ).bind(`town:${A}`, superseded.meta.last_row_id),
  ]);
});

const unit = (r: AssessmentReport, id: string) => [...r.towns, ...r.departments].find((u) => u.unitId === id)!;
const scores = (r: AssessmentReport, id: string) => unit(r, id).result.items.map((i) => i.score);

describe('2019Q4, worked by hand', () => {
  it("scores town A from the ledger and the office's entries (no veto: both readings agree)", async () => {
    const r = await assessmentReport(d1Query(env.DB), index, '2019Q4', ctx, 'item');
    const a = unit(r, `town:${A}`);
    // Items 1–4: the roster meets every check → 10 + 12 + 8 + 10 = 40.
    // Item 5: a, b, c, i were not found by the grid (e rejected, f, g merged) → 40 − 4 = 36.
    // Item 6: c was never accepted after its assignment → 10 − 5 = 5.
    // Item 7: no failed re-check in A's cases (b's belongs to 生态环境分局) → 10.
    expect(scores(r, `town:${A}`)).toEqual([10, 12, 8, 10, 36, 5, 10]);
    // Penalties: 问题一 at 10 and 5 (the 60 withdrawn) → 10; 问题二 → 5; 15 from 51 = 36.
    expect([a.result.operationBeforePenalties, a.result.penalty, a.result.operation]).toEqual([51, 15, 36]);
    // Bonus: one approved major problem → +2 (the unapproved one counts nothing).
    expect(a.result.bonus).toBe(2);
    // 40 + 36 + 2 = 78, but c was reported three times (f, g merged into it) and is open: 不合格.
    expect(a.result.total).toBe(78);
    expect(a.result.grade).toBe('不合格');
    expect(a.result.automaticFail).toEqual(['1 个问题被举报三次以上仍未解决']);
    expect(a.other).toEqual({ reading: 'whole', total: 78, grade: '不合格' });
    // The first failed quarter: the deputy in charge is interviewed. Q1, Q2 had no cases → 100;
    // Q3 had 'sep' (received 30 Sept, not found by the grid) → 40 + 39 + 10 + 10 = 99;
    // the year's mean (100 + 100 + 99 + 78) / 4 = 94.25.
    expect(a.triggers.map((t) => t.kind)).toEqual(['interview-deputy']);
    expect(a.annual).toMatchObject({ mean: 94.25, quarters: 4, provisional: false });
    expect(a.notes.entries).toContain('加分：示例重大问题乙（未批准）（待领导小组批准，未计分；示例证据）');
  });

  it('scores town B under the item reading: the vetoed item alone is 0', async () => {
    const r = await assessmentReport(d1Query(env.DB), index, '2019Q4', ctx, 'item');
    const b = unit(r, `town:${B}`);
    // Item 1 vetoed → 0; items 2–4 → 30. Item 5: h from the media (d came from a patrol) → 39.
    // Items 6, 7 → 10, 10. Bonus 6 × 2 = 12, capped at 10. 30 + 59 + 10 = 99.
    expect(scores(r, `town:${B}`)).toEqual([0, 12, 8, 10, 39, 10, 10]);
    expect([b.result.total, b.result.grade, b.result.vetoedItems]).toEqual([99, '优秀', [1]]);
    expect(b.notes[1]).toEqual(['网格办公室主任：要求 1 名，现为 无']);
    // Ranking: the two towns without cases 100 (rank 1, shared), B 99 (3), A 78 (4).
    expect(
      r.towns
        .map((t) => [t.unitId, t.result.total, t.rank])
        .sort((x, y) => Number(x[2]) - Number(y[2]) || String(x[0]).localeCompare(String(y[0]))),
    ).toEqual([
      ['town:laozhuangzi', 100, 1],
      ['town:sannvhe', 100, 1],
      [`town:${B}`, 99, 3],
      [`town:${A}`, 78, 4],
    ]);
    // Q1–Q3: 30 + 60 = 90 each; mean (90 × 3 + 99) / 4 = 92.25.
    expect(b.annual.mean).toBe(92.25);
    expect(b.triggers).toEqual([]);
  });

  it('scores town B under the whole reading: the whole score is 0, every quarter of the year', async () => {
    const r = await assessmentReport(d1Query(env.DB), index, '2019Q4', ctx, 'whole');
    const b = unit(r, `town:${B}`);
    expect([b.result.total, b.result.grade, b.result.reading]).toEqual([0, '不合格', 'whole']);
    expect(b.other).toEqual({ reading: 'item', total: 99, grade: '优秀' });
    // Failed in 2018Q4 and all of 2019: deputy; principal (4 failed in the year); special
    // inspection (5 in a row); accountability (the year's mean 0).
    expect(b.triggers.map((t) => t.kind)).toEqual([
      'interview-deputy',
      'interview-principal',
      'special-inspection',
      'accountability',
    ]);
    expect(r.towns.find((t) => t.unitId === `town:${A}`)!.rank).toBe(3);
    expect(r.dueDates).toEqual({ selfAssessment: '2020-01-03', reportToCity: '2020-01-05' });
  });

  it('assesses departments on their assigned cases and re-checks', async () => {
    const r = await assessmentReport(d1Query(env.DB), index, '2019Q4', ctx, 'item');
    // 生态环境分局 led b: first feedback after the deadline → item 6: 10 − 5 = 5; one failed
    // re-check → item 7: 10 − 5 = 5. Items 1, 2, 4, 5 do not apply (full marks). 40 + 40 + 5 + 5 = 90.
    expect(scores(r, 'department:sthj')).toEqual([10, 12, 8, 10, 40, 5, 5]);
    expect(unit(r, 'department:sthj').result.total).toBe(90);
    expect(r.departments.filter((d) => d.result.total === 100)).toHaveLength(r.departments.length - 1);
  });
});
