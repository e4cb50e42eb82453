/**
 * The roster as the built Worker carries it. Prerendered pages get the whole
 * roster at build time; the Worker (on-demand pages, the API) needs only the
 * grid's shape — towns, villages, the 二级分网格长 who cover them, district
 * leaders, departments — to route complaints and fill the form's lists.
 *
 * Why: the whole roster is a JSON string inside the Worker bundle, parsed when
 * the isolate starts. At city scale (24,000 villages) that is a 39 MB bundle
 * and a 160+ MB heap before the first request (bench/build-scale.ts), over the
 * 128 MB a Workers isolate may use. The people of every village and town are
 * most of it and only prerendered pages show them.
 *
 * Omitted fields are not silently empty: reading one in the Worker throws and
 * names this file, so an on-demand page that needs one fails its tests rather
 * than showing a blank list.
 */
import { gridCheckSummary } from './assess.ts';
import type { Roster } from './schema.ts';

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
 * slim roster, with a throwing getter in place of every omitted field.
 */
export function runtimeRosterModule(roster: Roster): string {
  return [
    `const roster = JSON.parse(${JSON.stringify(JSON.stringify(runtimeRoster(roster)))});`,
    `const omitted = ${JSON.stringify(RUNTIME_OMITTED)};`,
    'for (const [kind, keys] of Object.entries(omitted))',
    '  for (const item of roster[kind])',
    '    for (const key of keys)',
    '      Object.defineProperty(item, key, {',
    '        get() {',
    '          throw new Error(`roster: ${kind}[].${key} is in prerendered pages only, not in the Worker (domain/roster/runtime.ts)`);',
    '        },',
    '      });',
    'export default roster;',
  ].join('\n');
}
