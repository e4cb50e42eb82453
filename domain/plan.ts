/**
 * The district plan's numbers (唐高生态环保领办〔2020〕93号), in one place. The
 * roster rules, `roster:check`, the build and the 网格体系建设情况 page all read
 * them from here, so a change to the plan is a change to one line.
 */

/** A town (二级网格) is led by two grid leaders: the party secretary and the head of the town. */
export const MIN_TOWN_LEADERS = 2;

/** Each town keeps at least five full-time grid supervisors (专职网格监督员). */
export const MIN_TOWN_FULLTIME_SUPERVISORS = 5;

/** Each 二级分网格长 is responsible for two to three villages (inclusive bounds). */
export const SUBLEADER_VILLAGES: readonly [min: number, max: number] = [2, 3];

/**
 * A village (三级网格) is led by its party-branch secretary and its committee director (双网格长);
 * one person may hold both posts. Recognised from the leader's title (职务).
 */
export const VILLAGE_LEADER_POSTS = [
  { key: 'secretary', label: '党支部书记', pattern: /书记/ },
  { key: 'director', label: '村（居）委会主任', pattern: /主任/ },
] as const;

/** Each village names at least one 网格员 (village committee members, party members…). */
export const MIN_VILLAGE_WORKERS = 1;

/** Each village has at least three grid supervisors… */
export const MIN_VILLAGE_SUPERVISORS = 3;

/** …of whom at least one is full-time. */
export const MIN_VILLAGE_FULLTIME = 1;

/** Any change of the grid or its responsible persons is published within this many working days. */
export const PUBLISH_WITHIN_WORKING_DAYS = 30;

/**
 * Not from the plan: `roster:check` warns about an unpublished change once this many working
 * days or fewer remain before its due date.
 */
export const WARN_WITHIN_WORKING_DAYS = 5;

/** Each town is covered by one district (level-1) leader. */
export const DISTRICT_LEADERS_PER_TOWN = 1;

/**
 * How often each level patrols (二(二)1), as numbers for the patrol check: a district leader
 * covers their town at least once a month; a 二级分网格长 covers each of their villages at least
 * twice a week (ISO week, Monday to Sunday); a village is patrolled by its supervisors every
 * day (every calendar day: the plan makes no exception for rest days or holidays).
 */
export const PATROL_MINIMUMS = {
  districtPerTownPerMonth: 1,
  subLeaderPerVillagePerWeek: 2,
  villagePerDay: 1,
} as const;

/**
 * Not from the plan: 附件5 item 2 (12 points) names the patrol minimums but no deduction per
 * shortfall, so the district sets one here. A shortfall is one duty of `PATROL_MINIMUMS` not met
 * in its unit of time: a district leader's town in a calendar month, a 分网格长's village in an
 * ISO week, a village's daily patrols in an ISO week (one or more days missed). Each takes this
 * many points from item 2, which stops at 0 (twelve shortfalls in a quarter take the whole item).
 */
export const PATROL_SHORTFALL_POINTS = 1;

/** How often each level patrols (巡查), in plain words for pages. */
export const PATROLS = {
  district: '每月至少对负责的镇（办事处）全覆盖巡查督导一次',
  subLeader: '每周至少对负责的村（居）全覆盖巡查两次',
  village: '网格监督员每天巡查',
} as const;

/**
 * The quarterly assessment of each town (附件5), 100 points: construction of the grid, items 1–4
 * (40 points), and its operation, items 5–7 (60 points), with the deduction per case. Items 1–5
 * are basic duties under the one-vote veto (一票否决): see domain/assessment.ts.
 */
export const ASSESSMENT_ITEMS = {
  1: { section: 'construction', points: 10, label: '网格办设立与工作机制' },
  2: { section: 'construction', points: 12, label: '分网格长全覆盖与巡查频次' },
  3: { section: 'construction', points: 8, label: '部门环境监管责任清单' },
  4: { section: 'construction', points: 10, label: '网格长与投诉方式公开' },
  5: { section: 'operation', points: 40, perCase: 1, label: '上级检查、举报等发现而网格未发现未上报的问题' },
  6: { section: 'operation', points: 10, perCase: 5, label: '下级上报问题未及时交办或未组织联合执法' },
  7: { section: 'operation', points: 10, perCase: 5, label: '查处不到位、整改不彻底或虚假敷衍整改' },
} as const;

/** Bonus per major problem found and handled (approved by the leading group), and its ceiling. */
export const ASSESSMENT_BONUS = { perProblem: 2, max: 10 } as const;

/** One-off penalties taken from the operation section; for one problem only the highest applies. */
export const ASSESSMENT_PENALTIES = [60, 30, 15, 10, 5] as const;

/** Grade thresholds (lowest score of each grade); below the last is 不合格. */
export const ASSESSMENT_GRADES = [
  { min: 90, grade: '优秀' },
  { min: 80, grade: '良好' },
  { min: 60, grade: '合格' },
] as const;

/** Interview triggers: failed quarters and quarters under this score within one year. */
export const INTERVIEW_RULES = {
  /** Quarters failed in one year before the main leader is interviewed. */
  failedForPrincipal: 2,
  /** Quarters below `lowScore` in one year before the main leader is interviewed. */
  lowForPrincipal: 3,
  lowScore: 80,
  /** Consecutive failed quarters before a special inspection (专项督察). */
  consecutiveForInspection: 2,
} as const;

/** Days of the quarter's first month by which the town's self-assessment and the district's report are due. */
export const ASSESSMENT_DUE_DAY = { selfAssessment: 3, reportToCity: 5 } as const;
