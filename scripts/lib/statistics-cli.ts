/**
 * What the statistics tools (`npm run ledger:export`, `npm run assess`) share: the roster
 * and its calendar from `content/`, the same-day cut-off setting, and the D1 to count in
 * (local `--persist-to` folder or `--remote`) as the Query the shared SQL takes.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'smol-toml';
import { parseCutoff } from '../../domain/cases/clocks.ts';
import { rosterCalendar } from '../../domain/roster/calendar.ts';
import { loadRoster } from '../../domain/roster/fs.ts';
import { indexRoster, type RosterIndex } from '../../domain/roster/query.ts';
import { todayInChina } from '../../domain/workdays.ts';
import type { FigureContext, Query } from '../../functions/statistics/figures.ts';
import { ledgerNames, type LedgerNames } from '../../functions/statistics/ledger-sheets.ts';
import type { SqlRunner } from './d1.ts';
import { ROOT } from './server.ts';

/** CASE_ASSIGN_CUTOFF from the shell, else wrangler.toml `[vars]`, else the default. */
export function cutoffSetting(env: NodeJS.ProcessEnv = process.env): string {
  const config = parse(readFileSync(resolve(ROOT, 'wrangler.toml'), 'utf8')) as { vars?: Record<string, unknown> };
  return parseCutoff(env.CASE_ASSIGN_CUTOFF ?? (config.vars?.CASE_ASSIGN_CUTOFF as string | undefined));
}

/** The roster, indexed, with the counting context for `today` (default: today in Beijing). */
export async function statisticsSetup(
  contentDir: string,
  today?: string,
): Promise<{
  index: RosterIndex;
  ctx: FigureContext;
  names: LedgerNames;
}> {
  const roster = await loadRoster(contentDir);
  const index = indexRoster(roster);
  const names = ledgerNames(index);
  return {
    index,
    names,
    ctx: { cal: rosterCalendar(roster), today: today ?? todayInChina(), cutoff: cutoffSetting() },
  };
}

/** The shared SQL's Query on a command-line runner. */
export const runnerQuery =
  (db: SqlRunner): Query =>
  <T>(sql: string, params: string[]) =>
    db.all<T>(sql, params);
