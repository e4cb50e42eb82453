/**
 * `npm run roster:format [-- --content DIR]`: rewrites the roster files in their canonical
 * form (domain/roster/serialize.ts), keeping each file's leading comment. Run it after
 * editing YAML by hand; the values never change, only the layout.
 */
import { parseArgs } from 'node:util';
import { readRosterFiles } from '../domain/roster/fs.ts';
import { parseRoster, RosterError } from '../domain/roster/load.ts';
import { commentsOf, serializeRoster } from '../domain/roster/serialize.ts';
import { writeContent } from './lib/write-content.ts';

const USAGE = '用法：npm run roster:format [-- --content 内容文件夹]';
let content: string;
try {
  ({ content } = parseArgs({ options: { content: { type: 'string', default: './content' } } }).values);
} catch (e) {
  console.error(`${e instanceof Error ? e.message : e}\n${USAGE}`);
  process.exit(2);
}
const files = await readRosterFiles(content);
try {
  const roster = parseRoster(files);
  const { written } = await writeContent(content, serializeRoster(roster, commentsOf(files)));
  console.log(
    written.length ? `已整理 ${written.length} 个文件：\n  ${written.join('\n  ')}` : '所有文件已是标准格式。',
  );
} catch (e) {
  if (!(e instanceof RosterError)) throw e;
  console.error(`${e.message}\n内容有错误，未整理任何文件。`);
  process.exitCode = 1;
}
