/** The roster this build was made from, indexed. Only for bundled code (site, Worker, worker tests). */
import roster from 'virtual:envgrid/roster';
import { rosterCalendar } from './calendar.ts';
import { rosterIndexOf } from './query.ts';

// The same index rosterIndexOf gives code handed this roster (open data, the assessment): made once.
export const rosterIndex = rosterIndexOf(roster);

/** The official working-day calendar with the years staff entered in content/calendar/. */
export const rosterWorkCalendar = rosterCalendar(roster);
