/**
 * The plan's rules as checks over a validated Roster. Each finding names the rule, the file
 * and field to edit, and says in Chinese what to do. Schema and reference errors come from
 * parseRoster (load.ts) and are not repeated here; check.ts joins both.
 */
import { changeClock, CHANGE_STATE_LABELS, provisionalNote, yearsLabel, type ChangeClock } from '../changes.ts';
import {
  MIN_TOWN_FULLTIME_SUPERVISORS,
  MIN_VILLAGE_FULLTIME,
  MIN_VILLAGE_SUPERVISORS,
  PUBLISH_WITHIN_WORKING_DAYS,
  MIN_VILLAGE_WORKERS,
  SUBLEADER_VILLAGES,
  WARN_WITHIN_WORKING_DAYS,
} from '../plan.ts';
import { departmentsFor } from '../routing.ts';
import { CATEGORIES, CATEGORY_KEYS, PLACE_TYPES, PLACE_TYPE_KEYS } from '../taxonomy.ts';
import type { WorkCalendar } from '../workdays.ts';
import { assessTowns, type GridRule } from './assess.ts';
import { rosterCalendar } from './calendar.ts';
import { indexRoster } from './query.ts';
import type { Change } from './records-schema.ts';
import type { Roster } from './schema.ts';

export type Severity = 'error' | 'finding';

export type RuleId =
  | 'schema'
  | GridRule
  | 'department-liaison'
  | 'route-coverage'
  | 'change-calendar'
  | 'change-late'
  | 'change-overdue'
  | 'change-due-soon'
  | 'change-unrecorded'
  | 'change-published-by-hand'
  | 'sample-kept';

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
  'village-leaders': '每个村（居）的网格长是党支部书记和村（居）委会主任（可一人兼任）',
  'village-workers': `每个村（居）至少 ${MIN_VILLAGE_WORKERS} 名网格员`,
  'village-supervisors': `每个村（居）至少 ${MIN_VILLAGE_SUPERVISORS} 名网格监督员`,
  'village-fulltime': `每个村（居）至少 ${MIN_VILLAGE_FULLTIME} 名专职网格监督员`,
  'department-liaison': '每个部门有固定联络人（姓名、电话、邮箱）',
  'route-coverage': '每种问题类别在每种地点类型上都有责任部门',
  'change-calendar': '变更的公布期限所在年份的放假安排已录入（否则期限为暂定）',
  'change-late': `变更在生效后 ${PUBLISH_WITHIN_WORKING_DAYS} 个工作日内公布`,
  'change-overdue': `未公布的变更没有超过 ${PUBLISH_WITHIN_WORKING_DAYS} 个工作日`,
  'change-due-soon': `未公布的变更离截止日期还有 ${WARN_WITHIN_WORKING_DAYS} 个以上工作日`,
  'change-unrecorded': '自上次发布以来改动过的文件都有变更记录（npm run roster:changes 可起草）',
  'change-published-by-hand': '公布日期由网站在新版本上线时自动记录，不手工填写',
  'sample-kept': '换成新人员时去掉“示例”标记（sample: true）',
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
      file: 'routing.yaml',
      message: `问题类别「${CATEGORIES[c]}」（${c}）在${places}没有责任部门，投诉无法分派；请在 routing.yaml 中负责的部门的 routes 里加上这些组合`,
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

/** A department without its fixed liaison (plan, Annex 6: name, phone and e-mail, filed with the office). */
function departmentFindings(roster: Roster): Finding[] {
  return roster.departments
    .filter((d) => !d.liaison)
    .map((d) => ({
      rule: 'department-liaison' as const,
      severity: 'finding' as const,
      file: `departments/${d.id}.yaml`,
      field: 'liaison',
      message: `${d.name}没有指定固定联络人；方案（附件 6）要求各相关部门指定联络人，请在 liaison 中填写联络人的姓名、电话和电子邮箱`,
    }));
}

/** 「2026-11-05」 or 「2027-01-05（暂定）」. */
export function dueLabel(clock: Pick<ChangeClock, 'due' | 'provisionalYears'>): string {
  return clock.provisionalYears ? `${clock.due}（暂定）` : clock.due;
}

function changeFindings(roster: Roster, calendar: WorkCalendar, today: string): Finding[] {
  const out: Finding[] = [];
  roster.changes.forEach((c, i) => {
    const base = { file: 'changes.yaml', town: townOfChange(roster, c) };
    const what = `变更「${c.summary}」（${c.id}，${c.effective} 生效）`;
    const clock = changeClock(c, calendar, today);
    const due = dueLabel(clock);
    const label = CHANGE_STATE_LABELS[clock.state];
    if (clock.provisionalYears && !c.published) {
      out.push({
        ...base,
        rule: 'change-calendar',
        severity: 'finding',
        field: `[${i}]`,
        message: `${what}的公布期限 ${due}：${provisionalNote(clock.provisionalYears)}`,
      });
    }
    if (clock.state === 'late') {
      out.push({
        ...base,
        rule: 'change-late',
        severity: 'finding',
        field: `[${i}].published`,
        message: `${what}${label}：应在 ${due} 前公布，实际 ${c.published} 公布，晚了 ${clock.lateBy} 个工作日。如公布日期记错，请更正 published；今后请在生效后 ${PUBLISH_WITHIN_WORKING_DAYS} 个工作日内公布`,
      });
    } else if (clock.state === 'overdue') {
      out.push({
        ...base,
        rule: 'change-overdue',
        severity: 'finding',
        field: `[${i}].published`,
        message: `${what}${label}：应在 ${due} 前公布，已超过 ${clock.lateBy} 个工作日。请立即更新网站上的信息并发布（npm run deploy 会记下公布日期）`,
      });
    } else if (clock.state === 'due-soon') {
      out.push({
        ...base,
        rule: 'change-due-soon',
        severity: 'finding',
        field: `[${i}].published`,
        message:
          clock.remaining === 0
            ? `${what}尚未公布，今天是最后一天（${due}）：请今天更新网站上的信息并发布`
            : `${what}尚未公布，还剩 ${clock.remaining} 个工作日：请在 ${due} 前更新网站上的信息并发布`,
      });
    }
  });
  return out;
}

/** An unpublished change with its clock, for the list `roster:check` always prints. */
export interface PendingChange {
  id: string;
  summary: string;
  effective: string;
  clock: ChangeClock;
}

/** Every unpublished change with its due date and working days left (or past), as of `today`. */
export function pendingChanges(roster: Roster, today: string): PendingChange[] {
  const calendar = rosterCalendar(roster);
  return roster.changes
    .filter((c) => !c.published)
    .map((c) => ({ id: c.id, summary: c.summary, effective: c.effective, clock: changeClock(c, calendar, today) }));
}

/** 「还剩 12 个工作日」「今天到期」「已超过 3 个工作日」, plus the provisional years when there are any. */
export function remainingLabel(clock: ChangeClock): string {
  const left =
    clock.state === 'overdue'
      ? `已超过 ${clock.lateBy} 个工作日`
      : clock.remaining === 0
        ? '今天到期'
        : `还剩 ${clock.remaining} 个工作日`;
  return clock.provisionalYears ? `${left}（${yearsLabel(clock.provisionalYears)}按周末暂算）` : left;
}

/**
 * Every finding of the plan's rules on a validated roster: the grid minimums, the routing
 * table's coverage and the publication clock of the change log as of `today` (YYYY-MM-DD,
 * China time).
 */
export function checkRoster(roster: Roster, options: { today: string }): Finding[] {
  return [
    ...gridFindings(roster),
    ...departmentFindings(roster),
    ...routeFindings(roster),
    ...changeFindings(roster, rosterCalendar(roster), options.today),
  ];
}
