import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRosterFiles } from '../../domain/roster/fs.ts';
import { parseRoster } from '../../domain/roster/load.ts';
import { commentsOf, serializeRoster } from '../../domain/roster/serialize.ts';
import { CONTENT, ROOT, sampleFiles, writeFixture } from './helpers/roster-fixture.ts';

/** Per-test budget: ExcelJS reads and writes a whole workbook per test: ~1–4 s idle, over 5 s when other builds share the CPU. */
const BUDGET_MS = 60_000;

function run(script: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((ok) => {
    execFile(process.execPath, [join(ROOT, 'scripts', script), ...args], { cwd: ROOT }, (err, stdout, stderr) =>
      ok({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

/**
 * Every roster file under `dir`, relative path → bytes. `published.json` is left out: it is the
 * deploy's record of what went live, not roster content, and the workbook does not carry it.
 */
async function snapshot(dir: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile() || e.name === 'published.json') continue;
    const full = join(e.parentPath, e.name);
    out.set(full.slice(dir.length + 1), await readFile(full));
  }
  return out;
}

let work: string;
let exported: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'envgrid-xlsx-'));
  exported = join(work, 'roster.xlsx');
  const r = await run('roster-export.ts', [exported]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
}, BUDGET_MS);
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function editWorkbook(edit: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(exported);
  edit(wb);
  const file = join(work, `edited-${Math.random().toString(36).slice(2)}.xlsx`);
  await wb.xlsx.writeFile(file);
  return file;
}

/** The row number of the first row of `sheet` whose cells include `text`. */
function rowWith(ws: ExcelJS.Worksheet, text: string): number {
  for (let r = 2; r <= ws.rowCount; r++) {
    if ((ws.getRow(r).values as unknown[]).includes(text)) return r;
  }
  throw new Error(`no row with ${text}`);
}

describe('spreadsheet round trip', { timeout: BUDGET_MS }, () => {
  it('keeps content/ in canonical form', async () => {
    const files = await readRosterFiles(CONTENT);
    expect(serializeRoster(parseRoster(files), commentsOf(files))).toEqual(files);
  });

  it('writes the sheets with Chinese headers', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(exported);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '说明',
      '区（一级网格）',
      '镇（办事处）',
      '村（居）',
      '人员与角色',
      '联络人',
      '投诉渠道',
      '部门',
      '责任清单路由',
      '排污企业',
      '排放口',
      '污染物排放',
      '变更记录',
      '文件注释',
    ]);
    const people = wb.getWorksheet('人员与角色')!;
    expect(people.getRow(1).values).toEqual([
      undefined,
      '所属层级',
      '所属编号',
      '所在名单',
      '人员编号',
      '姓名',
      '职务或单位',
      '网格角色',
      '电话',
      '专职',
      '负责范围',
      '示例',
    ]);
    const r = rowWith(people, '石秀英');
    expect(people.getRow(r).values).toEqual([
      undefined,
      '村（居）',
      'beiguan',
      '网格监督员',
      '',
      '石秀英',
      '',
      '网格监督员',
      '13800000102',
      '是',
      '',
      '是',
    ]);
  });

  it('export then import into an empty folder reproduces content/ byte for byte', async () => {
    const target = await mkdtemp(join(work, 'content-'));
    const r = await run('roster-import.ts', [exported, '--content', target]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const want = await snapshot(CONTENT);
    const got = await snapshot(target);
    expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
    for (const [file, bytes] of want) expect(got.get(file)!.equals(bytes), file).toBe(true);
  });

  it('import over an unchanged content folder rewrites nothing', async () => {
    const target = await writeFixture(await sampleFiles());
    const r = await run('roster-import.ts', [exported, '--content', target]);
    expect(r.stdout).toContain('导入完成：更新 0 个文件，删除 0 个');
    await rm(target, { recursive: true, force: true });
  });

  it('writes only what changed in the workbook', async () => {
    const file = await editWorkbook((wb) => {
      const ws = wb.getWorksheet('人员与角色')!;
      ws.getRow(rowWith(ws, '石秀英')).getCell(5).value = '石秀兰';
      wb.getWorksheet('变更记录')!.addRow([
        'c-2026-006',
        '2026-11-25',
        '',
        'villages/beiguan',
        '北关村专职网格监督员更名',
        '是',
      ]);
    });
    const target = await writeFixture(await sampleFiles());
    const r = await run('roster-import.ts', [file, '--content', target]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('更新 2 个文件');
    expect(await readFile(join(target, 'villages/beiguan.yaml'), 'utf8')).toContain('name: 石秀兰');
    expect(await readFile(join(target, 'changes.yaml'), 'utf8')).toMatch(
      /- id: c-2026-006\n {2}effective: '2026-11-25'\n {2}scope: \[ villages\/beiguan \]\n/,
    );
    await rm(target, { recursive: true, force: true });
  });
});

describe('names instead of ids', { timeout: BUDGET_MS }, () => {
  it('a new row without an id gets one from its name; names stand for ids; a real date cell is a date', async () => {
    const file = await editWorkbook((wb) => {
      // No id, the town by its name, `updated` as a real Excel date cell.
      wb.getWorksheet('村（居）')!.addRow([
        '',
        '庆北办事处',
        '测试新村',
        '行政村',
        '',
        '是',
        new Date(Date.UTC(2026, 10, 25)),
      ]);
      const people = wb.getWorksheet('人员与角色')!;
      people.addRow([
        '村（居）',
        '测试新村',
        '网格长',
        '',
        '测试甲',
        '党支部书记、村委会主任',
        '网格长',
        '',
        '',
        '',
        '是',
      ]);
      wb.getWorksheet('变更记录')!.addRow(['c-2026-006', '2026-11-25', '', '测试新村、北关村', '新增测试新村', '是']);
    });
    const target = await writeFixture(await sampleFiles());
    const r = await run('roster-import.ts', [file, '--content', target]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const village = await readFile(join(target, 'villages/ceshixincun.yaml'), 'utf8');
    expect(village).toContain('id: ceshixincun\ntown: qingbei\nname: 测试新村');
    expect(village).toContain("updated: '2026-11-25'");
    expect(village).toContain('name: 测试甲');
    expect(await readFile(join(target, 'changes.yaml'), 'utf8')).toContain(
      'scope: [ villages/ceshixincun, villages/beiguan ]',
    );
    await rm(target, { recursive: true, force: true });
  });
});

describe('import errors', { timeout: BUDGET_MS }, () => {
  it('names sheet, row and column, says what to do, and writes nothing', async () => {
    let phoneRow = 0;
    let villageRow = 0;
    const file = await editWorkbook((wb) => {
      const people = wb.getWorksheet('人员与角色')!;
      phoneRow = rowWith(people, '石秀英');
      people.getRow(phoneRow).getCell(8).value = '1380000';
      people.getRow(phoneRow + 1).getCell(9).value = '兼职';
      people.getRow(phoneRow + 2).getCell(2).value = 'nosuch';
      const villages = wb.getWorksheet('村（居）')!;
      villageRow = rowWith(villages, 'hexi');
      villages.getRow(villageRow).getCell(4).value = '村';
      wb.getWorksheet('责任清单路由')!.getRow(2).getCell(2).value = '扬尘、雾霾';
      wb.getWorksheet('变更记录')!.getRow(3).getCell(3).value = '2026-13-01';
    });
    const target = await writeFixture(await sampleFiles());
    const before = await snapshot(target);
    const mtimes = await Promise.all([...before.keys()].map((f) => stat(join(target, f)).then((s) => s.mtimeMs)));
    const r = await run('roster-import.ts', [file, '--content', target]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('工作簿有 6 处错误，未写入任何文件');
    const lines = r.stderr.split('\n').map((l) => l.trim());
    expect(lines).toContain(
      `工作表「人员与角色」第 ${phoneRow} 行「电话」列（H 列）：电话号码格式不对，请写成手机号码（如 13812345678）、带区号的固定电话（如 0315-5776118，分机写成 0315-5776118-123）或服务号码（如 12369）`,
    );
    expect(lines).toContain(
      `工作表「人员与角色」第 ${phoneRow + 1} 行「专职」列（I 列）：只能填“是”或“否”，现在是“兼职”`,
    );
    expect(lines).toContain(
      `工作表「人员与角色」第 ${phoneRow + 2} 行「所属编号」列（B 列）：找不到编号为「nosuch」的村（居）；请填写“村（居）”工作表中已有的编号`,
    );
    expect(lines).toContain(
      `工作表「村（居）」第 ${villageRow} 行「类型」列（D 列）：只能填 “行政村”、“居委会” 之一，现在是“村”`,
    );
    expect(
      lines.some((l) => l.startsWith('工作表「责任清单路由」第 2 行「问题类别」列（B 列）：“雾霾”不是可选的值')),
    ).toBe(true);
    expect(lines).toContain(
      '工作表「变更记录」第 3 行「公布日期」列（C 列）：日期请写成 YYYY-MM-DD 并确保是真实日期，如 2026-11-20',
    );
    const after = await snapshot(target);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [f, bytes] of before) expect(after.get(f)!.equals(bytes), f).toBe(true);
    const mtimesAfter = await Promise.all([...before.keys()].map((f) => stat(join(target, f)).then((s) => s.mtimeMs)));
    expect(mtimesAfter).toEqual(mtimes);
    await rm(target, { recursive: true, force: true });
  });

  it('reports a required list with no rows where to add them', async () => {
    const file = await editWorkbook((wb) => {
      const people = wb.getWorksheet('人员与角色')!;
      for (let r = people.rowCount; r >= 2; r--) {
        const v = people.getRow(r).values as unknown[];
        if (v[2] === 'hexi' && v[3] === '网格长') people.spliceRows(r, 1);
      }
    });
    const r = await run('roster-import.ts', [file, '--content', join(work, 'never-written')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      '工作表「人员与角色」：请填写网格长（党支部书记、村委会主任）（请在“人员与角色”中添加所属层级为“村（居）”、所属编号为“hexi”、所在名单为“网格长”的行）',
    );
  });

  it('refuses a file that is not a workbook', async () => {
    const r = await run('roster-import.ts', [join(ROOT, 'package.json'), '--content', join(work, 'never-written')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('无法读取');
  });
});
