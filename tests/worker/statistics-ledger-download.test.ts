/**
 * The console's ledger download (functions/services/statistics.ts `ledgerDownload`, which
 * /staff/ledger/ answers with) against the real D1: who may download which town, errors naming
 * the field, and a real XLSX (a ZIP with the six ledgers' parts). That its cells equal
 * `npm run ledger:export`'s is tested in Node (tests/unit/ledger-export.test.ts), where the
 * project's spreadsheet reader runs.
 */
import { describe, expect, it } from 'vitest';
import { env } from 'cloudflare:workers';
import { ledgerDownload } from '../../functions/services/statistics.ts';
import type { Caller } from '../../functions/staff/cases/act.ts';

const who = (role: Caller['role'], scope: string | null = null): Caller => ({
  email: `${role}.ledger@example.org`,
  name: '示例·工作人员',
  role,
  scope,
});
const params = (p: Record<string, string>) => new URLSearchParams(p);
const now = new Date('2026-11-20T02:00:00Z');
const utf8 = new TextDecoder();

describe('ledger download', () => {
  it('gives the office the district’s workbook: a ZIP naming the 说明 sheet and the six ledgers', async () => {
    const r = await ledgerDownload(env, who('office'), params({ quarter: '2026q4' }), now);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.filename).toBe('ledgers-2026Q4.xlsx');
    expect([...r.bytes.slice(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
    // File names in a ZIP are stored uncompressed: the parts are all there.
    const raw = utf8.decode(r.bytes);
    for (let i = 1; i <= 7; i++) expect(raw).toContain(`xl/worksheets/sheet${i}.xml`);
    expect(raw).toContain('xl/sharedStrings.xml');
  });

  it('gives a town its own town only; the office any town', async () => {
    const own = await ledgerDownload(env, who('town', 'jiedao'), params({ quarter: '2026Q4' }), now);
    expect(own.ok && own.filename).toBe('ledgers-2026Q4-jiedao.xlsx');
    const other = await ledgerDownload(env, who('town', 'jiedao'), params({ quarter: '2026Q4', town: 'qingbei' }), now);
    expect(other).toEqual({
      ok: false,
      status: 403,
      errors: [{ field: 'town', message: '只能下载本镇（办事处）的台账' }],
    });
    const office = await ledgerDownload(env, who('office'), params({ quarter: '2026Q4', town: 'qingbei' }), now);
    expect(office.ok && office.filename).toBe('ledgers-2026Q4-qingbei.xlsx');
  });

  it('refuses departments and grid members, and names the field of a bad quarter or town', async () => {
    for (const staff of [who('department', 'sthj'), who('grid', 'village:dazhuang')]) {
      const r = await ledgerDownload(env, staff, params({ quarter: '2026Q4' }), now);
      expect(!r.ok && r.status).toBe(403);
    }
    const bad = await ledgerDownload(env, who('office'), params({ quarter: '2026Q5', town: 'nowhere' }), now);
    expect(bad).toEqual({
      ok: false,
      status: 400,
      errors: [
        { field: 'quarter', message: '季度应写成 YYYYQn，如 2026Q4' },
        { field: 'town', message: '没有编号为「nowhere」的镇（办事处）' },
      ],
    });
  });
});
