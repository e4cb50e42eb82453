/**
 * The office's entries (functions/statistics/entries.ts, migration 0015): a valid 问责 row and
 * assessment entry are stored and read by the reports; bad input is refused field by field,
 * writing nothing; the tables refuse UPDATE and DELETE.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { addAccountability, addAssessmentEntry } from '../../functions/statistics/entries.ts';
import { accountabilityRows } from '../../functions/statistics/ledgers.ts';
import { assessmentEntries } from '../../functions/statistics/assessment.ts';
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
