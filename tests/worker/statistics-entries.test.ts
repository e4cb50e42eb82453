/**
 * The office's entries (functions/statistics/entries.ts, migration 0015): a valid 问责 row and
 * assessment entry are stored and read by the reports; bad input is refused field by field,
 * writing nothing; the tables refuse UPDATE and DELETE.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { addAccountability, addAssessmentEntry } from '../../functions/statistics/entries.ts';
import { accountabilityHistory, accountabilityRows } from '../../functions/statistics/ledgers.ts';
import { assessmentEntries, assessmentEntryHistory } from '../../functions/statistics/assessment.ts';
import { d1Query } from '../../functions/statistics/figures.ts';
import { rosterIndex } from '../../domain/roster/current.ts';
import { fileComplaint } from './cases-support.ts';

const by = { email: 'office.entries@example.org' };
const q = d1Query(env.DB);
const count = async (table: string) =>
  (await env.DB.prepare(`SELECT count(*) AS n FROM ${table}`).first<{ n: number }>())!.n;

describe('the office’s entries', () => {
  it('stores a 问责清单 row with its case, as the ledger reads it', async () => {
    const code = await fileComplaint();
    const r = await addAccountability(env.DB, rosterIndex, by, {
      quarter: '2026q4',
      unit: 'department:sthj',
      code: code.toLowerCase(),
      subject: '示例·执法大队',
      matter: '示例：反馈超期',
      basis: '示例依据',
      decision: '通报批评',
      decidedOn: '2026-11-20',
    });
    expect(r).toEqual({ ok: true });
    const rows = await accountabilityRows(q, '2026Q4');
    expect(rows.map((a) => [a.unit, a.code, a.subject, a.decision, a.decidedOn, a.enteredBy])).toEqual([
      ['department:sthj', code, '示例·执法大队', '通报批评', '2026-11-20', by.email],
    ]);
    await expect(env.DB.prepare('DELETE FROM accountability').run()).rejects.toThrow(/append-only/);
    await expect(env.DB.prepare("UPDATE accountability SET decision = 'x'").run()).rejects.toThrow(/append-only/);
  });

  it('refuses bad input naming each field and writes nothing', async () => {
    const before = await count('accountability');
    const r = await addAccountability(env.DB, rosterIndex, by, {
      quarter: '2026Q5',
      unit: 'town:nowhere',
      code: 'AAAA-BBBB-CCCC',
      subject: '',
      matter: 'x'.repeat(501),
      basis: '示例',
      decision: '示例',
      decidedOn: '20.11.2026',
    });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors.map((e) => e.field)).toEqual([
      'quarter',
      'unit',
      'subject',
      'matter',
      'decidedOn',
      'code',
    ]);
    expect(await count('accountability')).toBe(before);
  });

  it('stores assessment entries; a penalty needs one of the plan’s levels', async () => {
    const bad = await addAssessmentEntry(env.DB, rosterIndex, by, {
      quarter: '2026Q4',
      unit: 'town:jiedao',
      kind: 'penalty',
      problem: '示例问题',
      level: '20',
      evidence: '示例证据',
    });
    expect(!bad.ok && bad.errors).toEqual([{ field: 'level', message: '一次性扣分请选择 60、30、15、10、5 分之一' }]);
    const forms: Record<string, string>[] = [
      { kind: 'penalty', level: '30' },
      { kind: 'bonus', approved: 'on' },
      { kind: 'fail' },
    ];
    for (const form of forms) {
      const r = await addAssessmentEntry(env.DB, rosterIndex, by, {
        quarter: '2026Q4',
        unit: 'town:jiedao',
        problem: '示例问题',
        evidence: '示例证据',
        ...form,
      });
      expect(r).toEqual({ ok: true });
    }
    expect((await assessmentEntries(q, '2026Q4')).map((e) => [e.kind, e.level, e.approved])).toEqual([
      ['penalty', 30, 0],
      ['bonus', null, 1],
      ['fail', null, 0],
    ]);
  });
});

describe('corrections (0020)', () => {
  const entry = (form: Record<string, string>) =>
    addAssessmentEntry(env.DB, rosterIndex, by, {
      quarter: '2025Q2',
      unit: 'town:qingbei',
      kind: 'penalty',
      problem: '示例更正问题',
      level: '60',
      evidence: '示例证据',
      ...form,
    });
  const current = async () => (await assessmentEntries(q, '2025Q2')).map((e) => [e.id, e.level, e.supersedes]);

  it('adds a new version that supersedes the old one; the reports read only the latest, the history both', async () => {
    expect(await entry({})).toEqual({ ok: true });
    const [[first]] = (await current()) as [[number]];
    // The level was entered wrong: 60 → 10, with a reason.
    expect(await entry({ level: '10', supersedes: String(first), reason: '级别录错，应为市级媒体曝光' })).toEqual({
      ok: true,
    });
    const now = await current();
    expect(now).toEqual([[first + 1, 10, first]]);
    const history = await assessmentEntryHistory(q, '2025Q2');
    expect(history.map((e) => [e.id, e.level, e.supersedes, e.supersededBy, e.reason])).toEqual([
      [first, 60, null, first + 1, null],
      [first + 1, 10, first, null, '级别录错，应为市级媒体曝光'],
    ]);
  });

  it('needs a reason, refuses a row already corrected or unknown, and writes nothing then', async () => {
    const [[latest, , old]] = (await current()) as [[number, number, number]];
    const before = await count('assessment_entries');
    const noReason = await entry({ supersedes: String(latest) });
    expect(!noReason.ok && noReason.errors).toEqual([{ field: 'reason', message: '请填写更正原因' }]);
    const twice = await entry({ supersedes: String(old), reason: '再次更正' });
    expect(!twice.ok && twice.errors).toEqual([
      { field: 'supersedes', message: `记录 ${old} 已经更正过；请更正列表中的最新一条` },
    ]);
    const unknown = await entry({ supersedes: '999999', reason: '示例' });
    expect(!unknown.ok && unknown.errors.map((e) => e.field)).toEqual(['supersedes']);
    expect(await count('assessment_entries')).toBe(before);
    // The database refuses a second correction of the same row too (a race the check cannot see).
    await expect(
      env.DB.prepare(
        `INSERT INTO assessment_entries (quarter, unit, kind, problem, level, evidence, entered_by, entered_at, supersedes, reason)
         VALUES ('2025Q2', 'town:qingbei', 'fail', 'x', NULL, 'x', 'x', 'x', ?1, 'x')`,
      )
        .bind(old)
        .run(),
    ).rejects.toThrow(/UNIQUE/);
  });

  it('corrects a 问责清单 row the same way: the ledger shows the new version only', async () => {
    const form = {
      quarter: '2025Q2',
      unit: 'town:qingbei',
      subject: '示例·镇网格办',
      matter: '示例事项',
      basis: '示例依据',
      decision: '约谈',
      decidedOn: '2025-05-20',
    };
    expect(await addAccountability(env.DB, rosterIndex, by, form)).toEqual({ ok: true });
    const [old] = await accountabilityRows(q, '2025Q2');
    const r = await addAccountability(env.DB, rosterIndex, by, {
      ...form,
      decision: '通报批评',
      supersedes: String(old!.id),
      reason: '处理决定录错',
    });
    expect(r).toEqual({ ok: true });
    expect((await accountabilityRows(q, '2025Q2')).map((a) => [a.decision, a.supersedes, a.reason])).toEqual([
      ['通报批评', old!.id, '处理决定录错'],
    ]);
    expect((await accountabilityHistory(q, '2025Q2')).map((a) => [a.decision, a.supersededBy === null])).toEqual([
      ['约谈', false],
      ['通报批评', true],
    ]);
  });
});
