/**
 * Each town's grid measured against the plan's minimums (domain/plan.ts): the numbers the
 * 网格体系建设情况 page shows and the findings `roster:check` and the build report come
 * from this one module. Pure: it takes a validated Roster.
 */
import {
  MIN_TOWN_FULLTIME_SUPERVISORS,
  MIN_TOWN_LEADERS,
  MIN_VILLAGE_FULLTIME,
  MIN_VILLAGE_SUPERVISORS,
  MIN_VILLAGE_WORKERS,
  SUBLEADER_VILLAGES,
  VILLAGE_LEADER_POSTS,
} from '../plan.ts';
import { rosterIndexOf, type RosterIndex } from './query.ts';
import type { Roster, SubLeader, Town, Village } from './schema.ts';

export type GridRule =
  | 'town-leaders'
  | 'town-district-leader'
  | 'town-office-director'
  | 'town-liaison'
  | 'town-fulltime-supervisors'
  | 'subleader-villages'
  | 'village-coverage'
  | 'village-leaders'
  | 'village-workers'
  | 'village-supervisors'
  | 'village-fulltime';

/** One requirement of the plan, measured. */
export interface Check {
  rule: GridRule;
  /** The requirement in a few words, e.g. 专职网格监督员. */
  label: string;
  /** What the plan asks, e.g. 至少 5 名. */
  need: string;
  /** What the roster has, e.g. 7 名. */
  actual: string;
  met: boolean;
  /** `actual` names sample (made-up) people: pages mark it 示例. */
  sample?: boolean;
  /** The file and field to edit to meet it. */
  file: string;
  field?: string;
  /** When not met: what is wrong and what to do (Chinese). */
  fix?: string;
}

export interface SubLeaderAssessment {
  subLeader: SubLeader;
  index: number;
  check: Check;
}

export interface VillageAssessment {
  village: Village;
  /** The 二级分网格长 listing this village (the plan wants exactly one). */
  coveredBy: SubLeader[];
  /** Coverage, supervisors, full-time supervisors. */
  checks: Check[];
  met: boolean;
}

export interface TownAssessment {
  town: Town;
  /** Leaders, district leader, office director, liaison, full-time supervisors. */
  checks: Check[];
  subLeaders: SubLeaderAssessment[];
  villages: VillageAssessment[];
  /** Every check of the town, its 分网格长 and its villages is met. */
  met: boolean;
}

const [MIN_SUB, MAX_SUB] = SUBLEADER_VILLAGES;

function check(c: Omit<Check, 'fix'>, fix: string): Check {
  return c.met ? c : { ...c, fix };
}

function assessTown(index: RosterIndex, town: Town): TownAssessment {
  const file = `towns/${town.id}.yaml`;
  const fullTime = town.supervisors.filter((s) => s.fullTime).length;
  const leads = index.districtLeadersOf(town.id);
  const checks: Check[] = [
    check(
      {
        rule: 'town-leaders',
        label: '双网格长',
        need: `${MIN_TOWN_LEADERS} 名`,
        actual: `${town.leaders.length} 名`,
        met: town.leaders.length >= MIN_TOWN_LEADERS,
        file,
        field: 'leaders',
      },
      `双网格长只填了 ${town.leaders.length} 名；方案要求由党委（党工委）书记和镇长（主任）共同担任，请在 leaders 中补足 ${MIN_TOWN_LEADERS} 名`,
    ),
    check(
      {
        rule: 'town-district-leader',
        label: '区级负责领导',
        need: '1 名',
        actual: leads.length ? leads.map((l) => l.name).join('、') : '无',
        met: leads.length > 0,
        sample: leads.some((l) => l.sample),
        file: 'district.yaml',
        field: 'leaders',
      },
      `没有区领导（一级网格）负责${town.name}；请在 district.yaml 的 leaders 中，为负责的区领导在 towns 里加上「${town.id}」`,
    ),
    check(
      {
        rule: 'town-office-director',
        label: '网格办公室主任',
        need: '1 名',
        actual: town.officeDirector ? town.officeDirector.name : '无',
        met: !!town.officeDirector,
        sample: !!town.officeDirector?.sample,
        file,
        field: 'officeDirector',
      },
      '没有填写网格化环境监管工作领导小组办公室主任；请在 officeDirector 中填写姓名、职务和电话',
    ),
    check(
      {
        rule: 'town-liaison',
        label: '固定联络人',
        need: '姓名、电话、邮箱',
        actual: town.liaison ? town.liaison.name : '无',
        met: !!town.liaison,
        sample: !!town.liaison?.sample,
        file,
        field: 'liaison',
      },
      '没有指定固定联络人；请在 liaison 中填写联络人的姓名、电话和电子邮箱',
    ),
    check(
      {
        rule: 'town-fulltime-supervisors',
        label: '专职网格监督员',
        need: `至少 ${MIN_TOWN_FULLTIME_SUPERVISORS} 名`,
        actual: `${fullTime} 名`,
        met: fullTime >= MIN_TOWN_FULLTIME_SUPERVISORS,
        file,
        field: 'supervisors',
      },
      `专职网格监督员只有 ${fullTime} 名，方案要求至少 ${MIN_TOWN_FULLTIME_SUPERVISORS} 名；请在 supervisors 中补充专职人员（fullTime: true）`,
    ),
  ];

  const subLeaders = town.subLeaders.map((s, index): SubLeaderAssessment => {
    const unique = new Set(s.villages).size;
    const repeated = unique !== s.villages.length;
    return {
      subLeader: s,
      index,
      check: check(
        {
          rule: 'subleader-villages',
          label: `二级分网格长${s.name}负责的村（居）`,
          need: `${MIN_SUB}—${MAX_SUB} 个`,
          actual: `${unique} 个`,
          met: !repeated && unique >= MIN_SUB && unique <= MAX_SUB,
          file,
          field: `subLeaders[${index}].villages`,
        },
        repeated
          ? `二级分网格长${s.name}的 villages 中有重复的村（居），请删除重复项`
          : `二级分网格长${s.name}负责 ${unique} 个村（居），方案要求每人负责 ${MIN_SUB}—${MAX_SUB} 个；请调整 subLeaders[${index}].villages，或增减二级分网格长`,
      ),
    };
  });

  const villages = index.villagesOf(town.id).map((v) => assessVillage(town, v));
  const met = checks.every((c) => c.met) && subLeaders.every((s) => s.check.met) && villages.every((v) => v.met);
  return { town, checks, subLeaders, villages, met };
}

function assessVillage(town: Town, village: Village): VillageAssessment {
  const file = `villages/${village.id}.yaml`;
  const coveredBy = town.subLeaders.filter((s) => s.villages.includes(village.id));
  const fullTime = village.supervisors.filter((s) => s.fullTime).length;
  const missingPosts = VILLAGE_LEADER_POSTS.filter(
    (p) => !village.leaders.some((l) => p.pattern.test(l.title ?? '')),
  ).map((p) => p.label);
  const checks: Check[] = [
    check(
      {
        rule: 'village-coverage',
        label: '二级分网格长',
        need: '1 名',
        actual: coveredBy.length ? coveredBy.map((s) => s.name).join('、') : '无',
        met: coveredBy.length === 1,
        file: `towns/${town.id}.yaml`,
        field: 'subLeaders',
      },
      coveredBy.length === 0
        ? `${village.name}没有二级分网格长负责；请在 towns/${town.id}.yaml 的 subLeaders 中把「${village.id}」分给一位二级分网格长`
        : `${village.name}同时由 ${coveredBy.map((s) => s.name).join('、')} 负责，方案要求只由一名二级分网格长负责；请在 towns/${town.id}.yaml 的 subLeaders 中只保留一处「${village.id}」`,
    ),
    check(
      {
        rule: 'village-leaders',
        label: '网格长',
        need: VILLAGE_LEADER_POSTS.map((p) => p.label).join('、'),
        actual:
          missingPosts.length === 0
            ? `${village.leaders.length} 名`
            : `${village.leaders.length} 名，缺${missingPosts.join('、')}`,
        met: missingPosts.length === 0,
        file,
        field: 'leaders',
      },
      `${village.name}的网格长没有${missingPosts.join('、')}；方案要求由党支部书记和村（居）委会主任担任网格长（一人兼任时在 title 中写明两个职务，如「党支部书记、村委会主任」），请在 leaders 中补上或在 title 中写明`,
    ),
    check(
      {
        rule: 'village-workers',
        label: '网格员',
        need: `至少 ${MIN_VILLAGE_WORKERS} 名`,
        actual: `${village.workers.length} 名`,
        met: village.workers.length >= MIN_VILLAGE_WORKERS,
        file,
        field: 'workers',
      },
      `${village.name}没有网格员；方案要求由村两委干部、党员等担任网格员，请在 workers 中至少填写 ${MIN_VILLAGE_WORKERS} 名`,
    ),
    check(
      {
        rule: 'village-supervisors',
        label: '网格监督员',
        need: `至少 ${MIN_VILLAGE_SUPERVISORS} 名`,
        actual: `${village.supervisors.length} 名`,
        met: village.supervisors.length >= MIN_VILLAGE_SUPERVISORS,
        file,
        field: 'supervisors',
      },
      `${village.name}只有 ${village.supervisors.length} 名网格监督员，方案要求至少 ${MIN_VILLAGE_SUPERVISORS} 名；请在 supervisors 中补充`,
    ),
    check(
      {
        rule: 'village-fulltime',
        label: '其中专职',
        need: `至少 ${MIN_VILLAGE_FULLTIME} 名`,
        actual: `${fullTime} 名`,
        met: fullTime >= MIN_VILLAGE_FULLTIME,
        file,
        field: 'supervisors',
      },
      `${village.name}的专职网格监督员只有 ${fullTime} 名，方案要求至少 ${MIN_VILLAGE_FULLTIME} 名；请把一名监督员的 fullTime 改为 true，或增加专职监督员`,
    ),
  ];
  return { village, coveredBy, checks, met: checks.every((c) => c.met) };
}

/** Every town (in roster order) measured against the plan's minimums. */
export function assessTowns(roster: Roster): TownAssessment[] {
  const index = rosterIndexOf(roster);
  return roster.towns.map((t) => assessTown(index, t));
}

/** A requirement as one cell of the towns × requirements table. */
export type SummaryCell = Pick<Check, 'label' | 'need' | 'actual' | 'met' | 'sample'>;

/**
 * One row of the towns × requirements table: the town's own checks, then its 二级分网格长
 * and its villages taken together.
 */
export function townSummary(a: TownAssessment): SummaryCell[] {
  const subOk = a.subLeaders.filter((s) => s.check.met).length;
  const covered = a.villages.filter((v) => v.checks.find((c) => c.rule === 'village-coverage')!.met).length;
  const staffed = a.villages.filter((v) => v.checks.every((c) => c.rule === 'village-coverage' || c.met)).length;
  const total = a.villages.length;
  return [
    ...a.checks.map(({ label, need, actual, met, sample }) => ({
      label,
      need,
      actual,
      met,
      ...(sample ? { sample } : {}),
    })),
    {
      label: '二级分网格长',
      need: `每人负责 ${MIN_SUB}—${MAX_SUB} 个村（居）`,
      actual: countLabel(subOk, a.subLeaders.length, '名', '符合'),
      met: subOk === a.subLeaders.length,
    },
    {
      label: '村（居）有分网格长负责',
      need: '每个村（居）1 名',
      actual: countLabel(covered, total, '个', '落实'),
      met: covered === total,
    },
    {
      label: '村（居）网格人员',
      need: '网格长、网格员、监督员',
      actual: countLabel(staffed, total, '个', '达到'),
      met: staffed === total,
    },
  ];
}

/** 「6 个全部达到」 or 「4 个达到，2 个未达到」: counts people read without doing sums. */
function countLabel(ok: number, total: number, unit: string, verb: string): string {
  if (total === 0) return '无';
  if (ok === total) return `${total} ${unit}全部${verb}`;
  return ok === 0 ? `${total} ${unit}均未${verb}` : `${ok} ${unit}${verb}，${total - ok} ${unit}未${verb}`;
}

/**
 * Which roster checks make up the construction items of the quarterly assessment (附件5):
 * 1 网格办设立与工作机制, 2 分网格长全覆盖 (the patrol frequencies are added from the patrol
 * log), 4 网格长与投诉方式公开. Item 3 (the departments' duty lists) is a schema rule.
 */
export const ITEM_RULES: Record<1 | 2 | 4, GridRule[]> = {
  1: ['town-office-director', 'town-liaison', 'town-fulltime-supervisors'],
  2: ['subleader-villages', 'village-coverage'],
  4: [
    'town-leaders',
    'town-district-leader',
    'village-leaders',
    'village-workers',
    'village-supervisors',
    'village-fulltime',
  ],
};

/** One item's checks of a town, its 分网格长 and its villages: how many, and what is not met. */
export interface ItemChecks {
  checked: number;
  /** `label：要求 need，现为 actual` of each unmet check. */
  unmet: string[];
}

export type GridCheckSummary = Record<string, Record<keyof typeof ITEM_RULES, ItemChecks>>;

/**
 * Each town's checks summed up by construction item, for the quarterly assessment. The Worker
 * carries this summary (domain/roster/runtime.ts) instead of the people it is computed from.
 */
export function gridCheckSummary(roster: Roster): GridCheckSummary {
  return Object.fromEntries(
    assessTowns(roster).map((a) => {
      const checks = [...a.checks, ...a.subLeaders.map((s) => s.check), ...a.villages.flatMap((v) => v.checks)];
      const item = (rules: GridRule[]): ItemChecks => {
        const of = checks.filter((c) => rules.includes(c.rule));
        return {
          checked: of.length,
          unmet: of.filter((c) => !c.met).map((c) => `${c.label}：要求 ${c.need}，现为 ${c.actual}`),
        };
      };
      return [a.town.id, { 1: item(ITEM_RULES[1]), 2: item(ITEM_RULES[2]), 4: item(ITEM_RULES[4]) }];
    }),
  );
}

/** The summary the roster carries (the Worker's, computed at build) or, with the whole roster, computed now. */
export function gridChecksOf(roster: Roster): GridCheckSummary {
  return (roster as Roster & { gridChecks?: GridCheckSummary }).gridChecks ?? gridCheckSummary(roster);
}
