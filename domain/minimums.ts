/**
 * The staffing minimums and patrol frequencies the district plan sets for
 * each grid level. Pages explain them and checks compare the roster with
 * them; keep the numbers here only.
 */

export const MINIMUMS = {
  /** Each town is covered by one district (level-1) leader. */
  districtLeadersPerTown: 1,
  /** Full-time supervisors a town (level 2) must have. */
  townFullTimeSupervisors: 5,
  /** Villages one 二级分网格长 covers. */
  subLeaderVillages: { min: 2, max: 3 },
  /** Supervisors a village (level 3) must have, and how many of them full-time. */
  villageSupervisors: 3,
  villageFullTimeSupervisors: 1,
} as const;

/** How often each level patrols (巡查): plain words for pages. */
export const PATROLS = {
  district: '每月至少对负责的镇（办事处）全覆盖巡查督导一次',
  subLeader: '每周至少对负责的村（居）全覆盖巡查两次',
  village: '网格监督员每天巡查',
} as const;
