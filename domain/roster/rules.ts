/**
 * The plan's rules as checks over a validated Roster. Each finding names the rule, the file
 * and field to edit, and says in Chinese what to do. Schema and reference errors come from
 * parseRoster (load.ts) and are not repeated here; check.ts joins both.
 */
import { changeClock, CHANGE_STATE_LABELS } from '../changes.ts';
import {
  MIN_TOWN_FULLTIME_SUPERVISORS,
  MIN_VILLAGE_FULLTIME,
  MIN_VILLAGE_SUPERVISORS,
  PUBLISH_WITHIN_WORKING_DAYS,
  SUBLEADER_VILLAGES,
  WARN_WITHIN_WORKING_DAYS,
} from '../plan.ts';
import { departmentsFor } from '../routing.ts';
import { CATEGORIES, CATEGORY_KEYS, PLACE_TYPES, PLACE_TYPE_KEYS } from '../taxonomy.ts';
import { CalendarRangeError } from '../workdays.ts';
import { assessTowns, type GridRule } from './assess.ts';
import { indexRoster } from './query.ts';
import type { Change } from './records-schema.ts';
import type { Roster } from './schema.ts';

export type Severity = 'error' | 'finding';

export type RuleId =
  'schema' | GridRule | 'route-coverage' | 'change-calendar' | 'change-late' | 'change-overdue' | 'change-due-soon';

export interface Finding {
  rule: RuleId;
  /** 'error': the content is wrong or cannot be checked; 'finding': it falls short of the plan. */
  severity: Severity;
  /** Path relative to the content folder. */
  file: string;
  field?: string;
  /** What is wrong and what to do, in Chinese. */
  message: string;
  /** Id of the town the finding belongs to, for grouping. */
  town?: string;
}

/** One line per rule, in Chinese: what each rule checks (for reports and the README). */
export const RULE_TEXT: Record<RuleId, string> = {
  schema: '内容格式和相互引用正确（字段、电话、日期、id 都能对上）',
  'town-leaders': '每个镇（办事处）有双网格长（书记和镇长/主任）',
  'town-district-leader': '每个镇（办事处）有一位负责的区领导（一级网格）',
  'town-office-director': '每个镇（办事处）有网格办公室主任',
  'town-liaison': '每个镇（办事处）有固定联络人（姓名、电话、邮箱）',
  'town-fulltime-supervisors': `每个镇（办事处）至少 ${MIN_TOWN_FULLTIME_SUPERVISORS} 名专职网格监督员`,
  'subleader-villages': `每名二级分网格长负责 ${SUBLEADER_VILLAGES[0]}—${SUBLEADER_VILLAGES[1]} 个村（居）`,
  'village-coverage': '每个村（居）由且只由一名二级分网格长负责',
  'village-supervisors': `每个村（居）至少 ${MIN_VILLAGE_SUPERVISORS} 名网格监督员`,
  'village-fulltime': `每个村（居）至少 ${MIN_VILLAGE_FULLTIME} 名专职网格监督员`,
  'route-coverage': '每种问题类别在每种地点类型上都有责任部门',
  'change-calendar': '变更的日期在工作日日历覆盖的年份内',
  'change-late': `变更在生效后 ${PUBLISH_WITHIN_WORKING_DAYS} 个工作日内公布`,
  'change-overdue': `未公布的变更没有超过 ${PUBLISH_WITHIN_WORKING_DAYS} 个工作日`,
  'change-due-soon': `未公布的变更离截止日期还有 ${WARN_WITHIN_WORKING_DAYS} 个以上工作日`,
};

function gridFindings(roster: Roster): Finding[] {
  const out: Finding[] = [];
  for (const t of assessTowns(roster)) {
    const checks = [...t.checks, ...t.subLeaders.map((s) => s.check), ...t.villages.flatMap((v) => v.checks)];
    for (const c of checks) {
      if (c.met) continue;
      out.push({ rule: c.rule, severity: 'finding', file: c.file, field: c.field, message: c.fix!, town: t.town.id });
    }
  }
  return out;
}

function routeFindings(roster: Roster): Finding[] {
  const index = indexRoster(roster);
  const out: Finding[] = [];
  for (const c of CATEGORY_KEYS) {
    const missing = PLACE_TYPE_KEYS.filter((p) => departmentsFor(index, c, p).length === 0);
    if (missing.length === 0) continue;
    const places = missing.map((p) => `「${PLACE_TYPES[p]}」（${p}）`).join('、');
    out.push({
      rule: 'route-coverage',
      severity: 'finding',
      file: 'departments/',
      field: 'routes',
      message: `问题类别「${CATEGORIES[c]}」（${c}）在${places}没有责任部门，投诉无法分派；请在 departments/ 中负责的部门的 routes 里加上这些组合`,
    });
  }
  return out;
}

/** The town a change belongs to (its first scope inside a town), for grouping. */
function townOfChange(roster: Roster, change: Change): string | undefined {
  for (const ref of change.scope) {
    const [kind, id] = ref.split('/');
    if (kind === 'towns') return id;
    if (kind === 'villages') return roster.villages.find((v) => v.id === id)?.town;
    if (kind === 'enterprises') {
      const e = roster.enterprises.find((x) => x.id === id);
      return roster.villages.find((v) => v.id === e?.village)?.town;
    }
  }
  return undefined;
}

function changeFindings(roster: Roster, today: string): Finding[] {
  const out: Finding[] = [];
  roster.changes.forEach((c, i) => {
    const base = { file: 'changes.yaml', town: townOfChange(roster, c) };
    const what = `变更「${c.summary}」（${c.id}，${c.effective} 生效）`;
    try {
      const clock = changeClock(c, today);
      const due =
        clock.due ?? `第 ${PUBLISH_WITHIN_WORKING_DAYS} 个工作日（超出工作日日历覆盖的年份，无法推算具体日期）`;
      const label = CHANGE_STATE_LABELS[clock.state];
      if (clock.state === 'late') {
        out.push({
          ...base,
          rule: 'change-late',
          severity: 'finding',
          field: `[${i}].published`,
          message: `${what}${label}：应在 ${due} 前公布，实际 ${c.published} 公布，晚了 ${clock.lateBy} 个工作日。如公布日期记错，请更正 published；今后请在生效后 ${PUBLISH_WITHIN_WORKING_DAYS} 个工作日内公布`,
        });
      } else if (clock.state === 'overdue') {
        const by = clock.lateBy === undefined ? '' : `，已超过 ${clock.lateBy} 个工作日`;
        out.push({
          ...base,
          rule: 'change-overdue',
          severity: 'finding',
          field: `[${i}].published`,
          message: `${what}${label}：应在 ${due} 前公布${by}。请立即更新网站上的信息，并在 published 中填写公布日期`,
        });
      } else if (clock.state === 'due-soon') {
        out.push({
          ...base,
          rule: 'change-due-soon',
          severity: 'finding',
          field: `[${i}].published`,
          message:
            clock.remaining === 0
              ? `${what}尚未公布，今天是最后一天（${due}）：请今天更新网站上的信息，并在 published 中填写公布日期`
              : `${what}尚未公布，还剩 ${clock.remaining} 个工作日：请在 ${due} 前更新网站上的信息，并在 published 中填写公布日期`,
        });
      }
    } catch (e) {
      if (!(e instanceof CalendarRangeError)) throw e;
      out.push({
        ...base,
        rule: 'change-calendar',
        severity: 'error',
        field: `[${i}]`,
        message: `${what}无法推算公布期限：${e.message}`,
      });
    }
  });
  return out;
}

/**
 * Every finding of the plan's rules on a validated roster: the grid minimums, the routing
 * table's coverage and the publication clock of the change log as of `today` (YYYY-MM-DD,
 * China time).
 */
export function checkRoster(roster: Roster, options: { today: string }): Finding[] {
  return [...gridFindings(roster), ...routeFindings(roster), ...changeFindings(roster, options.today)];
}
