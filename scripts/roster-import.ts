/**
 * `npm run roster:import -- FILE.xlsx [--content DIR] [--today YYYY-MM-DD]`: validates every
 * row of the workbook and, only if all are valid, writes the content files (in canonical
 * form, so an unchanged export comes back byte for byte). Each error names the sheet, row
 * and column. Afterwards prints the plan's findings, as `roster:check` would.
 */
import { parseArgs } from 'node:util';
import { readFile } from 'node:fs/promises';
import { checkRoster } from '../domain/roster/rules.ts';
import { todayInChina } from '../domain/workdays.ts';
import { importWorkbook } from '../domain/roster/workbook/import.ts';
import { formatIssue } from '../domain/roster/workbook/read.ts';
import { readXlsx, XlsxError, type XlsxWorkbook } from '../domain/roster/workbook/xlsx.ts';
import { writeContent } from './lib/write-content.ts';

const USAGE = '用法：npm run roster:import -- 文件名.xlsx [--content 内容文件夹]';

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: { content: { type: 'string', default: './content' }, today: { type: 'string' } },
    });
  } catch (e) {
    console.error(`${e instanceof Error ? e.message : e}\n${USAGE}`);
    return 2;
  }
  const [file] = parsed.positionals;
  if (!file || parsed.positionals.length > 1) {
    console.error(`请给出要导入的 .xlsx 文件。\n${USAGE}`);
    return 2;
  }
  let wb: XlsxWorkbook;
  try {
    // The same reader as the console's upload (it runs in the Worker too).
    wb = await readXlsx(await readFile(file));
  } catch (e) {
    const why = e instanceof XlsxError ? e.message : `${e instanceof Error ? e.message : e}`;
    console.error(`无法读取「${file}」：${why}。请确认它是用 Excel 或 WPS 保存的 .xlsx 文件。`);
    return 1;
  }
  const result = importWorkbook(wb);
  if (!result.files || !result.roster) {
    console.error(`工作簿有 ${result.issues.length} 处错误，未写入任何文件。请逐条改正后重新导入：`);
    for (const i of result.issues) console.error(`  ${formatIssue(i)}`);
    return 1;
  }
  const summary = await writeContent(parsed.values.content, result.files);
  console.log(
    `导入完成：更新 ${summary.written.length} 个文件，删除 ${summary.removed.length} 个，` +
      `${summary.unchanged} 个没有变化。`,
  );
  for (const f of summary.written) console.log(`  写入 ${f}`);
  for (const f of summary.removed) console.log(`  删除 ${f}`);
  const findings = checkRoster(result.roster, { today: parsed.values.today ?? todayInChina() });
  if (findings.length > 0) {
    console.log(`\n注意：有 ${findings.length} 项不符合方案要求（详见 npm run roster:check）：`);
    for (const f of findings) console.log(`  ${f.file}${f.field ? ` › ${f.field}` : ''}：${f.message}`);
  }
  return 0;
}

process.exitCode = await main();
