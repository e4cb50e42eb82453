/**
 * What the office's digest reminds of: roster changes whose 30-working-day publication limit
 * falls five working days from `day`, and those due on `day` itself. Covers the change records
 * in the roster as built that are not yet published and the open proposals (not returned,
 * withdrawn or published), counted on the official calendar (`rosterWorkCalendar`).
 */
import { changeClock, type ChangeClock } from '../../../domain/changes.ts';
import { rosterIndex, rosterWorkCalendar } from '../../../domain/roster/current.ts';
import { openProposals } from './store.ts';

/** How many working days ahead the digest warns. */
export const REMIND_AHEAD_WORKING_DAYS = 5;

export interface DueReminder {
  changeId: string;
  summary: string;
  effective: string;
  due: string;
  /** The proposal behind it, when the change is still in the console. */
  proposalId: string | null;
  clock: ChangeClock;
}

/** The changes due in REMIND_AHEAD_WORKING_DAYS working days and due today, as of `day` (YYYY-MM-DD, China). */
export async function rosterDueReminders(
  db: D1Database,
  day: string,
): Promise<{ dueSoon: DueReminder[]; dueToday: DueReminder[] }> {
  const items: Omit<DueReminder, 'clock' | 'due'>[] = [];
  const seen = new Set<string>();
  for (const p of await openProposals(db)) {
    const id = (JSON.parse(p.change_record) as { id: string }).id;
    seen.add(id);
    items.push({ changeId: id, summary: p.summary, effective: p.effective, proposalId: p.id });
  }
  for (const c of rosterIndex.roster.changes) {
    if (c.published || seen.has(c.id)) continue;
    items.push({ changeId: c.id, summary: c.summary, effective: c.effective, proposalId: null });
  }
  const dueSoon: DueReminder[] = [];
  const dueToday: DueReminder[] = [];
  for (const item of items) {
    const clock = changeClock({ effective: item.effective }, rosterWorkCalendar, day);
    const reminder = { ...item, due: clock.due, clock };
    if (clock.state === 'overdue') continue;
    if (clock.remaining === 0) dueToday.push(reminder);
    else if (clock.remaining === REMIND_AHEAD_WORKING_DAYS) dueSoon.push(reminder);
  }
  return { dueSoon, dueToday };
}
