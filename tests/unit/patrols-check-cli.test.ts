/**
 * `npm run patrols:check` against a real local D1 (wrangler's, with the real migrations) in a
 * temporary folder, with hand-made patrol records across the National Day holiday week
 * 2026-W40 (28 Sep – 4 Oct; 1–4 Oct are holidays): the plan's minimum of two patrols per village
 * per week holds in a holiday week too, so a 分网格长 who covered a village once is flagged with
 * the numbers and one who covered it twice passes.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { localD1 } from '../../scripts/lib/d1.ts';
import { loadRoster } from '../../domain/roster/fs.ts';
import type { PatrolCheck } from '../../functions/patrols/check.ts';

const ROOT = resolve(import.meta.dirname, '../..');
let dir: string;
/** The id of the fixture patrol that found (and rectified) a problem. */
const FOUND = crypto.randomUUID();

function run(script: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((ok) => {
    execFile(
      process.execPath,
      [join(ROOT, script), ...args, '--persist-to', dir],
      { cwd: ROOT, env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false' } },
      (err, stdout, stderr) => ok({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

function check(...args: string[]) {
  return run('scripts/patrols-check.ts', ...args);
}

const roster = await loadRoster(join(ROOT, 'content'));
// Two 分网格长 of the sample roster with two villages each.
const [a, b] = roster.towns
  .flatMap((t) => t.subLeaders.map((s) => ({ ...s, town: t.id })))
  .filter((s) => s.villages.length >= 2);
if (!a || !b) throw new Error('the sample roster needs two 分网格长 with two villages each');

/** One hand-made patrol row. */
function patrol(person: string, town: string, village: string, date: string) {
  return {
    sql: `INSERT INTO patrols (id, idempotency_key, payload_hash, person, staff_email, staff_name, town_id, village_id,
            patrol_date, checked, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, '[]', ?10)`,
    params: [
      crypto.randomUUID(),
      crypto.randomUUID(),
      '0'.repeat(64),
      person,
      `grid-${person}@example.org`,
      '示例·分网格长',
      town,
      village,
      date,
      `${date}T02:00:00.000Z`,
    ],
  };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'envgrid-patrols-cli-'));
  const m = spawnSync(
    join(ROOT, 'node_modules/.bin/wrangler'),
    ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', dir],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false' } },
  );
  if (m.status !== 0) throw new Error(`migrations failed: ${m.stderr}${m.stdout}`);
  const db = await localD1(dir);
  try {
    const [a1, a2] = a.villages as [string, string];
    const [b1, b2] = b.villages as [string, string];
    await db.batch([
      // a: first village twice (a working day and a holiday), second village only once (a holiday).
      {
        ...patrol(a.id, a.town, a1, '2026-09-29'),
        params: [FOUND, ...patrol(a.id, a.town, a1, '2026-09-29').params.slice(1)],
      },
      {
        sql: `INSERT INTO patrol_findings (patrol_id, seq, category, place_type, description, outcome, rectify_note)
              VALUES (?1, 1, 'cooking_fumes', 'restaurant', ?2, 'rectified', ?3)`,
        params: [FOUND, '示例：烧烤摊油烟直排', '示例：当场停用炭炉'],
      },
      patrol(a.id, a.town, a1, '2026-10-02'),
      patrol(a.id, a.town, a2, '2026-10-03'),
      // b: both villages twice, all on holidays; a patrol the week before does not count.
      patrol(b.id, b.town, b1, '2026-10-01'),
      patrol(b.id, b.town, b1, '2026-10-04'),
      patrol(b.id, b.town, b2, '2026-10-02'),
      patrol(b.id, b.town, b2, '2026-10-03'),
      patrol(b.id, b.town, b2, '2026-09-27'),
    ]);
  } finally {
    await db.close();
  }
}, 300_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// Each run starts wrangler's local runtime (many seconds on a busy machine).
describe('npm run patrols:check', { timeout: 300_000 }, () => {
  it('flags the 分网格长 who covered a village once in a holiday week and passes the one who covered it twice', async () => {
    const r = await check('--week', '2026-W40', '--today', '2026-10-10', '--json');
    expect(r.code, r.stderr).toBe(1);
    const out = JSON.parse(r.stdout) as PatrolCheck;
    expect(out.period).toMatchObject({ kind: 'week', from: '2026-09-28', to: '2026-10-04' });
    const sub = (person: string, village: string) =>
      out.rows.find((row) => row.level === 'subLeader' && row.person === person && row.place === village);
    expect(sub(a.id, a.villages[0]!)).toMatchObject({ need: 2, actual: 2, met: true });
    expect(sub(a.id, a.villages[1]!)).toMatchObject({ need: 2, actual: 1, met: false });
    expect(sub(b.id, b.villages[0]!)).toMatchObject({ need: 2, actual: 2, met: true });
    expect(sub(b.id, b.villages[1]!)).toMatchObject({ need: 2, actual: 2, met: true });
    expect(out.below.filter((row) => row.level === 'subLeader' && [a.id, b.id].includes(row.person!))).toHaveLength(1);
    // The village rule: a patrolled village still misses the days nobody patrolled it.
    const village = out.rows.find((row) => row.level === 'village' && row.place === a.villages[0]);
    expect(village).toMatchObject({ need: 7, actual: 2, met: false });
  });

  it('prints the rows below the minimum in Chinese with the numbers, and refuses a bad period', async () => {
    const r = await check('--week', '2026-W40', '--today', '2026-10-10');
    expect(r.code).toBe(1);
    const name = roster.villages.find((v) => v.id === a.villages[1])!.name;
    expect(r.stdout).toContain(`${a.name} · ${name}：应 2 次，实际 1 次`);
    expect(r.stdout).not.toContain(`${b.name} · `);
    const bad = await check('--week', '2026-49');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--week 应写成 2026-W49');
  });

  it('exports the town’s patrol ledger (巡查清单) with Chinese headers, one row per finding or empty patrol', async () => {
    const file = join(dir, 'ledger.xlsx');
    const r = await run('scripts/patrols-ledger.ts', file, '--town', a.town, '--week', '2026-W40');
    expect(r.code, r.stderr).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 6)).toEqual([
      '巡查日期',
      '村（居）',
      '巡查人',
      '查看部位（八查）',
      '问题序号',
      '问题类型（七看）',
    ]);
    const rows = ws
      .getSheetValues()
      .slice(2)
      .map((v) => (v as unknown[]).slice(1).map((x) => (x ?? '') as string));
    const inTown = [a, b].filter((s) => s.town === a.town).length === 2 ? 7 : 3;
    expect(rows).toHaveLength(inTown);
    const found = rows.find((x) => x[4] === '1')!;
    expect(found.slice(0, 2)).toEqual(['2026-09-29', roster.villages.find((v) => v.id === a.villages[0])!.name]);
    expect(found.slice(5, 11)).toEqual([
      '餐饮油烟',
      '餐饮单位',
      '',
      '示例：烧烤摊油烟直排',
      '当场整改',
      '示例：当场停用炭炉',
    ]);
    expect(rows.filter((x) => x[5] === '未发现问题')).toHaveLength(inTown - 1);
  });
});
