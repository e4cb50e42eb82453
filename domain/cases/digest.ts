/**
 * Reminders and escalation (plan 二(二)2–4; 附件5 items 6–7): when the daily
 * digests go out, who gets which case in them, when an overdue case is
 * urged (催办) and escalated (督办), and when a problem counts as reported
 * again and again (反复举报, 附件5 四(三)). Pure rules; the Worker's cron
 * (functions/digests/) reads the cases and sends.
 */
import { chinaDateTime, type Clock } from './clocks.ts';
import { FINAL_STATES, type CaseState, type Unit } from './model.ts';
import type { WorkCalendar } from '../workdays.ts';

/** The two digests: the morning to-do list per body, the afternoon overdue list to the office. */
export type DigestKind = 'todo' | 'overdue';

/** Beijing times at which each digest is due on a working day (plan: same-day assignment and feedback). */
export const DIGEST_TIMES: Record<DigestKind, string> = { todo: '08:30', overdue: '16:30' };

export const DIGEST_KIND_LABELS: Record<DigestKind, string> = { todo: '每日待办', overdue: '逾期督促' };

/** Who receives a digest: the district grid office, or a handling unit. */
export type DigestBody = 'office' | Unit;

/**
 * The digests due at `now`: on a working day (official calendar, with
 * make-up working days) each kind from its time until the end of the day.
 * A whole window rather than one minute, so a skipped cron minute only
 * delays a digest; the run ledger (migrations/0012) keeps it to once a day.
 */
export function dueDigests(now: Date, cal: WorkCalendar): { day: string; kinds: DigestKind[] } {
  const { date, time } = chinaDateTime(now.toISOString());
  if (!cal.isWorkingDay(date)) return { day: date, kinds: [] };
  const kinds = (Object.keys(DIGEST_TIMES) as DigestKind[]).filter((k) => time >= DIGEST_TIMES[k]);
  return { day: date, kinds };
}

/** Why a case is in a to-do digest, most urgent first. */
export type TodoSection = 'overdue' | 'due_today' | 'new';

export const TODO_SECTION_LABELS: Record<TodoSection, string> = {
  overdue: '已逾期',
  due_today: '今日到期',
  new: '新到待办',
};

/** What the digest rules need to know about a case. */
export interface DigestCase {
  state: CaseState;
  lead: Unit | null;
  coHandlers: Unit[];
}

/**
 * The bodies that must act on a case now: the office while it waits for
 * assignment or re-verification; the lead and the co-handlers while assigned
 * (acceptance, daily reports, rectification).
 */
export function bodiesToAct(c: DigestCase): DigestBody[] {
  if (c.state === 'new' || c.state === 'returned' || c.state === 'feedback') return ['office'];
  if (c.state === 'assigned') return c.lead ? [c.lead] : [];
  if (c.state === 'accepted') return [...(c.lead ? [c.lead] : []), ...c.coHandlers];
  return [];
}

/** The section of a to-do digest a case belongs in, with the clock that put it there (if any). */
export function todoSection(clocks: Clock[], today: string): { section: TodoSection; clock: Clock | null } {
  const late = clocks.find((k) => k.overdue);
  if (late) return { section: 'overdue', clock: late };
  const due = clocks.find((k) => k.due === today);
  if (due) return { section: 'due_today', clock: due };
  return { section: 'new', clock: clocks[0] ?? null };
}

/** The number of 催办 after which an overdue case is escalated to 督办. */
export const SUPERVISE_AFTER_URGES = 2;

/** Whether the 催办 being recorded (the `urgeNumber`-th, 1-based) escalates the case to 督办 now. */
export function escalatesNow(urgeNumber: number, alreadySupervised: boolean): boolean {
  return !alreadySupervised && urgeNumber >= SUPERVISE_AFTER_URGES;
}

/** A problem reported this many times or more (merged reports count) and not closed is 反复举报. */
export const REPEAT_THRESHOLD = 3;

/**
 * Whether a case is a 反复举报: its own report plus every report merged into
 * it reach the threshold, and it has not ended (closed, rejected or merged away).
 */
export function isRepeatReport(reports: number, state: CaseState): boolean {
  return reports >= REPEAT_THRESHOLD && !FINAL_STATES.includes(state);
}
