/**
 * Patrol records for the 巡查清单 and assessment item 2, through one small interface: the
 * patrol log's own query (functions/patrols/queries.ts, migration 0014), so the assessment
 * counts exactly what `npm run patrols:check` counts.
 */
import type { StatsPeriod } from '../../domain/statistics.ts';
import type { PatrolRecord } from '../../domain/patrols.ts';
import { PATROL_RECORDS_SQL } from '../patrols/queries.ts';
import type { Query } from './figures.ts';

export interface PatrolEvidence {
  /** Whether any patrol was recorded in the period. */
  available: boolean;
  records: PatrolRecord[];
  /** What the evidence rests on, in Chinese, for the ledger and the assessment report. */
  note: string;
}

/** The period's patrol records, with a note saying how many there are. */
export async function patrolRecords(q: Query, period: StatsPeriod): Promise<PatrolEvidence> {
  const records = await q<PatrolRecord>(PATROL_RECORDS_SQL, [period.from, period.to]);
  return {
    available: records.length > 0,
    records,
    note: records.length
      ? `${period.from} 至 ${period.to} 巡查记录 ${records.length} 条`
      : `${period.from} 至 ${period.to} 没有巡查记录`,
  };
}
