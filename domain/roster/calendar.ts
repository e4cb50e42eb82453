/**
 * The roster's working-day calendar: the package's data with the years staff entered in
 * `content/calendar/` on top (domain/workdays.ts explains the precedence).
 */
import { datesFromTo, workCalendar, type WorkCalendar, type YearArrangement } from '../workdays.ts';
import type { CalendarYear } from './records-schema.ts';

/** A validated calendar file as the calendar takes it: holiday ranges expanded to days. */
export function arrangementOf(c: CalendarYear): YearArrangement {
  const holidays = c.holidays.flatMap((h) => datesFromTo(h.from, h.to ?? h.from));
  const title = c.source.title ? `${c.source.title}（${c.source.number}）` : c.source.number;
  return { year: c.year, holidays, workdays: c.workdays, source: `${title}，${c.source.date}` };
}

/** The working-day calendar a roster's publication clock runs on. */
export function rosterCalendar(roster: { calendars: readonly CalendarYear[] }): WorkCalendar {
  return workCalendar(roster.calendars.map(arrangementOf));
}
