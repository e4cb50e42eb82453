/** The roster this build was made from, indexed. Only for bundled code (site, Worker, worker tests). */
import roster from 'virtual:envgrid/roster';
import { rosterCalendar } from './calendar.ts';
import { indexRoster } from './query.ts';

export const rosterIndex = indexRoster(roster);

/** The official working-day calendar with the years staff entered in content/calendar/. */
export const rosterWorkCalendar = rosterCalendar(roster);
