/**
 * The roster as the built Worker carries it. Prerendered pages get the whole
 * roster at build time; the Worker (on-demand pages, the API) needs only the
 * grid's shape — towns, villages, the 二级分网格长 who cover them, district
 * leaders, departments — to route complaints and fill the form's lists.
 *
 * Why: the Worker parses its roster when the isolate starts. The whole roster
 * at city scale (24,000 villages) was a 39 MB bundle and a 160+ MB heap before
 * the first request (bench/build-scale.ts), over the 128 MB a Workers isolate
 * may use; the slim one at 50,016 villages starts in 64.5 MB. The people of every village and town are
 * most of it and only prerendered pages show them.
 *
 * Omitted fields are not silently empty: reading one in the Worker throws and
 * names this file, so an on-demand page that needs one fails its tests rather
 * than showing a blank list.
 */
import { gridCheckSummary } from './assess.ts';
import type { Roster } from './schema.ts';

/**
 * Up to this many villages the Worker also carries every roster file's text, for the staff
 * console's edits and uploads (functions/roster/console/built.ts), which start from those texts
 * and check the edited roster whole. A province's files are 86 MB (50,016 villages: 124 MB of the
 * isolate's 128 MB before the first request, measured by bench/build-scale.ts), and checking one
 * edit would re-read 60,000 files, so beyond it the console is closed and the roster is edited
 * with the workbook and the command-line tools (docs/roster-tools.md), then built and deployed.
 * A district choice, not the plan's.
 */
export const CONSOLE_EDIT_MAX_VILLAGES = 5000;

/** Why the roster console is closed for this roster (Chinese, for staff), or null when it is open. */
export function consoleClosedReason(roster: Pick<Roster, 'villages'>): string | null {
  if (roster.villages.length <= CONSOLE_EDIT_MAX_VILLAGES) return null;
  return (
    `名册有 ${roster.villages.length} 个村（居），超过网页修改的上限（${CONSOLE_EDIT_MAX_VILLAGES} 个），名册管理页面暂停使用。` +
    '请导出名册工作簿修改后用 npm run roster:import 导入，核对（npm run roster:check）后重新发布网站。'
  );
}

/** Fields left out of the Worker's roster, per collection. */
export const RUNTIME_OMITTED = {
  villages: ['leaders', 'workers', 'supervisors', 'covers'],
  towns: ['leaders', 'officeDirector', 'supervisors', 'envOffice', 'liaison', 'plan'],
} as const satisfies Partial<Record<keyof Roster, readonly string[]>>;

function without<T extends object>(item: T, keys: readonly string[]): Partial<T> {
  const out = { ...item } as Record<string, unknown>;
  for (const k of keys) delete out[k];
  return out as Partial<T>;
}

/**
 * The roster without the omitted fields (what the Worker's module holds), plus the grid
 * checks' summary (`gridChecks`) the quarterly assessment needs from those fields.
 */
export function runtimeRoster(roster: Roster): unknown {
  return {
    ...roster,
    gridChecks: gridCheckSummary(roster),
    towns: roster.towns.map((t) => without(t, RUNTIME_OMITTED.towns)),
    villages: roster.villages.map((v) => without(v, RUNTIME_OMITTED.villages)),
  };
}

/**
 * Source of the `virtual:envgrid/roster` module for the Worker bundle: the
 * slim roster, with a throwing getter in place of every omitted field. With
 * `asTextModule` (the build) the JSON goes to a file that function writes and
 * the module imports as a Text module, so the bundler never parses it as code.
 */
export function runtimeRosterModule(roster: Roster, asTextModule?: (json: string) => string): string {
  const json = JSON.stringify(runtimeRoster(roster));
  return [
    ...(asTextModule
      ? [`import text from ${JSON.stringify(asTextModule(json))};`, 'const roster = JSON.parse(text);']
      : [`const roster = JSON.parse(${JSON.stringify(json)});`]),
    `const omitted = ${JSON.stringify(RUNTIME_OMITTED)};`,
    // One prototype per collection holds the throwing getters: a getter per item and field
    // took 29 MB at 50,000 villages, a third of the roster's share of the isolate.
    'for (const [kind, keys] of Object.entries(omitted)) {',
    '  const proto = {};',
    '  for (const key of keys)',
    '    Object.defineProperty(proto, key, {',
    '      get() {',
    '        throw new Error(`roster: ${kind}[].${key} is in prerendered pages only, not in the Worker (domain/roster/runtime.ts)`);',
    '      },',
    '    });',
    '  for (const item of roster[kind]) Object.setPrototypeOf(item, proto);',
    '}',
    'export default roster;',
  ].join('\n');
}
