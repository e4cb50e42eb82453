/**
 * `npm run roster:export -- FILE.xlsx [--content DIR]`: writes the whole roster as a workbook
 * with Chinese headers (domain/roster/workbook/sheets.ts). Staff edit it and bring it back with
 * `npm run roster:import`; the workbook is also the template for new entries.
 */
import { parseArgs } from 'node:util';
import { readRosterFiles } from '../domain/roster/fs.ts';
import { parseRoster, RosterError } from '../domain/roster/load.ts';
import { commentsOf } from '../domain/roster/serialize.ts';
import { rosterWorkbook } from './lib/workbook/export.ts';

const USAGE = '用法：npm run roster:export -- 文件名.xlsx [--content 内容文件夹]';

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { content: { type: 'string', default: './content' } } });
  } catch (e) {
    console.error(`${e instanceof Error ? e.message : e}\n${USAGE}`);
    return 2;
  }
  const [file] = parsed.positionals;
  if (!file || !file.endsWith('.xlsx') || parsed.positionals.length > 1) {
    console.error(`请给出一个以 .xlsx 结尾的文件名。\n${USAGE}`);
    return 2;
  }
  const files = await readRosterFiles(parsed.values.content);
  let roster;
  try {
    roster = parseRoster(files);
  } catch (e) {
    if (!(e instanceof RosterError)) throw e;
    console.error(`${e.message}\n内容有错误，无法导出；请先改正（npm run roster:check 可查看全部问题）。`);
    return 1;
  }
  await rosterWorkbook(roster, commentsOf(files)).xlsx.writeFile(file);
  console.log(
    `已导出到 ${file}：${roster.towns.length} 个镇（办事处）、${roster.villages.length} 个村（居）、` +
      `${roster.departments.length} 个部门、${roster.enterprises.length} 家排污企业、${roster.changes.length} 条变更记录。`,
  );
  return 0;
}

process.exitCode = await main();
