/**
 * `npm run patrols:check`: the plan's patrol frequencies for one ISO week or month, read from
 * the patrol log (docs/patrols.md). Lists each person and village below the minimum, with the
 * numbers; exits 1 when any is below, 0 when all are met.
 *
 *   npm run patrols:check -- --week 2026-W49          local D1 in .wrangler/state (npm start's)
 *   npm run patrols:check -- --month 2026-12 --json   every row, machine-readable
 *   npm run patrols:check -- --week 2026-W49 --remote the deployed D1 (needs `wrangler login`)
 *   … --persist-to DIR   another local folder;   --today YYYY-MM-DD   judge as of that day
 */
import { resolve } from 'node:path';
import { loadRoster } from '../domain/roster/fs.ts';
import { todayInChina } from '../domain/workdays.ts';
import { checkPeriod, rowLine } from '../functions/patrols/check.ts';
import { fail, parseCli, periodArg } from './lib/cli.ts';
import { runOnD1 } from './lib/d1.ts';
import { ROOT } from './lib/server.ts';

const USAGE = `用法：npm run patrols:check -- (--week 2026-W49 | --month 2026-12) [--json]
                              [--persist-to 目录 | --remote] [--today YYYY-MM-DD]`;

const args = parseCli(
  {
    options: {
      week: { type: 'string' },
      month: { type: 'string' },
      json: { type: 'boolean', default: false },
      remote: { type: 'boolean', default: false },
      'persist-to': { type: 'string' },
      today: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  },
  USAGE,
).values;
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
if (args.remote && args['persist-to']) fail('--remote 和 --persist-to 只能选一个');
const period = periodArg(args, USAGE);
const today = args.today ?? todayInChina();
if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || Number.isNaN(Date.parse(today))) fail('--today 应写成 YYYY-MM-DD');
const roster = await loadRoster(resolve(ROOT, process.env.ENVGRID_CONTENT_DIR ?? 'content'));

await runOnD1(
  { remote: args.remote, persistTo: args['persist-to'] },
  async (db) => {
    const check = await checkPeriod((sql, params) => db.all(sql, params), roster, period, today);
    if (args.json) {
      console.log(JSON.stringify(check, null, 2));
      return check.below.length ? 1 : 0;
    }
    const { from, to, label } = check.period;
    console.log(`巡查频次检查 ${label}（${from} 至 ${to}，计到 ${today}），数据：${db.label}`);
    if (!check.rows.length) console.log('这个时段还没有到期要检查的巡查。');
    else if (!check.below.length) console.log(`全部 ${check.rows.length} 项达到方案要求。`);
    else {
      console.log(`${check.below.length} 项低于方案要求（共 ${check.rows.length} 项）：`);
      for (const row of check.below) console.log(`  ${rowLine(roster, row)}`);
    }
    return check.below.length ? 1 : 0;
  },
  '本地数据库还没有巡查记录表：请先运行 npm start（或 npm run db:migrate:dev）应用迁移。',
);
