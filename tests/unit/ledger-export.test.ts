/**
 * `npm run ledger:export` against a real local D1 (wrangler's, with the real migrations) in a
 * temporary folder: the hand-counted October 2019 (tests/support/october-2019.ts) plus an
 * accountability entry, exported, read back with the project's spreadsheet reader
 * (domain/roster/workbook/read.ts) and compared with the D1 records and the shared figures.
 */
import { execFile, spawnSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localD1, type SqlRunner } from '../../scripts/lib/d1.ts';
import { readSheets, type ImportIssue, type SheetRow } from '../../domain/roster/workbook/read.ts';
import { readXlsx } from '../../domain/roster/workbook/xlsx.ts';
import { ledgerSheets, type LedgerSheetKey } from '../../scripts/lib/ledger-workbook.ts';
import { runnerQuery, statisticsSetup } from '../../scripts/lib/statistics-cli.ts';
import { computeFigures } from '../../functions/statistics/figures.ts';
import { ledgers } from '../../functions/statistics/ledgers.ts';
import { ledgerXlsx } from '../../functions/statistics/ledger-xlsx.ts';
import { cellText } from '../../domain/roster/workbook/cells.ts';
import { quarterPeriod, utcBounds } from '../../domain/statistics.ts';
import { caseStatements } from '../support/case-fixtures.ts';
import { A, B, october2019, today } from '../support/october-2019.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const env = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false' };
let dir: string;
let db: SqlRunner;

function exportLedger(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((ok) => {
    execFile(
      process.execPath,
      [join(ROOT, 'scripts/ledger-export.ts'), '--persist-to', dir, '--today', today, ...args],
      { cwd: ROOT, env },
      (err, stdout, stderr) => ok({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

async function readBack(file: string): Promise<Record<LedgerSheetKey, SheetRow[]>> {
  const wb = await readXlsx(await readFile(file));
  const { names } = await statisticsSetup(join(ROOT, 'content'), today);
  const issues: ImportIssue[] = [];
  const sheets = readSheets(wb, issues, ledgerSheets(names));
  expect(issues).toEqual([]);
  return sheets;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'envgrid-ledger-'));
  const m = spawnSync(
    join(ROOT, 'node_modules/.bin/wrangler'),
    ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', dir],
    { cwd: ROOT, encoding: 'utf8', env },
  );
  if (m.status !== 0) throw new Error(`migrations failed: ${m.stderr}`);
  db = await localD1(dir);
  const { ids, statements } = caseStatements(october2019);
  await db.batch([
    ...statements,
    {
      sql: `INSERT INTO accountability (quarter, unit, complaint_id, subject, matter, basis, decision, decided_on, entered_by, entered_at)
            VALUES ('2019Q4', ?1, ?2, '示例·镇网格办负责人', '示例：投诉三次未解决', '方案 二(三)5', '约谈', '2019-11-20', 'office@example.org', '2019-11-20T02:00:00.000Z')`,
      params: [`town:${A}`, ids.get('c')!.id],
    },
  ]);
}, 180_000);

afterAll(async () => {
  await db?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('npm run ledger:export', { timeout: 240_000 }, () => {
  it('writes the six ledgers that read back equal to the D1 records and the figures', async () => {
    const file = join(dir, 'ledger.xlsx');
    const r = await exportLedger('--quarter', '2019Q4', file);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('问题 9 件');
    expect(r.stdout).toContain('巡查记录 0 条（2019-10-01 至 2019-12-31 没有巡查记录）');
    const sheets = await readBack(file);

    // 问题清单: every case received in the quarter, with the state D1 holds.
    const { start, end } = utcBounds(quarterPeriod('2019Q4'));
    const stored = await db.all<{ code: string; state: string; source: string; category: string; town: string }>(
      `SELECT c.tracking_code AS code, k.state, k.source, c.category, c.town_id AS town
       FROM complaints c JOIN cases k ON k.complaint_id = c.id WHERE c.received_at >= ?1 AND c.received_at < ?2`,
      [start, end],
    );
    const problems = sheets.problems.map((s) => s.values);
    expect(problems.map((p) => p.code).sort()).toEqual(stored.map((s) => s.code).sort());
    for (const s of stored) {
      const p = problems.find((x) => x.code === s.code)!;
      expect([p.state, p.source, p.category, p.townId, p.closed]).toEqual([
        s.state,
        s.source,
        s.category,
        s.town,
        s.state === 'closed',
      ]);
    }

    // The clocks in the ledgers count what the statistics count.
    const { ctx } = await statisticsSetup(join(ROOT, 'content'), today);
    const f = await computeFigures(runnerQuery(db), quarterPeriod('2019Q4'), ctx);
    const yes = (rows: SheetRow[], key: string) => rows.filter((s) => s.values[key] === true).length;
    const counted = (rows: SheetRow[], key: string) => rows.filter((s) => s.values[key] !== undefined).length;
    expect([yes(sheets.assignments, 'assignMet'), counted(sheets.assignments, 'assignMet')]).toEqual([
      f.assignedSameDay.n,
      f.assignedSameDay.of,
    ]);
    expect([yes(sheets.handling, 'feedbackMet'), counted(sheets.handling, 'feedbackMet')]).toEqual([
      f.feedbackOnTime.n,
      f.feedbackOnTime.of,
    ]);
    expect(yes(sheets.problems, 'closed')).toBe(f.closed.n);
    // By hand: assigned a, b, c, h plus d and i overdue unassigned; led a, b, c, h.
    expect(sheets.assignments).toHaveLength(6);
    expect(sheets.handling).toHaveLength(4);
    expect(sheets.rectification).toHaveLength(4);
    const b = sheets.rectification.find((s) => s.values.lead === 'department:sthj')!.values;
    expect([b.recheckPassed, b.recheckFailed, b.closedOn, b.workingDaysToClose]).toEqual([1, 1, '2019-10-25', 10]);
    expect(sheets.patrols).toEqual([]);

    // 问责清单: the office's entry as entered.
    expect(sheets.accountability.map((s) => s.values)).toEqual([
      {
        unit: `town:${A}`,
        code: problems.find((p) => p.category === 'dust' && p.source === 'hotline')!.code,
        subject: '示例·镇网格办负责人',
        matter: '示例：投诉三次未解决',
        basis: '方案 二(三)5',
        decision: '约谈',
        decidedOn: '2019-11-20',
        enteredBy: 'office@example.org',
      },
    ]);
  });

  it('the console’s download (the Worker’s XLSX writer) holds the same cells as the command', async () => {
    // The CLI's file from the test above; the console's bytes from the same function its page
    // calls (functions/statistics/ledger-xlsx.ts), here in Node, which has CompressionStream too.
    const cli = new ExcelJS.Workbook();
    await cli.xlsx.readFile(join(dir, 'ledger.xlsx'));
    const { ctx, names } = await statisticsSetup(join(ROOT, 'content'), today);
    const l = await ledgers(runnerQuery(db), quarterPeriod('2019Q4'), ctx);
    const bytes = await ledgerXlsx(l, names, '全区');
    const web = new ExcelJS.Workbook();
    await web.xlsx.load(bytes.buffer);
    // Cell texts per sheet; an empty cell and a cell holding '' read alike (the CLI writes '').
    const line = (row: unknown) => {
      const cells = Array.from((row as ExcelJS.CellValue[]).slice(1), (v) => cellText(v ?? null));
      while (cells.at(-1) === '') cells.pop();
      return cells;
    };
    const texts = (wb: ExcelJS.Workbook) =>
      wb.worksheets.map((ws) => [ws.name, Array.from(ws.getSheetValues(), (row) => (row ? line(row) : []))]);
    expect(texts(web)).toEqual(texts(cli));
    // And the project's reader finds every ledger in it, with the D1 records of the test above.
    const issues: ImportIssue[] = [];
    const sheets = readSheets(await readXlsx(bytes), issues, ledgerSheets(names));
    expect(issues).toEqual([]);
    expect(sheets.problems).toHaveLength(9);
    expect(sheets.accountability.map((s) => s.values.decision)).toEqual(['约谈']);
  });

  it('limits the workbook to one town with --town', async () => {
    const file = join(dir, 'town.xlsx');
    expect((await exportLedger('--quarter', '2019Q4', '--town', B, file)).code).toBe(0);
    const sheets = await readBack(file);
    expect(sheets.problems.map((s) => s.values.townId)).toEqual([B, B]);
    expect(sheets.accountability).toEqual([]);
  });

  it('refuses bad arguments with the reason, writing nothing', async () => {
    for (const [args, message] of [
      [['--quarter', '2019Q5', join(dir, 'x.xlsx')], /--quarter：季度应写成 YYYYQn/],
      [[join(dir, 'x.xlsx')], /请用 --quarter 指定季度/],
      [['--quarter', '2019Q4', join(dir, 'x.csv')], /以 \.xlsx 结尾/],
      [['--quarter', '2019Q4', '--town', 'nowhere', join(dir, 'x.xlsx')], /没有编号为「nowhere」的镇/],
    ] as const) {
      const r = await exportLedger(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});

describe('npm run assess', { timeout: 480_000 }, () => {
  function assess(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((ok) => {
      execFile(
        process.execPath,
        [join(ROOT, 'scripts/assess.ts'), '--persist-to', dir, '--today', today, ...args],
        { cwd: ROOT, env, maxBuffer: 8 << 20 },
        (err, stdout, stderr) => ok({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
      );
    });
  }

  it('scores the hand-counted quarter under both readings', async () => {
    const reading = 'whole';
    const r = await assess('--quarter', '2019Q4', '--json', '--reading', reading);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as {
      reading: string;
      towns: { unitId: string; rank: number; result: { total: number; grade: string; items: { score: number }[] } }[];
    };
    expect(report.reading).toBe(reading);
    const a = report.towns.find((t) => t.unitId === `town:${A}`)!;
    // No entries in this database and no veto: 40 + (40 − 4) + (10 − 5) + 10 = 91, failed
    // outright all the same (c reported three times and open).
    expect(a.result.items.map((i) => i.score)).toEqual([10, 12, 8, 10, 36, 5, 10]);
    expect([a.result.total, a.result.grade, a.rank]).toEqual([91, '不合格', 4]);
    // The default reading (wrangler.toml: item), as text.
    const text = await assess('--quarter', '2019Q4');
    expect(text.stdout).toContain('一票否决按「该项分值为 0」计算');
    expect(text.stdout).toContain('第 4 名  街道办事处：91 分，不合格（另一读法 总分为 0：91 分，不合格）');
    expect(text.stdout).toContain('镇（办事处）自评截止 2020-01-03，区上报市截止 2020-01-05');
    expect(text.stdout).toContain('→ 约谈分管负责同志：2019Q4 考核不合格');
  });

  it('refuses a bad quarter or reading with the reason', async () => {
    const q = await assess('--quarter', '2019Q9');
    expect([q.code, q.stderr.includes('季度应写成 YYYYQn')]).toEqual([2, true]);
    const r = await assess('--quarter', '2019Q4', '--reading', 'half');
    expect([r.code, r.stderr.includes('ASSESSMENT_VETO_READING 应是 item')]).toEqual([2, true]);
  });
});
