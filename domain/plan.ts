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

/** How often each level patrols (巡查), in plain words for pages. */
export const PATROLS = {
  district: '每月至少对负责的镇（办事处）全覆盖巡查督导一次',
  subLeader: '每周至少对负责的村（居）全覆盖巡查两次',
  village: '网格监督员每天巡查',
} as const;
