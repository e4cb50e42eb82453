/**
 * `npm run assess -- --quarter 2026Q4 [--json] [--reading item|whole] [--remote | --persist-to DIR]`:
 * the quarterly assessment (附件5) of every town and department from the case ledger, the
 * roster checks, the patrol records and the office's entries (functions/statistics/assessment.ts),
 * with ranking, interview triggers, the year's mean and the due dates. The veto reading comes
 * from --reading, else ASSESSMENT_VETO_READING (shell, then wrangler.toml), else `item`.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'smol-toml';
import { ASSESSMENT_ITEMS } from '../domain/plan.ts';
import { assessmentReport, vetoReadingSetting, type UnitReport } from '../functions/statistics/assessment.ts';
import { fail, parseCli } from './lib/cli.ts';
import { runOnD1 } from './lib/d1.ts';
import { ROOT } from './lib/server.ts';
import { runnerQuery, statisticsSetup } from './lib/statistics-cli.ts';

const USAGE = `用法：npm run assess -- --quarter 2026Q4 [--json] [--reading item|whole]
                      [--remote | --persist-to 目录] [--today YYYY-MM-DD] [--content 内容文件夹]`;

const args = parseCli(
  {
    options: {
      quarter: { type: 'string' },
      json: { type: 'boolean', default: false },
      reading: { type: 'string' },
      remote: { type: 'boolean', default: false },
      'persist-to': { type: 'string' },
      today: { type: 'string' },
      content: { type: 'string', default: './content' },
    },
  },
  USAGE,
);
const quarter = args.values.quarter?.trim().toUpperCase() ?? '';
if (!quarter) fail(`请用 --quarter 指定季度，如 --quarter 2026Q4。\n${USAGE}`);
if (!/^\d{4}Q[1-4]$/.test(quarter)) fail(`--quarter：季度应写成 YYYYQn，如 2026Q4（收到 ${quarter}）\n${USAGE}`);
if (args.values.today && !/^\d{4}-\d{2}-\d{2}$/.test(args.values.today)) fail(`--today 应写成 YYYY-MM-DD\n${USAGE}`);
let reading;
try {
  const toml = parse(readFileSync(resolve(ROOT, 'wrangler.toml'), 'utf8')) as { vars?: Record<string, string> };
  reading = vetoReadingSetting(
    args.values.reading ?? process.env.ASSESSMENT_VETO_READING ?? toml.vars?.ASSESSMENT_VETO_READING,
  );
} catch (e) {
  fail(`--reading：${(e as Error).message}\n${USAGE}`);
}
const { index, ctx } = await statisticsSetup(args.values.content, args.values.today);

const TRIGGERS = {
  'interview-deputy': '约谈分管负责同志',
  'interview-principal': '约谈主要负责同志',
  'special-inspection': '专项督察',
  accountability: '移交追责问责',
} as const;

function lines(u: UnitReport): string[] {
  const r = u.result;
  const out = [
    `第 ${u.rank} 名  ${u.name}：${r.total} 分，${r.grade}（另一读法 ${u.other.reading === 'whole' ? '总分为 0' : '该项为 0'}：${u.other.total} 分，${u.other.grade}）`,
  ];
  for (const i of r.items) {
    out.push(`  ${i.item}. ${ASSESSMENT_ITEMS[i.item].label}：${i.score}/${i.points}（${i.working}）`);
    for (const n of u.notes[i.item] ?? []) out.push(`       ${n}`);
  }
  out.push(`  一次性扣分 ${r.penalty}，运行管理 ${r.operation}，加分 ${r.bonus}`);
  for (const n of u.notes.entries ?? []) out.push(`     ${n}`);
  for (const f of r.automaticFail) out.push(`  直接不及格：${f}`);
  for (const t of u.triggers) out.push(`  → ${TRIGGERS[t.kind]}：${t.reason}`);
  out.push(
    `  ${quarter.slice(0, 4)} 年度平均 ${u.annual.mean.toFixed(2)} 分（${u.annual.quarters} 个季度${u.annual.provisional ? '，暂定' : ''}）`,
  );
  return out;
}

await runOnD1(
  { remote: args.values.remote, persistTo: args.values['persist-to'] },
  async (db) => {
    const report = await assessmentReport(runnerQuery(db), index, quarter, ctx, reading);
    if (args.values.json) {
      console.log(JSON.stringify(report, null, 2));
      return 0;
    }
    const byRank = (a: UnitReport, b: UnitReport) => a.rank - b.rank;
    console.log(
      `${report.quarter} 网格化环境监管考核（附件5），${db.label}；一票否决按「${reading === 'item' ? '该项分值为 0' : '总分为 0'}」计算`,
    );
    console.log(
      `镇（办事处）自评截止 ${report.dueDates.selfAssessment}，区上报市截止 ${report.dueDates.reportToCity}\n\n【镇（办事处）】`,
    );
    for (const u of [...report.towns].sort(byRank)) console.log(lines(u).join('\n'));
    console.log('\n【部门】');
    for (const u of [...report.departments].sort(byRank)) console.log(lines(u).join('\n'));
    return 0;
  },
  '数据库里还没有考核需要的表：请先运行 npm run db:migrate:dev（或 npm start）。',
);
