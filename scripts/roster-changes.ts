/**
 * `npm run roster:changes [-- --effective YYYY-MM-DD] [--summary 文字] [--content DIR]`
 *
 * Finds the roster files changed since the last deploy that no change record covers, and writes
 * a drafted record for them into changes.yaml: scope from the files, summary from the fields
 * changed, id the next free one, effective date given or asked. Staff then check it (and may
 * reword the summary) before committing. Exit 0 when written or nothing to record, 1 on content
 * errors, 2 when used wrongly.
 */
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { readPublishedState, readRosterFiles } from '../domain/roster/fs.ts';
import { parseRoster, RosterError } from '../domain/roster/load.ts';
import { describeChange, nextChangeId, snapshotOf, unrecordedChanges } from '../domain/roster/publication.ts';
import { changeSchema, type Change } from '../domain/roster/records-schema.ts';
import { todayInChina } from '../domain/workdays.ts';
import { draftSummary } from '../domain/roster/summary.ts';
import { appendChange } from './lib/publish.ts';

const USAGE =
  '用法：npm run roster:changes -- [--effective 生效日期 YYYY-MM-DD] [--summary 变更内容] [--content 内容文件夹]';

async function askEffective(today: string): Promise<string | undefined> {
  if (!process.stdin.isTTY) return undefined;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = (await rl.question(`这些改动是哪天生效的？（YYYY-MM-DD，直接回车为今天 ${today}）：`)).trim();
    return answer || today;
  } finally {
    rl.close();
  }
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        effective: { type: 'string' },
        summary: { type: 'string' },
        content: { type: 'string', default: './content' },
      },
    }).values;
  } catch (e) {
    console.error(`${e instanceof Error ? e.message : e}\n${USAGE}`);
    return 2;
  }
  const files = await readRosterFiles(args.content);
  let roster;
  try {
    roster = parseRoster(files);
  } catch (e) {
    if (!(e instanceof RosterError)) throw e;
    console.error(`${e.message}\n请先改正内容错误，再起草变更记录。`);
    return 1;
  }
  const state = await readPublishedState(args.content);
  if (!state) {
    console.log('还没有发布记录（published.json）：第一次 npm run deploy 之后，本命令才能找出改动。');
    return 0;
  }
  const changed = unrecordedChanges(state, snapshotOf(files), roster.changes);
  if (changed.length === 0) {
    console.log(`自 ${state.date} 发布以来的改动都已有变更记录，无需起草。`);
    return 0;
  }
  console.log(`自 ${state.date} 发布以来，以下文件有改动但没有变更记录：`);
  for (const f of changed) console.log(`  ${f.file}：${describeChange(f)}`);
  const today = todayInChina();
  const effective = args.effective ?? (await askEffective(today));
  if (!effective) {
    console.error(`请用 --effective 给出这些改动的生效日期，如 --effective ${today}\n${USAGE}`);
    return 2;
  }
  const draft: Change = {
    id: nextChangeId(roster.changes, effective.slice(0, 4)),
    effective,
    scope: changed.map((f) => f.scope),
    summary: args.summary ?? draftSummary(roster, changed),
  };
  const valid = changeSchema.safeParse(draft);
  if (!valid.success) {
    console.error(`${valid.error.issues.map((i) => i.message).join('；')}\n${USAGE}`);
    return 2;
  }
  await appendChange(args.content, valid.data);
  console.log(
    `\n已在 changes.yaml 末尾写入变更记录 ${draft.id}：\n  生效日期：${draft.effective}\n  涉及：${draft.scope.join('、')}\n  内容：${draft.summary}\n` +
      '请核对（可改写“内容”），然后提交。公布日期不用填：网站在新版本上线时自动记录。',
  );
  return 0;
}

process.exitCode = await main();
