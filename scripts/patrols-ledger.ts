/**
 * `npm run patrols:ledger -- FILE.xlsx --town jiedao (--week 2026-W49 | --month 2026-12)`: the
 * patrol ledger (巡查清单) of one town and period as a workbook with Chinese headers, read from
 * the patrol log in the local D1 (npm start's; `--persist-to DIR`) or the deployed one (`--remote`).
 */
import { resolve } from 'node:path';
import { loadRoster } from '../domain/roster/fs.ts';
import { LEDGER_SQL, type LedgerLine } from '../functions/patrols/queries.ts';
import { patrolLedgerWorkbook } from './lib/workbook/patrol-ledger.ts';
import { fail, parseCli, periodArg } from './lib/cli.ts';
import { runOnD1 } from './lib/d1.ts';
import { ROOT } from './lib/server.ts';

const USAGE = `用法：npm run patrols:ledger -- 文件名.xlsx --town 镇编号 (--week 2026-W49 | --month 2026-12)
                               [--persist-to 目录 | --remote]`;

const parsed = parseCli(
  {
    allowPositionals: true,
    options: {
      town: { type: 'string' },
      week: { type: 'string' },
      month: { type: 'string' },
      remote: { type: 'boolean', default: false },
      'persist-to': { type: 'string' },
    },
  },
  USAGE,
);
const args = parsed.values;
const [file] = parsed.positionals;
if (!file || !file.endsWith('.xlsx') || parsed.positionals.length > 1)
  fail(`请给出一个以 .xlsx 结尾的文件名。\n${USAGE}`);
if (args.remote && args['persist-to']) fail('--remote 和 --persist-to 只能选一个');
const period = periodArg(args, USAGE);
const roster = await loadRoster(resolve(ROOT, process.env.ENVGRID_CONTENT_DIR ?? 'content'));
const town = roster.towns.find((t) => t.id === args.town);
if (!town) fail(`请用 --town 给出镇（办事处）编号：${roster.towns.map((t) => `${t.id}（${t.name}）`).join('、')}`);

await runOnD1(
  { remote: args.remote, persistTo: args['persist-to'] },
  async (db) => {
    const lines = await db.all<LedgerLine>(LEDGER_SQL, [town.id, period.from, period.to]);
    await patrolLedgerWorkbook(roster, town.id, period, lines).xlsx.writeFile(file);
    const patrols = new Set(lines.map((l) => l.patrolId)).size;
    console.log(
      `已导出到 ${file}：${town.name} ${period.from} 至 ${period.to}，${patrols} 次巡查，${lines.length} 行。`,
    );
    return 0;
  },
  '本地数据库还没有巡查记录表：请先运行 npm start（或 npm run db:migrate:dev）应用迁移。',
);
