/** The roster this build was made from, indexed. Only for bundled code (site, Worker, worker tests). */
import roster from 'virtual:envgrid/roster';
import { indexRoster } from './query.ts';

export const rosterIndex = indexRoster(roster);
