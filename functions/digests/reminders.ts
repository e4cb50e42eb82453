/**
 * Reminders a to-do digest carries besides cases: the quarterly assessment's due dates (a
 * town's self-assessment, the office's report to the city). Roster publication limits come
 * from functions/roster/console/reminders.ts (they need D1); these need only the day.
 */
import { assessmentReminders, type AssessmentReminder } from '../../domain/assessment.ts';
import type { DigestBody } from '../../domain/cases/digest.ts';
import { rosterIndex, rosterWorkCalendar } from '../../domain/roster/current.ts';

/** The assessment due dates `body` is reminded of on `day`: towns their self-assessment, the office both. */
export function assessmentRemindersFor(body: DigestBody, day: string): AssessmentReminder[] {
  if (body !== 'office' && !body.startsWith('town:')) return [];
  const all = assessmentReminders(day, (d) => rosterWorkCalendar.isWorkingDay(d));
  return body === 'office' ? all : all.filter((r) => r.task === 'selfAssessment');
}

/** The bodies with an assessment reminder on `day` (each gets a to-do digest even with no case). */
export function assessmentRemindedBodies(day: string): DigestBody[] {
  const bodies: DigestBody[] = ['office', ...rosterIndex.roster.towns.map((t) => `town:${t.id}` as const)];
  return bodies.filter((b) => assessmentRemindersFor(b, day).length > 0);
}
