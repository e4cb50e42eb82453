/**
 * `npm run roster:check [-- --strict] [--json] [--today YYYY-MM-DD] [--content DIR] [--rules] [--remote | --local-db]`
 *
 * With `--remote` (the deployed D1) or `--local-db` (npm start's), change records without a
 * `published` date take the date the runtime recorded when the version carrying them first served.
 *
 * Validates the roster and checks it against the plan; prints a report in Chinese grouped
 * by town (or JSON with `--json`; `--rules` lists what is checked). Exit status 1 on errors, or on any finding with --strict;
 * 2 when the command itself is used wrongly.
 */
import { parseArgs } from 'node:util';
import { relative, resolve } from 'node:path';
import { checkRosterFiles, townNamesOf } from '../domain/roster/check.ts';
import { readPublishedState, readRosterFiles } from '../domain/roster/fs.ts';
import { failed, formatJson, formatReport } from '../domain/roster/report.ts';
import { RULE_TEXT } from '../domain/roster/rules.ts';
import { todayInChina } from '../domain/workdays.ts';
import { CHANGES_FILE, withRecordedDates } from '../domain/roster/changes-file.ts';
import { DEFAULT_PERSIST_TO, localD1, remoteD1, type SqlRunner } from './lib/d1.ts';

/** Change id → the day the runtime recorded it as published (migrations/0018). */
async function recordedPublicationDates(db: SqlRunner): Promise<Map<string, string>> {
  try {
    const rows = await db.all<{ change_id: string; published_at: string }>(
      'SELECT change_id, published_at FROM roster_publications',
    );
    return new Map(rows.map((r) => [r.change_id, r.published_at]));
  } finally {
    await db.close();
  }
}

const USAGE =
  '用法：npm run roster:check -- [--strict] [--json] [--today YYYY-MM-DD] [--content 内容文件夹] [--rules] [--remote | --local-db]';

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        strict: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        today: { type: 'string' },
        content: { type: 'string', default: './content' },
        rules: { type: 'boolean', default: false },
        remote: { type: 'boolean', default: false },
        'local-db': { type: 'boolean', default: false },
      },
    }).values;
  } catch (e) {
    console.error(`${e instanceof Error ? e.message : e}\n${USAGE}`);
    return 2;
  }
  if (args.rules) {
    console.log('roster:check 核对的规则：');
    for (const [rule, text] of Object.entries(RULE_TEXT)) console.log(`  ${rule.padEnd(26)}${text}`);
    return 0;
  }
  const today = args.today ?? todayInChina();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || Number.isNaN(Date.parse(today))) {
    console.error(`--today 的日期请写成 YYYY-MM-DD，如 2026-11-26\n${USAGE}`);
    return 2;
  }
  let files, published;
  try {
    files = await readRosterFiles(args.content);
    published = await readPublishedState(args.content);
  } catch (e) {
    console.error(`无法读取内容文件夹「${args.content}」：${e instanceof Error ? e.message : e}\n${USAGE}`);
    return 2;
  }
  // Publication dates recorded by the runtime (docs/roster-publishing.md), from the deployed D1 or npm start's.
  let filled: number[] = [];
  if (args.remote || args['local-db']) {
    try {
      const dates = await recordedPublicationDates(args.remote ? remoteD1() : await localD1(DEFAULT_PERSIST_TO));
      if (files[CHANGES_FILE] !== undefined) {
        const r = withRecordedDates(files[CHANGES_FILE], dates);
        files = { ...files, [CHANGES_FILE]: r.text };
        filled = r.filled;
      }
    } catch (e) {
      console.error(`无法读取上线记录：${e instanceof Error ? e.message : e}`);
      return 2;
    }
  }
  const result = checkRosterFiles(files, { today, published });
  // A date the runtime recorded is not one typed by hand.
  result.findings = result.findings.filter(
    (f) => !(f.rule === 'change-published-by-hand' && filled.some((i) => f.field === `[${i}].published`)),
  );
  if (args.json) console.log(formatJson(result, args.strict));
  else {
    const rel = relative(process.cwd(), args.content);
    const root = rel.startsWith('..') ? resolve(args.content) : rel || '.';
    console.log(formatReport(result, { strict: args.strict, today, townNames: townNamesOf(files), root }));
  }
  return failed(result.findings, args.strict) ? 1 : 0;
}

process.exitCode = await main();
