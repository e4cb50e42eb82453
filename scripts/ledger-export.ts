/**
 * `npm run ledger:export -- --quarter 2026Q4 [--town ID] [--remote | --persist-to DIR] FILE.xlsx`:
 * the six ledgers of a quarter as one workbook (scripts/lib/ledger-workbook.ts), from the
 * same SQL as the public statistics (functions/statistics/).
 */
import { quarterPeriod } from '../domain/statistics.ts';
import { ledgers } from '../functions/statistics/ledgers.ts';
import { fail, parseCli } from './lib/cli.ts';
import { runOnD1 } from './lib/d1.ts';
import { ledgerWorkbook } from './lib/ledger-workbook.ts';
import { runnerQuery, statisticsSetup } from './lib/statistics-cli.ts';

const USAGE = `用法：npm run ledger:export -- --quarter 2026Q4 [--town 镇编号] [--remote | --persist-to 目录]
                             [--today YYYY-MM-DD] [--content 内容文件夹] 文件名.xlsx`;

const args = parseCli(
  {
    allowPositionals: true,
    options: {
      quarter: { type: 'string' },
      town: { type: 'string' },
      remote: { type: 'boolean', default: false },
      'persist-to': { type: 'string' },
      today: { type: 'string' },
      content: { type: 'string', default: './content' },
    },
  },
  USAGE,
);
const [file, ...extra] = args.positionals;
if (!file || !file.endsWith('.xlsx') || extra.length) fail(`请给出一个以 .xlsx 结尾的文件名。\n${USAGE}`);
if (!args.values.quarter) fail(`请用 --quarter 指定季度，如 --quarter 2026Q4。\n${USAGE}`);
let period;
try {
  period = quarterPeriod(args.values.quarter);
} catch (e) {
  fail(`--quarter：${(e as Error).message}\n${USAGE}`);
}
if (args.values.today && !/^\d{4}-\d{2}-\d{2}$/.test(args.values.today)) fail(`--today 应写成 YYYY-MM-DD\n${USAGE}`);
const { index, ctx, names } = await statisticsSetup(args.values.content, args.values.today);
const town = args.values.town;
if (town && !index.town(town)) {
  fail(`--town：没有编号为「${town}」的镇（办事处）；可选：${index.roster.towns.map((t) => t.id).join('、')}`);
}

await runOnD1(
  { remote: args.values.remote, persistTo: args.values['persist-to'] },
  async (db) => {
    const l = await ledgers(runnerQuery(db), period, ctx, town);
    const scope = town ? `${names.towns[town]}（${town}）` : '全区';
    await ledgerWorkbook(l, names, scope).xlsx.writeFile(file);
    console.log(
      `已导出 ${period.label} 的台账到 ${file}（${db.label}，${scope}）：问题 ${l.cases.length} 件，` +
        `巡查记录 ${l.patrols.records.length} 条${l.patrols.available ? '' : `（${l.patrols.note}）`}，问责 ${l.accountability.length} 条。`,
    );
    return 0;
  },
  '数据库里还没有案件台账需要的表：请先运行 npm run db:migrate:dev（或 npm start）。',
);
